// Learner TypeScript → JavaScript the sandbox can run, with a source map back to the learner's lines.
// Sucrase strips types and turns `import`/`export` into CommonJS `require`/`exports` (measured in
// ../shared/STACK.md: ~45 KB gzip and 1-2 ms per handler in the browser; it keeps line numbers, and the map
// restores columns). It does not type-check: the editor's TypeScript service does that.

import { transform } from 'sucrase';
import { SourceMapReader } from './source-map.ts';

export interface CompiledModule {
  /** The path inside the lesson, as the learner knows it: `handler.ts`, `lib/format.ts`. */
  path: string;
  code: string;
  /** The `mappings` of the module's source map. */
  mappings: string;
}

/** A module that does not parse; Lambda reports it as Runtime.UserCodeSyntaxError when the function starts. */
export class UserCodeSyntaxError extends Error {
  readonly path: string;
  readonly line: number;
  /** 1-based, as editors count. */
  readonly column: number;

  constructor(path: string, reason: string, line: number, column: number) {
    super(`SyntaxError: ${reason} (${path}:${line}:${column})`);
    this.name = 'Runtime.UserCodeSyntaxError';
    this.path = path;
    this.line = line;
    this.column = column;
  }
}

export function transpileModule(path: string, source: string): CompiledModule {
  const isTypeScript = /\.(ts|mts|cts)$/.test(path);
  try {
    const result = transform(source, {
      transforms: isTypeScript ? ['typescript', 'imports'] : ['imports'],
      filePath: path,
      sourceMapOptions: { compiledFilename: path },
      production: true,
      // Node.js 24 runs today's JavaScript as it is, and so does the code deployed to Lambda (esbuild, target node24,
      // class fields defined as the tsconfig's ESNext target has them): Sucrase's default rewrites of class fields
      // (into `this.x = …` and a static `__initStatic()` called after the class, so a `static {}` block ran before
      // the static fields it reads), optional chaining and `??` would make the sandbox's JavaScript other than Lambda's.
      disableESTransforms: true,
    });
    return { path, code: result.code, mappings: result.sourceMap?.mappings ?? '' };
  } catch (error) {
    const e = error as Error & { loc?: { line: number; column: number } };
    const reason = e.message.replace(/^Error transforming [^:]+: /, '').replace(/ \(\d+:\d+\)$/, '');
    // Sucrase's `loc` is 1-based in both line and column.
    throw new UserCodeSyntaxError(path, reason, e.loc?.line ?? 1, e.loc?.column ?? 1);
  }
}

/**
 * Rewrites stack frames that point into transpiled lesson modules (`handler.ts:LINE:COL`, as the sandbox
 * reports them) to the learner's own positions, and drops the frames of the runtime around them.
 */
export function mapStack(stack: string, modules: ReadonlyMap<string, CompiledModule>): string {
  const lines = stack.split('\n');
  const kept = lines.filter((line, i) => i === 0 || !/^\s+at /.test(line) || [...modules.keys()].some((path) => line.includes(`${path}:`)));
  return mapPositions(kept.join('\n'), modules);
}

/**
 * Rewrites each `path:LINE:COL` of a lesson module in the stack frames (`    at …` lines) of `text` to the
 * learner's own position. Other lines are the learner's own words and are left as they are.
 */
export function mapPositions(text: string, modules: ReadonlyMap<string, CompiledModule>): string {
  if (!text.includes('    at ')) return text;
  return text
    .split('\n')
    .map((line) =>
      /^\s+at /.test(line)
        ? line.replace(/([\w./-]+\.[cm]?[jt]s):(\d+):(\d+)/g, (match, path: string, l: string, c: string) => {
            const module = modules.get(path);
            if (!module) return match;
            const original = readerFor(module).original(Number(l), Number(c) - 1);
            return original ? `${path}:${original.line}:${original.column + 1}` : match;
          })
        : line,
    )
    .join('\n');
}

const readers = new WeakMap<CompiledModule, SourceMapReader>();
function readerFor(module: CompiledModule): SourceMapReader {
  let reader = readers.get(module);
  if (!reader) readers.set(module, (reader = new SourceMapReader(module.mappings)));
  return reader;
}
