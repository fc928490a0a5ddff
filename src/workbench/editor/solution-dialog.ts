// "Show solution": the learner's files beside the solution's in Monaco's diff view, in a native <dialog>, replacing
// nothing unless the learner asks for one file or all of them.

import * as monaco from 'monaco-editor/editor';
import { h, uniqueId } from '../dom.ts';
import { createDiffView } from './editor.ts';

export interface SolutionDialogOptions {
  files: string[];
  mine: (file: string) => monaco.editor.ITextModel;
  solution: (file: string) => string;
  /** Replace these files with the solution's text (undoable by the caller). */
  use: (files: string[]) => void;
}

/** The learner's files (left) beside the solution (right), one file at a time. */
export function showSolutionDialog(options: SolutionDialogOptions): void {
  const titleId = uniqueId('dialog-title');
  const select = h('select', { 'aria-label': 'File' }, ...options.files.map((file) => new Option(file, file)));
  const view = h('div', { class: 'solution-diff', role: 'region', 'aria-label': 'Your file (left) and the solution (right)' });
  const useThis = h('button', { type: 'button' }, 'Use the solution for this file');
  const useAll = h('button', { type: 'button' }, 'Use the solution for all files');
  const close = h('button', { type: 'button' }, 'Close');
  const dialog = h(
    'dialog',
    { class: 'workbench-dialog solution-dialog', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, 'The solution, beside your work'),
    h('p', {}, 'Nothing of yours is replaced unless you ask. Left: your file. Right: the solution.'),
    options.files.length > 1 ? h('label', {}, 'File ', select) : null,
    view,
    h('div', { class: 'dialog-actions' }, useThis, options.files.length > 1 ? useAll : null, close),
  );
  document.body.append(dialog);
  const diff = createDiffView(view, { original: 'Your file', modified: 'The solution' });
  const solutionModels = new Map<string, monaco.editor.ITextModel>();
  const show = (file: string) => {
    let solution = solutionModels.get(file);
    if (!solution) {
      const mine = options.mine(file);
      solution = monaco.editor.createModel(options.solution(file), mine.getLanguageId(), monaco.Uri.parse(`inmemory://solution/${file}`));
      solutionModels.set(file, solution);
    }
    diff.setModel({ original: options.mine(file), modified: solution });
  };
  const end = () => {
    diff.dispose();
    for (const model of solutionModels.values()) model.dispose();
    dialog.close();
    dialog.remove();
  };
  select.addEventListener('change', () => show(select.value));
  // The dialog closes first, so the page is no longer inert and the caller can move focus (to its Undo).
  useThis.addEventListener('click', () => {
    const file = select.value || options.files[0]!;
    end();
    options.use([file]);
  });
  useAll.addEventListener('click', () => {
    end();
    options.use(options.files);
  });
  close.addEventListener('click', end);
  dialog.addEventListener('close', () => dialog.isConnected && end());
  show(options.files[0]!);
  dialog.showModal();
  close.focus();
}
