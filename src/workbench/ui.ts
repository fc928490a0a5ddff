// The workbench on a lesson page: the learner's files in Monaco, saved as they type, a sample event to send
// and the function logs it produces, and the lesson's checks. Built on the other modules of src/workbench.

import { webWorkerHost } from '../lambda/host/web-worker-host.ts';
import { runChecks } from '../lessons/checks.ts';
import { createEditor, modelFor } from './editor.ts';
import { learnerFiles, loadWorkbenchLesson } from './lesson-files.ts';
import { Autosave, ProgressStore, type SaveState } from './progress.ts';
import { LessonSession } from './session.ts';

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
  const saved = $<HTMLElement>('[data-saved]');
  const logs = $<HTMLElement>('[data-logs]');
  const checks = $<HTMLUListElement>('[data-checks]');
  const sampleSelect = $<HTMLSelectElement>('[data-sample]');
  const send = $<HTMLButtonElement>('[data-send]');
  const check = $<HTMLButtonElement>('[data-check]');
  const tabs = [...pane.querySelectorAll<HTMLButtonElement>('[role="tab"]')];

  const lesson = await loadWorkbenchLesson(lessonId, editable);
  const store = new ProgressStore(storage());
  const showState = (state: SaveState) => {
    saved.textContent = state.kind === 'saved' ? (state.savedAt ? 'Saved' : '') : state.kind === 'unsaved' ? 'Saving…' : state.message;
  };
  const autosave = new Autosave(store, lessonId, { onState: showState });
  showState(autosave.state);
  addEventListener('pagehide', () => autosave.flush());
  const files = () => learnerFiles(lesson, autosave.files);

  const editor = createEditor($<HTMLElement>('[data-editor]'));
  const models = new Map(editable.map((file) => [file, modelFor(file, files()[file] ?? '')]));
  for (const [file, model] of models) model.onDidChangeContent(() => autosave.edit(file, model.getValue()));
  const select = (index: number) => {
    tabs.forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
    });
    $<HTMLElement>('[data-editor]').setAttribute('aria-labelledby', tabs[index]!.id);
    editor.setModel(models.get(tabs[index]!.dataset.file!)!);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(i));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = (i + step + tabs.length) % tabs.length;
      select(next);
      tabs[next]!.focus();
    });
  });
  select(0);

  for (const [i, sample] of lesson.architecture.sampleEvents.entries()) sampleSelect.add(new Option(sample.name, String(i)));
  sampleSelect.disabled = send.disabled = check.disabled = false;

  send.addEventListener('click', async () => {
    send.disabled = true;
    let session: LessonSession | undefined;
    try {
      session = new LessonSession(lesson, files(), webWorkerHost);
      const result = await session.send(lesson.architecture.sampleEvents[Number(sampleSelect.value)]!);
      if (!result.ok) logs.textContent = `PutEvents refused the event: ${result.errorCode}: ${result.errorMessage}`;
      else {
        const lines = (lesson.architecture.functions ?? []).flatMap((fn) => session!.logs(fn.name).map((line) => `[${fn.name}] ${line}`));
        logs.textContent = lines.length > 0 ? lines.join('\n') : 'No function ran for this event.';
      }
    } catch (error) {
      logs.textContent = (error as Error).message;
    } finally {
      session?.dispose();
      send.disabled = false;
    }
  });

  check.addEventListener('click', async () => {
    check.disabled = true;
    checks.replaceChildren(Object.assign(document.createElement('li'), { textContent: 'Checking…' }));
    try {
      const results = await runChecks({ architecture: lesson.architecture, checks: lesson.checks, files: files() }, webWorkerHost);
      checks.replaceChildren(
        ...results.map((result) => {
          const item = document.createElement('li');
          item.dataset.status = result.status;
          item.textContent = `${result.status === 'pass' ? '✔' : '✘'} ${result.name}${result.status === 'pass' ? '' : ` — ${result.message ?? ''}`}`;
          return item;
        }),
      );
      if (results.every((r) => r.status === 'pass')) store.markCompleted(lessonId);
    } finally {
      check.disabled = false;
    }
  });
}
