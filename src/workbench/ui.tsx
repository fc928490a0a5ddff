// The workbench on a lesson page: the learner's files in Monaco, saved as they type, with a tester under an input
// transformer file; an event to compose and send (or run a function with directly); the panels that show what
// happened (Flow, Logs, Metrics, Checks, and the outbox, SNS messages, queues, tables and outbound HTTP requests the
// lesson uses); the virtual clock with fast-forward; Reset, Show solution and Download my work; the shortcuts for
// sending and saving. What the toolbar's actions do to the account is the WorkbenchController's (./controller.ts,
// tested without a page); this module turns clicks into its actions and draws its state. The markup is
// src/components/WorkbenchPane.astro, its arrangement on the page src/workbench/layout/.

import { webWorkerHost } from '../lambda/host/web-worker-host.ts';
import { showCompletedMarks } from './persistence/completed-marks.ts';
import { composerText, readComposer } from './composer.ts';
import { WorkbenchController } from './controller.ts';
import type { DevWorkspace } from './persistence/dev-workspace.ts';
import { confirmDialog } from './dialogs.ts';
import { clockTime, h } from './dom.ts';
import { shortcutOf } from './layout/shortcuts.ts';
import { LessonCode } from './editor/lesson-code.ts';
import { learnerFiles, loadWorkbenchLesson, solutionFiles, type WorkbenchLesson } from './lesson-files.ts';
import { PANELS } from './panels/index.ts';
import type { PanelContext } from './panels/panel.ts';
import { Panels } from './panels/Panels.tsx';
import { TransformerTester } from './panels/TransformerTester.tsx';
import { Autosave, ProgressStore, type SaveState } from './persistence/progress.ts';
import { tabList } from './tabs.ts';
import { zipFiles } from './persistence/zip.ts';
import { viewOf } from './view.ts';
import { signal } from '@preact/signals';
import { render } from 'preact';

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

