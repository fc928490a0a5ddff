// The learner's files on the page. Until the learner reaches for the code, each file is shown as plain text: Monaco
// is about a megabyte of script whose start-up would hold the page's main thread while the learner is still reading.
// Pointing at the code loads Monaco; clicking, focusing or typing in it hands over to the editor. Send, Check and
// Reset work on the text either way; everything that changes a file goes through `setText`, so with Monaco loaded
// the change lands in the file's undo history.

import type * as monaco from 'monaco-editor/editor';
import type { LessonArchitecture } from '../lessons/architecture.ts';
import { h } from './dom.ts';

export interface LoadedEditor {
  editor: monaco.editor.IStandaloneCodeEditor;
  models: Map<string, monaco.editor.ITextModel>;
}

export class LessonCode {
  readonly #panel: HTMLElement;
  readonly #files: readonly string[];
  readonly #text: (file: string) => string;
  readonly #edit: (file: string, text: string) => void;
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
    this.#panel.addEventListener('pointerenter', () => void this.editor(), { once: true });
    const takeOver = () => void this.editor().then(({ editor }) => editor.focus());
    this.#panel.addEventListener('pointerdown', takeOver, { once: true });
    this.#panel.addEventListener('focusin', takeOver, { once: true });
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
      this.#edit(file, text);
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
      for (const [file, model] of models) model.onDidChangeContent(() => this.#edit(file, model.getValue()));
      editor.setModel(models.get(this.#current)!);
      void enableLanguageSupport(this.#architecture, models);
      this.#loaded = { editor, models };
      this.#panel.dataset.editorReady = 'true';
      if (hadFocus) editor.focus();
      return this.#loaded;
    })();
    return this.#loading;
  }

  #renderPreview(): void {
    this.#panel.replaceChildren(
      h('p', { class: 'code-preview-hint', 'aria-hidden': 'true' }, 'Click the code to edit it.'),
      h('pre', { class: 'code-preview', tabindex: 0, 'aria-label': `${this.#current}: focus to edit` }, this.#text(this.#current)),
    );
  }
}
