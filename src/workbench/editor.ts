// Monaco, set up once per page: its workers (Vite `?worker` imports, ../shared/STACK.md), TypeScript and JSON
// language services, and one model per lesson file so each tab keeps its own undo history.

import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/features/typescript/register';
import 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};

export type Editor = monaco.editor.IStandaloneCodeEditor;

/** An editor in `container` whose colours follow the site's light/dark theme (`<html data-theme>`), now and later. */
export function createEditor(container: HTMLElement): Editor {
  container.replaceChildren();
  const root = document.documentElement;
  const theme = () => (root.dataset.theme === 'dark' ? 'vs-dark' : 'vs');
  new MutationObserver(() => monaco.editor.setTheme(theme())).observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  return monaco.editor.create(container, {
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    theme: theme(),
    ariaLabel: 'Code editor',
  });
}

export function modelFor(file: string, text: string): monaco.editor.ITextModel {
  const uri = monaco.Uri.parse(`file:///lesson/${file}`);
  return monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, undefined, uri);
}
