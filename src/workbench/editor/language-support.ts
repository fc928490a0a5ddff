// What the editor knows about a lesson's files beyond their syntax. Handlers get TypeScript checking against
// the real declarations of what they import (./typings.ts), with the compiler options `npm run check` uses.
// JSON files the architecture reads get a schema (./json-schemas.ts); event patterns are also compiled by
// the engine the simulator runs, whose refusal shows inline in AWS's words, where AWS says it is.

import * as monaco from 'monaco-editor/editor';
import { jsonDefaults, type DiagnosticsOptions } from 'monaco-editor/languages/features/json/register';
import { ModuleKind, typescriptDefaults, type CompilerOptions } from 'monaco-editor/languages/features/typescript/register';
import { compilePattern, InvalidEventPatternException } from '../../bus/pattern/index.ts';
import { validateTargetInput } from '../../bus/transform/index.ts';
import { compileFilter } from '../../services/pipes/filter.ts';
import { isFileRef, type LessonArchitecture } from '../../lessons/architecture.ts';
import { alarmsSchema, EVENT_PATTERN_SCHEMA, INPUT_TRANSFORMER_SCHEMA, PIPE_FILTER_SCHEMA } from './json-schemas.ts';
import { chunksFor, importedPackages, loadChunk, SANDBOX_GLOBALS, SANDBOX_GLOBALS_PATH, type Chunk } from './typings.ts';

/** The owner of the markers this module sets, as `monaco.editor.getModelMarkers({ owner })` takes it. */
export const MARKER_OWNER = 'eventbridge';

/** How long after the last keystroke a JSON file is checked again. */
const CHECK_DELAY_MS = 200;
/** How long after the last keystroke a handler's imports are looked at again (loading is slower than checking). */
const IMPORTS_DELAY_MS = 500;

/**
 * tsconfig.json's options that change what a learner's file may say (strict, noUncheckedIndexedAccess,
 * verbatimModuleSyntax…), for the Node.js 24 runtime the sandbox imitates: its language, and the web globals
 * it shares with browsers (console, fetch, URL, timers, TextEncoder, crypto…) from lib.webworker, a worker's
 * globals without the page: a function has no `document` or `window`, and lib.dom's 2.3 MB would also cost every
 * lesson page's TypeScript worker half a second of CPU to parse. Node's own globals come from SANDBOX_GLOBALS.
 */
const COMPILER_OPTIONS: CompilerOptions = {
  // ES2022 (9) and Bundler resolution (100), which Monaco's enums predate.
  target: 9 as CompilerOptions['target'],
  lib: ['lib.es2024.d.ts', 'lib.webworker.d.ts'],
  module: ModuleKind.ESNext,
  // Relative imports with or without `.ts`, as the sandbox takes them.
  moduleResolution: 100 as CompilerOptions['moduleResolution'],
  rewriteRelativeImportExtensions: true,
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  esModuleInterop: true,
  skipLibCheck: true,
  allowNonTsExtensions: true,
};

export interface LanguageSupport {
  /** Stops watching the models, removes this module's markers and the lesson's JSON schemas. Declarations stay loaded. */
  dispose(): void;
}

/**
 * Turns on language support for one lesson's files (`models`: file name → model, from `modelFor`). Resolves
 * once the declarations the TypeScript files import are registered and the JSON files have been checked once.
 */
export async function enableLanguageSupport(architecture: LessonArchitecture, models: ReadonlyMap<string, monaco.editor.ITextModel>): Promise<LanguageSupport> {
  const cleanups: (() => void)[] = [];
  const typescript = [...models.values()].filter((model) => model.getLanguageId() === 'typescript');
  cleanups.push(await typeCheck(typescript));
  const roles = jsonRoles(architecture);
  cleanups.push(jsonSchemas(architecture, roles, models));
  for (const [file, role] of roles) {
    const model = models.get(file);
    const check = role.kind === 'pattern' ? patternMarkers : role.kind === 'transformer' ? transformerMarkers(role.targetId) : role.kind === 'pipe-filter' ? pipeFilterMarkers : undefined;
    if (!model || !check) continue;
    const mark = () => monaco.editor.setModelMarkers(model, MARKER_OWNER, check(model));
    mark();
    cleanups.push(watch(model, CHECK_DELAY_MS, mark));
  }
  let disposed = false;
  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const cleanup of cleanups.reverse()) cleanup();
    },
  };
}

