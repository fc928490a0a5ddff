// Build tooling: the browser sandbox's worker as one self-contained script (the runtime plus the AWS SDK
// clients handlers may import), offered to the page as the string `virtual:lambda-sandbox-worker`. It must be
// one file: the worker runs from a blob: URL inside an opaque-origin frame that may not fetch anything.

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const ID = 'virtual:lambda-sandbox-worker';
const ENTRY = fileURLToPath(new URL('./web-worker-entry.ts', import.meta.url));

export async function buildSandboxWorker(): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

export function lambdaSandboxWorker(): Plugin {
  return {
    name: 'lambda-sandbox-worker',
    resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
    async load(id) {
      if (id !== `\0${ID}`) return undefined;
      const { code, inputs } = await buildSandboxWorker();
      for (const input of inputs) if (!input.includes('node_modules')) this.addWatchFile(fileURLToPath(new URL(`../../../${input}`, import.meta.url)));
      return `export default ${JSON.stringify(code)};`;
    },
  };
}
