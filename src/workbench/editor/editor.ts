// Monaco, set up once per page: its workers (Vite `?worker` imports, ../shared/STACK.md), TypeScript and JSON
// language services (configured in ./language-support.ts), and one model per lesson file so each tab keeps its
// own undo history.

import * as monaco from 'monaco-editor/editor';
// Since 0.56 `monaco-editor/editor` is the API alone: completion, hover, the problem peek (F8), find and the
// rest are contributions that must be registered before the first editor is created, or that editor lacks them.
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/features/typescript/register';
import 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import { configureTypeScript } from './language-support.ts';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};
configureTypeScript();

export type Editor = monaco.editor.IStandaloneCodeEditor;

// Monaco's own themes, with the few colours that fall below WCAG AA contrast raised: dark comments (#608b4e is
// 4.2:1), light comments and types (#008000, #008080) that drop under 4.5:1 on a diff's tinted lines, and diff
// backgrounds pale enough that code on them still reads at 4.5:1.
// Occurrences of the word under the cursor are outlined rather than shaded, for the same reason.
const READABLE_COLOURS = {
  'diffEditor.insertedTextBackground': '#2ea04314',
  'diffEditor.insertedLineBackground': '#2ea0430f',
  'diffEditor.removedTextBackground': '#f8514914',
  'diffEditor.removedLineBackground': '#f851490f',
  'editor.wordHighlightBackground': '#80808012',
  'editor.wordHighlightStrongBackground': '#80808012',
  'editor.wordHighlightTextBackground': '#80808012',
  'editor.wordHighlightBorder': '#808080',
  'editor.wordHighlightStrongBorder': '#808080',
};
monaco.editor.defineTheme('workbook-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '1e7a1e' },
    { token: 'type', foreground: '006b6b' },
  ],
  colors: READABLE_COLOURS,
});
monaco.editor.defineTheme('workbook-dark', { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '7ca668' }], colors: READABLE_COLOURS });

let following = false;
/** The editor theme for the site's light/dark theme (`<html data-theme>`), kept in step as the reader switches. */
function followSiteTheme(): string {
  const root = document.documentElement;
  const theme = () => (root.dataset.theme === 'dark' ? 'workbook-dark' : 'workbook-light');
  if (!following) {
    following = true;
    new MutationObserver(() => monaco.editor.setTheme(theme())).observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  }
  return theme();
}

/** Options both the editor and the solution's diff view share. */
const EDITOR_OPTIONS = {
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  scrollBeyondLastLine: false,
  // Faded "unused" code and a dimmed last line number fall below AA contrast; the diagnostics still say it.
  showUnused: false,
  renderFinalNewline: 'on',
} satisfies monaco.editor.IEditorOptions;

/** An editor in `container` whose colours follow the site's light/dark theme, now and later. */
export function createEditor(container: HTMLElement): Editor {
  container.replaceChildren();
  return monaco.editor.create(container, { ...EDITOR_OPTIONS, theme: followSiteTheme(), ariaLabel: 'Code editor' });
}

/** Monaco's diff view in `container`: the learner's file on the left, another on the right. */
export function createDiffView(container: HTMLElement, labels: { original: string; modified: string }): monaco.editor.IStandaloneDiffEditor {
  const diff = monaco.editor.createDiffEditor(container, {
    ...EDITOR_OPTIONS,
    theme: followSiteTheme(),
    readOnly: true,
    originalEditable: false,
    renderSideBySide: true,
    useInlineViewWhenSpaceIsLimited: true,
    originalAriaLabel: labels.original,
    modifiedAriaLabel: labels.modified,
  });
  // Monaco 0.57 leaves the two sides' input elements with an empty aria-label despite the options above.
  const name = () => {
    for (const [side, label] of [[diff.getOriginalEditor(), labels.original], [diff.getModifiedEditor(), labels.modified]] as const) {
      side.getDomNode()?.querySelector('.native-edit-context, textarea')?.setAttribute('aria-label', label);
    }
  };
  name();
  diff.onDidUpdateDiff(name);
  return diff;
}

export function modelFor(file: string, text: string): monaco.editor.ITextModel {
  const uri = monaco.Uri.parse(`file:///lesson/${file}`);
  return monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, undefined, uri);
}