/** Runs `run` `delay` ms after the last of a run of changes; returns what stops it (and clears this owner's markers). */
function watch(model: monaco.editor.ITextModel, delay: number, run: () => unknown): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listener = model.onDidChangeContent(() => {
    clearTimeout(timer);
    timer = setTimeout(run, delay);
  });
  return () => {
    clearTimeout(timer);
    listener.dispose();
    if (!model.isDisposed()) monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
  };
}

// --- TypeScript ---------------------------------------------------------------------------------------------

/** The declarations registered so far, per chunk: once per page. */
const registered = new Map<Chunk, Promise<void>>();

/**
 * The page's TypeScript settings, for editor.ts to apply before the first model exists: changing them later
 * restarts the worker (seconds, cold), and the settings are the same for every lesson.
 */
export function configureTypeScript(): void {
  typescriptDefaults.setCompilerOptions(COMPILER_OPTIONS);
  // Every lesson file in the worker from the start, so that one handler's `import './shared.ts'` finds the other.
  typescriptDefaults.setEagerModelSync(true);
  typescriptDefaults.addExtraLib(SANDBOX_GLOBALS, SANDBOX_GLOBALS_PATH);
}

/**
 * Loads the declarations the models import, now and whenever an edit adds an import. A chunk that fails to load
 * (the network) is tried again on the next edit; meanwhile the worker says "Cannot find module", nothing worse.
 */
async function typeCheck(models: monaco.editor.ITextModel[]): Promise<() => void> {
  const load = async () => {
    const wanted = chunksFor(models.flatMap((model) => (model.isDisposed() ? [] : importedPackages(model.getValue()))));
    await Promise.all([...wanted].map(register)).catch((error: unknown) => console.error('Could not load the declarations learner code imports:', error));
  };
  const stops = models.map((model) => watch(model, IMPORTS_DELAY_MS, load));
  await load();
  return () => {
    for (const stop of stops) stop();
  };
}

/**
 * Registers a chunk's declarations. They stay for the page: the TypeScript worker holds them as text either way,
 * and a lesson mounted again (or the next test) finds them there instead of loading them twice.
 */
function register(chunk: Chunk): Promise<void> {
  let done = registered.get(chunk);
  if (!done) {
    done = loadChunk(chunk).then((libs) => {
      // All in one task: Monaco sends the worker the new set of extra libs once, on its next tick.
      for (const [path, text] of libs) typescriptDefaults.addExtraLib(text, path);
    });
    done.catch(() => registered.delete(chunk));
    registered.set(chunk, done);
  }
  return done;
}

// --- JSON ---------------------------------------------------------------------------------------------------

type JsonRole = { kind: 'pattern' } | { kind: 'transformer'; targetId: string } | { kind: 'alarms' } | { kind: 'pipe-filter' };

/** What the architecture reads each JSON lesson file as. */
function jsonRoles(architecture: LessonArchitecture): Map<string, JsonRole> {
  const roles = new Map<string, JsonRole>();
  for (const rule of architecture.rules ?? []) {
    if (isFileRef(rule.eventPattern)) roles.set(rule.eventPattern.file, { kind: 'pattern' });
    for (const target of rule.targets) {
      if (isFileRef(target.inputTransformer)) roles.set(target.inputTransformer.file, { kind: 'transformer', targetId: target.id });
    }
  }
  if (isFileRef(architecture.alarms)) roles.set(architecture.alarms.file, { kind: 'alarms' });
  for (const pipe of architecture.pipes ?? []) if (isFileRef(pipe.filter)) roles.set(pipe.filter.file, { kind: 'pipe-filter' });
  return roles;
}

function jsonSchemas(architecture: LessonArchitecture, roles: Map<string, JsonRole>, models: ReadonlyMap<string, monaco.editor.ITextModel>): () => void {
  const previous = jsonDefaults.diagnosticsOptions;
  const schemas = [...roles].flatMap(([file, role]) => {
    const model = models.get(file);
    if (!model) return [];
    const schema =
      role.kind === 'pattern' ? EVENT_PATTERN_SCHEMA : role.kind === 'transformer' ? INPUT_TRANSFORMER_SCHEMA : role.kind === 'pipe-filter' ? PIPE_FILTER_SCHEMA : alarmsSchema(architecture);
    return [{ uri: `${schema.$id}#${file}`, fileMatch: [model.uri.toString()], schema }];
  });
  const options: DiagnosticsOptions = {
    ...previous,
    validate: true,
    // AWS reads these files with a strict JSON parser: no comments, no trailing commas.
    allowComments: false,
    comments: 'error',
    trailingCommas: 'error',
    enableSchemaRequest: false,
    // Warnings: for a pattern, the engine's error (an error marker) is the verdict; the schema only hints.
    schemaValidation: 'warning',
    schemas: [...(previous.schemas ?? []).filter((s) => !schemas.some((mine) => mine.uri === s.uri)), ...schemas],
  };
  jsonDefaults.setDiagnosticsOptions(options);
  return () => jsonDefaults.setDiagnosticsOptions(previous);
}

