// Type-checks every graded answer as the learner would have it: the solution, each mutant and each alternative
// laid over the lesson's own files in one folder, so an answer may import the lesson's given modules
// (`./payments-api.ts`) as a learner's file does. `tsc` sees only the lesson folders themselves (the starter);
// answers live in other folders, where those imports would not resolve.

import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { answerFiles, loadLessons, solutionFiles } from '../src/lessons/node-loader.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const isTypeScript = (path: string) => path.endsWith('.ts') && path !== 'architecture.ts' && path !== 'checks.ts';

test('every solution, mutant and alternative type-checks over its lesson’s files', async () => {
  // Virtual folders inside the repository, so packages resolve from its node_modules.
  const files = new Map<string, string>();
  for (const lesson of await loadLessons()) {
    const views: [string, Record<string, string>][] = [
      ['solution', solutionFiles(lesson)],
      ...lesson.mutants.map((m): [string, Record<string, string>] => [`mutants/${m.name}`, answerFiles(lesson, m)]),
      ...lesson.alternatives.map((a): [string, Record<string, string>] => [`alternatives/${a.name}`, answerFiles(lesson, a)]),
    ];
    for (const [view, viewFiles] of views) {
      for (const [path, text] of Object.entries(viewFiles)) if (isTypeScript(path)) files.set(`${root}.answers/${lesson.id}/${view}/${path}`, text);
    }
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  const folders = new Set([...files.keys()].flatMap((file) => file.split('/').slice(1, -1).map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}`)));
  host.directoryExists = (folder) => folders.has(folder.replace(/\/$/, '')) || (directoryExists?.(folder) ?? false);
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, onError) => {
    const text = files.get(file);
    return text === undefined ? getSourceFile(file, language, onError) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(d.file.fileName))
    .map((d) => `${d.file!.fileName.slice(root.length)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  expect(files.size).toBeGreaterThan(0);
  expect(problems).toEqual([]);
}, 120_000);
