// The learner's files on the page. Until the learner reaches for the code, each file is shown as plain text: Monaco
// is about a megabyte of script whose start-up would hold the page's main thread while the learner is still reading.
// Pointing at the code loads Monaco; a click, or Enter on the focused text, hands over to the editor. Tabbing past
// the text does not: inside Monaco, Tab indents. Send, Check and Reset work on the text either way; everything that
// changes a file goes through `setText`, so with Monaco loaded the change lands in the file's undo history.

import type * as monaco from 'monaco-editor/editor';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { h, uniqueId } from '../dom.ts';

export interface LoadedEditor {
  editor: monaco.editor.IStandaloneCodeEditor;
  models: Map<string, monaco.editor.ITextModel>;
}

export class LessonCode {
  readonly #panel: HTMLElement;
  readonly #files: readonly string[];
  readonly #text: (file: string) => string;
  readonly #edit: (file: string, text: string) => void;
  readonly #editListeners = new Set<(file: string) => void>();
  readonly #architecture: LessonArchitecture;
  #current: string;
  #loaded: LoadedEditor | undefined;
  #loading: Promise<LoadedEditor> | undefined;

  /** `text` reads a file's saved text; `edit` is told of every change the learner or the page makes. */
  constructor(options: { panel: HTMLElement; files: readonly string[]; architecture: LessonArchitecture; text: (file: string) => string; edit: (file: string, text: string) => void }) {
    this.#panel = options.panel;
    this.#files = options.files;
    this.#text = options.text;
    this.#edit = options.edit;
    this.#architecture = options.architecture;
    this.#current = options.files[0]!;
    this.#renderPreview();
    const load = () => void this.editor().catch(() => undefined);
    const takeOver = () =>
      void this.editor().then(
        // Only if the learner is still here: a slow load must not pull focus from wherever they went meanwhile.
        ({ editor }) => (this.#panel.contains(document.activeElement) || document.activeElement === document.body) && editor.focus(),
        (error: Error) => this.#panel.querySelector('.code-preview-hint')?.replaceChildren(`The editor could not load (${error.message}). Reload the page to try again; your files are kept.`),
      );
    this.#panel.addEventListener('pointerenter', load);
    this.#panel.addEventListener('pointerdown', takeOver);
    this.#panel.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.target as Element).classList.contains('code-preview')) {
        event.preventDefault();
        takeOver();
      }
    });
  }

  /** Calls `listener` after every change to a file, by the learner or by `setText`. */
  onEdit(listener: (file: string) => void): void {
    this.#editListeners.add(listener);
  }

  /** Focus on the open file: the editor when it is loaded, else the text. */
  focus(): void {
    if (this.#loaded) this.#loaded.editor.focus();
    else this.#panel.querySelector<HTMLElement>('.code-preview')?.focus();
  }

  get current(): string {
    return this.#current;
  }

  show(file: string): void {
    this.#current = file;
    if (this.#loaded) this.#loaded.editor.setModel(this.#loaded.models.get(file)!);
    else this.#renderPreview();
  }

  text(file: string): string {
    return this.#loaded?.models.get(file)?.getValue() ?? this.#text(file);
  }

  /** Replaces a file's text: one undoable edit in Monaco, keeping the cursor where it can. */
  setText(file: string, text: string): void {
    if (!this.#loaded) {
      this.#changed(file, text);
      if (file === this.#current) this.#renderPreview();
      return;
    }
    const { editor, models } = this.#loaded;
    const model = models.get(file);
    if (!model || model.getValue() === text) return;
    const cursor = editor.getModel() === model ? editor.getPosition() : null;
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
    model.pushStackElement();
    if (cursor) editor.setPosition(model.validatePosition(cursor));
  }

  /** Monaco with one model per file, loaded once, on first need. */
  editor(): Promise<LoadedEditor> {
    this.#loading ??= (async () => {
      const [{ createEditor, modelFor }, { enableLanguageSupport }] = await Promise.all([import('./editor.ts'), import('./language-support.ts')]);
      const hadFocus = this.#panel.contains(document.activeElement);
      const editor = createEditor(this.#panel);
      const models = new Map(this.#files.map((file) => [file, modelFor(file, this.#text(file))]));
      for (const [file, model] of models) model.onDidChangeContent(() => this.#changed(file, model.getValue()));
      editor.setModel(models.get(this.#current)!);
      void enableLanguageSupport(this.#architecture, models);
      this.#loaded = { editor, models };
      this.#panel.dataset.editorReady = 'true';
      if (hadFocus) editor.focus();
      return this.#loaded;
    })();
    // A failed load (a chunk the network lost) is tried again on the next reach for the code.
    this.#loading.catch(() => (this.#loading = undefined));
    return this.#loading;
  }

  #changed(file: string, text: string): void {
    this.#edit(file, text);
    for (const listener of this.#editListeners) listener(file);
  }

  #renderPreview(): void {
    const hint = uniqueId('code-hint');
    this.#panel.replaceChildren(
      h('p', { class: 'code-preview-hint', id: hint }, 'Click the code, or press Enter on it, to edit. In the editor, Ctrl+M switches Tab between indenting and moving focus.'),
      h('pre', { class: 'code-preview', tabindex: 0, 'aria-label': this.#current, 'aria-describedby': hint }, this.#text(this.#current)),
    );
  }
}