export async function mountWorkbench(pane: HTMLElement): Promise<void> {
  const lessonId = pane.dataset.lesson!;
  const editable = JSON.parse(pane.dataset.files ?? '[]') as string[];
  const $ = <T extends Element>(selector: string) => pane.querySelector<T>(selector)!;
  const button = (name: string) => $<HTMLButtonElement>(`[data-action="${name}"]`);
  const announce = (text: string) => ($<HTMLElement>('[data-announce]').textContent = text);

  const lesson = await loadWorkbenchLesson(lessonId, editable);
  const { architecture } = lesson;
  const store = new ProgressStore(storage());

  // ---- Files: shown as text, edited in Monaco once the learner reaches for them, autosaved ----
  const saved = $<HTMLElement>('[data-saved]');
  let lastKind: SaveState['kind'] | undefined;
  const showState = (state: SaveState) => {
    saved.textContent = state.kind === 'saved' ? (state.savedAt ? 'Saved' : '') : state.kind === 'unsaved' ? 'Saving…' : state.message;
    saved.dataset.state = state.kind;
    // Said aloud only when saving starts or stops failing, not on every keystroke's "Saving…".
    if (state.kind === 'failed' && lastKind !== 'failed') announce(state.message);
    if (state.kind === 'saved' && lastKind === 'failed') announce('Your edits are saved again.');
    lastKind = state.kind;
  };
  const workspaceProblem = $<HTMLElement>('[data-workspace-problem]');
  const reportWorkspace = (message: string | undefined) => {
    if (workspaceProblem.firstChild?.textContent !== (message ?? '')) workspaceProblem.replaceChildren(message ?? '');
  };
  let dev: DevWorkspace | undefined;
  const autosave = new Autosave(store, lessonId, { onState: showState, onSave: (changed) => dev?.saved(changed) });
  showState(autosave.state);
  // Under `npm run dev`, workspace/NN-slug is what `npm test` grades: the page shows it and writes every save to it.
  // Conflicts found while opening wait for the undo machinery below to be offered.
  const conflictsFound: [string, string][] = [];
  let offerConflict = (file: string, theirs: string) => void conflictsFound.push([file, theirs]);
  if (import.meta.env.DEV) {
    const { openDevWorkspace } = await import('./persistence/dev-workspace.ts');
    dev = await openDevWorkspace({ lessonId, editable, storage: storage(), autosave, report: reportWorkspace, onConflict: (file, theirs) => offerConflict(file, theirs) });
  }
  const helpers = dev?.helpers ?? {};
  addEventListener('pagehide', () => autosave.flush());
  // Edits the browser could not store live only in this page: ask before it closes.
  addEventListener('beforeunload', (event) => {
    if (autosave.flush().kind === 'failed' && autosave.hasUnsavedEdits()) event.preventDefault();
  });
  const files = () => learnerFiles(lesson, { ...helpers, ...autosave.files });

  const editorPanel = $<HTMLElement>('[data-editor]');
  const code = new LessonCode({ panel: editorPanel, files: editable, architecture, text: (file) => files()[file] ?? '', edit: (file, text) => autosave.edit(file, text) });
  /** Puts text saved elsewhere (another tab, workspace/) into the files shown. */
  const showSaved = (changed: Record<string, string>) => {
    for (const [file, text] of Object.entries(changed)) if (editable.includes(file)) code.setText(file, text);
  };
  // Another tab saved this lesson: its text becomes this tab's (adopted first, so this tab does not save it back).
  store.watch(lessonId, (progress) => showSaved(autosave.adopt(progress.files)), window);
  // Under `npm run dev` the learner may edit workspace/ in their own editor meanwhile: show it when they come back.
  if (dev) addEventListener('focus', async () => showSaved(await dev.refresh()));
  const fileTabs = [...pane.querySelectorAll<HTMLElement>('[data-file]')];
  const selectFile = tabList(fileTabs, (index) => {
    editorPanel.setAttribute('aria-labelledby', fileTabs[index]!.id);
    code.show(fileTabs[index]!.dataset.file!);
    testedFile.value = code.current;
    describeRun();
  });

  // ---- The event composer ----
  const sampleSelect = $<HTMLSelectElement>('[data-sample]');
  const composer = $<HTMLTextAreaElement>('[data-composer]');
  const composerProblem = $<HTMLElement>('[data-composer-problem]');
  for (const [i, sample] of architecture.sampleEvents.entries()) sampleSelect.add(new Option(sample.name, String(i)));
  const loadSample = () => {
    const sample = architecture.sampleEvents[Number(sampleSelect.value)]!;
    composer.value = composerText(sample);
    $<HTMLElement>('[data-sample-description]').textContent = sample.description ?? '';
    composerProblem.textContent = '';
  };
  sampleSelect.addEventListener('change', loadSample);
  loadSample();

  // ---- Under an input transformer file: what its target would receive for the composer's event ----
  const testedFile = signal<string | undefined>(undefined);
  const testerEdits = signal(0);
  const testerHost = h('div', { style: 'display: contents' });
  editorPanel.after(testerHost);
  render(
    <TransformerTester
      architecture={architecture}
      file={testedFile}
      edits={testerEdits}
      read={() => {
        // The account the next Send deploys to, at its clock; before the first Send, the one it will start as (Cloud's defaults).
        const cloud = controller.session?.world.cloud;
        return { files: files(), event: readComposer(composer.value), account: cloud?.account ?? '123456789012', region: cloud?.region ?? 'us-east-1', now: controller.session?.now ?? Date.now() };
      }}
    />,
    testerHost,
  );
  code.onEdit(() => testerEdits.value++);
  composer.addEventListener('input', () => testerEdits.value++);
  sampleSelect.addEventListener('change', () => testerEdits.value++);

  // ---- The running account, and the panels that show it ----
  const controller = new WorkbenchController(lesson, webWorkerHost, files);
  const view = viewOf(controller);
  const results = $<HTMLElement>('.workbench-results');
  let openPanel: PanelContext['open'] = () => {};
  // The page drew the tabs every lesson has before this ran: a learner already on one stays on it once they are drawn again.
  const focusedTab = document.activeElement instanceof HTMLElement && results.contains(document.activeElement) ? document.activeElement.closest<HTMLElement>('[role="tab"]')?.dataset.panel : undefined;
  results.replaceChildren();
  render(
    <Panels
      panels={PANELS.filter((panel) => panel.shows(architecture))}
      context={{ lesson, controller, view, composed: () => composer.value }}
      onOpen={(open) => (openPanel = open)}
    />,
    results,
  );
  if (focusedTab) results.querySelector<HTMLElement>(`[role="tab"][data-panel="${CSS.escape(focusedTab)}"]`)?.focus();
  const clock = $<HTMLTimeElement>('[data-clock]');
  const showClock = () => {
    const { session } = controller;
    clock.textContent = session ? `${clockTime(session.now)} UTC` : 'not started';
    if (session) clock.dateTime = new Date(session.now).toISOString();
  };

  // The buttons that would race a running action are marked aria-disabled rather than disabled, so a keyboard
  // user's focus stays on the button they pressed.
  const racing = ['run', 'send', 'fast-forward', 'reset'].map(button);
  let shown = controller.state;
  controller.subscribe(() => {
    const state = controller.state;
    if (state.busy !== shown.busy) racing.forEach((b) => (state.busy ? b.setAttribute('aria-disabled', 'true') : b.removeAttribute('aria-disabled')));
    if (state.problem !== shown.problem) composerProblem.textContent = state.problem;
    if (state.announcement && state.announcement !== shown.announcement) announce(state.announcement.text);
    shown = state;
    showClock();
  });

  sampleSelect.addEventListener('change', () => controller.clearProblem());
  button('send').addEventListener('click', () => controller.send(composer.value));

  const runDescription = $<HTMLElement>('[data-run-description]');
  const describeRun = () => void (runDescription.textContent = controller.describeRun(code.current));
  button('run').addEventListener('click', () => controller.run(code.current, composer.value));
  button('fast-forward').addEventListener('click', () => controller.fastForward());

  // ---- Failure switches the lesson offers ----
  const switches = $<HTMLElement>('[data-switches]');
  const boxes = (architecture.failureSwitches ?? []).map((spec) => {
    const box = h('input', { type: 'checkbox' });
    switches.append(h('label', {}, box, ` ${spec.label}`));
    return { spec, box };
  });
  for (const { spec, box } of boxes) {
    box.addEventListener('change', () => {
      // A target takes one injected failure at a time: turning one on turns off the others for that target.
      if (box.checked) for (const other of boxes) if (other.box !== box && JSON.stringify(other.spec.target) === JSON.stringify(spec.target)) other.box.checked = false;
      controller.setSwitch(spec, box.checked);
    });
  }
  switches.hidden = (architecture.failureSwitches ?? []).length === 0;

  // ---- Check ----
  button('check').addEventListener('click', async () => {
    if (controller.state.checking) return;
    const check = button('check');
    check.setAttribute('aria-disabled', 'true');
    openPanel('Checks', { focus: false });
    try {
      autosave.flush();
      await controller.check(() => {
        const completed = store.markCompleted(lessonId);
        if (completed.ok) showCompletedMarks(document, storage());
        return completed.ok ? undefined : completed.message;
      });
    } finally {
      check.removeAttribute('aria-disabled');
    }
  });

  // ---- Reset, Show solution, Download my work ----
  const undoBar = $<HTMLElement>('[data-undo]');
  /** Replaces files' text, then offers to put back what was there. */
  // The offer to undo lasts until the learner's next edit: undoing later would throw that edit away too.
  let replacing = false;
  code.onEdit(() => {
    if (!replacing) undoBar.replaceChildren();
  });
  const replaceFiles = (texts: Record<string, string>, what: string) => {
    const previous = Object.fromEntries(Object.keys(texts).map((file) => [file, code.text(file)]));
    const put = (files: Record<string, string>) => {
      replacing = true;
      for (const [file, text] of Object.entries(files)) code.setText(file, text);
      replacing = false;
    };
    put(texts);
    const undo = h('button', { type: 'button' }, 'Undo');
    undo.addEventListener('click', () => {
      put(previous);
      undoBar.replaceChildren(h('span', {}, `${what}: undone.`));
      code.focus();
    });
    undoBar.replaceChildren(h('span', {}, `${what}.`), ' ', undo);
    undo.focus();
  };

  // Under `npm run dev`: a file changed both here and in workspace/ keeps this page's copy until the learner chooses.
  const conflictsBar = $<HTMLElement>('[data-workspace-conflicts]');
  offerConflict = (file, theirs) => {
    conflictsBar.querySelector(`[data-conflict="${CSS.escape(file)}"]`)?.remove();
    const keep = h('button', { type: 'button' }, 'Keep this page’s copy');
    const use = h('button', { type: 'button' }, `Use workspace/’s copy`);
    const offer = h(
      'p',
      { 'data-conflict': file, role: 'alert' },
      `${file} changed both here and in workspace/ since they last agreed. This page shows its own copy and writes nothing of ${file} to workspace/ until you choose. `,
      keep,
      ' ',
      use,
    );
    keep.addEventListener('click', () => {
      dev?.resolve(file, 'page');
      offer.remove();
      code.focus();
    });
    use.addEventListener('click', () => {
      dev?.resolve(file, 'workspace');
      offer.remove();
      replaceFiles({ [file]: theirs }, `${file} now holds workspace/’s copy`);
    });
    conflictsBar.append(offer);
  };
  for (const [file, theirs] of conflictsFound) offerConflict(file, theirs);

  button('reset').addEventListener('click', async () => {
    if (controller.state.busy) return;
    const ok = await confirmDialog({
      title: 'Reset your files?',
      body: `Every file of this lesson (${editable.join(', ')}) goes back to the starter code. You can undo this straight after.`,
      confirm: 'Reset files',
    });
    if (!ok) return button('reset').focus();
    replaceFiles(Object.fromEntries(editable.map((file) => [file, lesson.starter[file] ?? ''])), 'Files reset to the starter');
    controller.reset();
  });

  const solution = solutionFiles(lesson);
  let opening = false;
  button('solution').addEventListener('click', async () => {
    if (opening || document.querySelector('.solution-dialog')) return;
    opening = true;
    try {
      const [{ showSolutionDialog }, { models }] = await Promise.all([import('./editor/solution-dialog.ts'), code.editor()]);
      showSolutionDialog({
        files: editable,
        mine: (file) => models.get(file)!,
        solution: (file) => solution[file] ?? '',
        use: (chosen) => replaceFiles(Object.fromEntries(chosen.map((file) => [file, solution[file] ?? ''])), `${chosen.join(', ')} now hold${chosen.length === 1 ? 's' : ''} the solution`),
      });
    } catch (error) {
      undoBar.replaceChildren(h('span', { role: 'alert' }, `The solution could not be shown: ${(error as Error).message}`));
    } finally {
      opening = false;
    }
  });

  button('download').addEventListener('click', () => {
    const current = files();
    // The files the learner edits, and any helper modules of their own from workspace/.
    const theirs = [...editable, ...Object.keys(helpers)];
    const archive = zipFiles(Object.fromEntries(theirs.map((file) => [`${lessonId}/${file}`, current[file] ?? ''])));
    const link = h('a', { href: URL.createObjectURL(new Blob([archive as BlobPart], { type: 'application/zip' })), download: `${lessonId}.zip` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });

  // ---- Shortcuts: Ctrl/⌘+Enter sends, Ctrl/⌘+S saves now and says so ----
  let flashing: ReturnType<typeof setTimeout> | undefined;
  const saveNow = () => {
    const state = autosave.flush();
    showState(state);
    // A failure is already on screen and said aloud by showState.
    if (state.kind !== 'saved') return;
    saved.textContent = 'Saved';
    delete saved.dataset.flash;
    void saved.offsetWidth; // restarts the flash when pressed again while it shows
    saved.dataset.flash = '';
    clearTimeout(flashing);
    flashing = setTimeout(() => delete saved.dataset.flash, 1500);
    announce('Your files are saved.');
  };
  // In the capture phase, so Monaco (where Ctrl+Enter inserts a line) and the browser (Save Page) never see them.
  pane.addEventListener(
    'keydown',
    (event) => {
      const shortcut = shortcutOf(event);
      if (!shortcut) return;
      event.preventDefault();
      event.stopPropagation();
      if (shortcut === 'save') saveNow();
      else button('send').click();
    },
    { capture: true },
  );

  selectFile(0);
  showClock();
  for (const name of ['run', 'send', 'check', 'reset', 'solution', 'download', 'fast-forward']) button(name).disabled = false;
  sampleSelect.disabled = composer.disabled = false;
  pane.dataset.ready = 'true';
}
