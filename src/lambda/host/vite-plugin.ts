// Build tooling: the browser sandbox's worker as one self-contained script (./bundle.ts), offered to the page
// as the string `virtual:lambda-sandbox-worker`. It must be one file: the worker runs from a blob: URL inside an
// opaque-origin frame that may not fetch anything.

import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { bundleSandbox } from './bundle.ts';

const ID = 'virtual:lambda-sandbox-worker';

export function lambdaSandboxWorker(): Plugin {
  return {
    name: 'lambda-sandbox-worker',
    resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
    async load(id) {
      if (id !== `\0${ID}`) return undefined;
      const { code, inputs } = await bundleSandbox('web-worker-entry.ts');
      for (const input of inputs) if (!input.includes('node_modules')) this.addWatchFile(fileURLToPath(new URL(`../../../${input}`, import.meta.url)));
      return `export default ${JSON.stringify(code)};`;
    },
  };
}