/** What PutRule would answer for this pattern: nothing, or its InvalidEventPatternException where it says. */
function patternMarkers(model: monaco.editor.ITextModel): monaco.editor.IMarkerData[] {
  const text = model.getValue();
  try {
    compilePattern(text);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidEventPatternException)) return [marker(model, 'InvalidEventPatternException', String((error as Error).message ?? error))];
    // The message ends with Jackson's "at [Source: (String)"<the whole file>"; line: 2, column: 13]" (twice for
    // some errors): the marker's place says that, so the hover keeps AWS's message without the file's text.
    const at = /; line: (\d+), column: (\d+)\]$/.exec(error.message);
    const position = at ? { lineNumber: Number(at[1]), column: Number(at[2]) } : undefined;
    return [marker(model, error.name, `Event pattern is not valid. Reason: ${error.reason}`, position)];
  }
}

/** What CreatePipe would answer for these filter patterns: nothing, or its ValidationException; JSON syntax and shape are the JSON service's. */
function pipeFilterMarkers(model: monaco.editor.ITextModel): monaco.editor.IMarkerData[] {
  let patterns: unknown;
  try {
    patterns = JSON.parse(model.getValue());
  } catch {
    return [];
  }
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p))) return [];
  try {
    compileFilter(patterns.map((p) => JSON.stringify(p)));
    return [];
  } catch (error) {
    return [marker(model, (error as Error).name, (error as Error).message)];
  }
}

/** What PutTargets would answer for target `targetId` with this transformer; JSON syntax is left to the JSON service. */
const transformerMarkers = (targetId: string) => (model: monaco.editor.ITextModel): monaco.editor.IMarkerData[] => {
  const text = model.getValue();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const t = value as Record<string, unknown>;
  const InputTemplate = t.InputTemplate ?? t.inputTemplate;
  const InputPathsMap = t.InputPathsMap ?? t.inputPathsMap;
  // Wrong types are the schema's to report; the API checks need strings.
  if (typeof InputTemplate !== 'string' || (InputPathsMap !== undefined && (typeof InputPathsMap !== 'object' || InputPathsMap === null))) return [];
  try {
    validateTargetInput(targetId, { InputTransformer: { InputTemplate, ...(InputPathsMap ? { InputPathsMap: InputPathsMap as Record<string, string> } : {}) } });
    return [];
  } catch (error) {
    const message = (error as Error).message;
    // "… contains invalid placeholder foo." / "invalid key AWSfoo." / "invalid JSON path x.": mark what it names.
    const named = /invalid (?:placeholder|key|JSON path) (.+)\.$/.exec(message)?.[1];
    const offset = named === undefined ? -1 : [`<${named}>`, JSON.stringify(named)].map((needle) => text.indexOf(needle)).find((i) => i >= 0) ?? -1;
    return [marker(model, (error as Error).name, message, offset >= 0 ? model.getPositionAt(offset + 1) : undefined)];
  }
};

/** An error marker on the JSON token at `position` (or the character there), or over line 1 when the error names no place. */
function marker(model: monaco.editor.ITextModel, code: string, message: string, position?: { lineNumber: number; column: number }): monaco.editor.IMarkerData {
  const base = { severity: monaco.MarkerSeverity.Error, source: 'EventBridge', code, message };
  if (!position) return { ...base, startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: model.getLineMaxColumn(1) };
  const lineNumber = Math.min(Math.max(position.lineNumber, 1), model.getLineCount());
  const max = model.getLineMaxColumn(lineNumber);
  // Jackson's column can be one past the line's end (an unclosed object at the end of the file): mark its last character.
  let column = Math.min(Math.max(position.column, 1), max);
  if (column === max && max > 1) column--;
  // The token around the column: a number, a literal, or a string's text (Jackson points inside strings).
  const line = model.getLineContent(lineNumber);
  const inToken = (i: number) => i >= 0 && i < line.length && !/[\s"{}[\],:]/.test(line[i]!);
  let [start, end] = [column - 1, column - 1];
  while (inToken(start - 1)) start--;
  while (inToken(end)) end++;
  const [startColumn, endColumn] = end > start ? [start + 1, end + 1] : [column, Math.min(column + 1, max)];
  return { ...base, startLineNumber: lineNumber, startColumn, endLineNumber: lineNumber, endColumn };
}
