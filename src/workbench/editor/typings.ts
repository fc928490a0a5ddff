// The declarations behind what learner code imports, for Monaco's TypeScript worker: the packages' own .d.ts
// files (from node_modules, bundled as text by Vite), registered at their node_modules paths under file:///
// so that `import ... from '@aws-sdk/client-sesv2'` resolves as it does for `npm run check`. Each import
// loads only the chunks its declarations reach (./typings/*.ts; typings.test.ts keeps that list honest).

/** Chunks of declaration files (./typings/<name>.ts), each a map from `/node_modules/...` path to text. */
const CHUNKS = {
  'aws-lambda': () => import('./typings/aws-lambda.ts'),
  'sdk-core': () => import('./typings/sdk-core.ts'),
  'client-eventbridge': () => import('./typings/client-eventbridge.ts'),
  'client-sesv2': () => import('./typings/client-sesv2.ts'),
  'client-sns': () => import('./typings/client-sns.ts'),
  'client-sqs': () => import('./typings/client-sqs.ts'),
  'client-dynamodb': () => import('./typings/client-dynamodb.ts'),
  'lib-dynamodb': () => import('./typings/lib-dynamodb.ts'),
  'client-scheduler': () => import('./typings/client-scheduler.ts'),
} satisfies Record<string, () => Promise<{ default: Record<string, string> }>>;

export type Chunk = keyof typeof CHUNKS;

/**
 * The packages learner code may import (the sandbox's list, src/lambda/runtime/sandbox-runtime.ts, and
 * `aws-lambda`'s types) and the chunks each needs: its own and every one its declarations import.
 */
export const PACKAGE_CHUNKS: Readonly<Record<string, readonly Chunk[]>> = {
  'aws-lambda': ['aws-lambda'],
  '@aws-sdk/client-eventbridge': ['client-eventbridge', 'sdk-core'],
  '@aws-sdk/client-sesv2': ['client-sesv2', 'sdk-core'],
  '@aws-sdk/client-sns': ['client-sns', 'sdk-core'],
  '@aws-sdk/client-sqs': ['client-sqs', 'sdk-core'],
  '@aws-sdk/client-dynamodb': ['client-dynamodb', 'sdk-core'],
  '@aws-sdk/lib-dynamodb': ['lib-dynamodb', 'client-dynamodb', 'sdk-core'],
  // marshall and unmarshall: their declarations travel in the lib-dynamodb chunk.
  '@aws-sdk/util-dynamodb': ['lib-dynamodb', 'client-dynamodb', 'sdk-core'],
  '@aws-sdk/client-scheduler': ['client-scheduler', 'sdk-core'],
};

/**
 * What a handler has of Node in the sandbox (src/lambda/runtime/sandbox-runtime.ts): `process` and node:crypto's
 * randomUUID. Written here rather than taken from @types/node, which declares all of Node (and would promise
 * modules the sandbox refuses). `console` and the web globals Node shares (fetch, URL, setTimeout…) come from
 * lib.webworker.
 */
export const SANDBOX_GLOBALS = `// The Node.js a function gets in the workbook's Lambda sandbox.
interface LambdaProcess {
  /** The function's environment variables: its configuration's \`environment\`, and Lambda's own (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME…). */
  readonly env: Record<string, string | undefined>;
  /** Ends the runtime, as in Lambda: the invocation fails with "Runtime exited". */
  exit(code?: number): never;
  readonly version: string;
  readonly versions: { readonly node: string };
  readonly platform: string;
  readonly arch: string;
  cwd(): string;
  nextTick(callback: (...args: any[]) => void, ...args: any[]): void;
  uptime(): number;
}
declare var process: LambdaProcess;

declare module 'node:crypto' {
  /** A random RFC 4122 version 4 UUID. */
  export function randomUUID(): \`\${string}-\${string}-\${string}-\${string}-\${string}\`;
  export const webcrypto: Crypto;
}
declare module 'crypto' {
  export * from 'node:crypto';
}
`;

export const SANDBOX_GLOBALS_PATH = 'file:///node_modules/@types/workbook-sandbox/index.d.ts';

/** The package names `source` imports: static and dynamic imports, `export ... from`, and `require`. */
export function importedPackages(source: string): string[] {
  const found = new Set<string>();
  // `from 'x'`, `import 'x'`, `import('x')`, `require('x')`; not the key of `{ "from": "…" }` in a comment.
  const specifiers = /\b(?:from\s+|import\s+|import\s*\(\s*|require\s*\(\s*)(['"])([^'"\n]+)\1/g;
  for (const [, , specifier] of source.matchAll(specifiers)) {
    if (specifier!.startsWith('.') || specifier!.startsWith('/') || specifier!.startsWith('node:')) continue;
    // `@scope/name/sub/path` and `name/sub/path` belong to the package `@scope/name` and `name`.
    const parts = specifier!.split('/');
    found.add(parts.slice(0, specifier!.startsWith('@') ? 2 : 1).join('/'));
  }
  return [...found];
}

/** The chunks these packages need; packages we have no declarations for are left out (the worker then says "Cannot find module", as the sandbox would). */
export const chunksFor = (packages: Iterable<string>): Set<Chunk> => new Set([...packages].flatMap((name) => PACKAGE_CHUNKS[name] ?? []));

/**
 * One chunk's declarations as extra libs: `file:///node_modules/...` URI → text. A package whose types sit in
 * dist-types gets a one-line `index.d.ts` at its root, where TypeScript looks when there is no package.json
 * (Monaco's worker makes every extra lib a root file of the program, so a package.json would be read as code).
 */
export async function loadChunk(chunk: Chunk): Promise<Map<string, string>> {
  const files = (await CHUNKS[chunk]()).default;
  const libs = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) {
    libs.set(`file://${path}`, text);
    const root = /^(\/node_modules\/(?:@[^/]+\/)?[^/]+)\/dist-types\/index\.d\.ts$/.exec(path)?.[1];
    if (root && !(`${root}/index.d.ts` in files)) libs.set(`file://${root}/index.d.ts`, "export * from './dist-types/index';\n");
  }
  return libs;
}
