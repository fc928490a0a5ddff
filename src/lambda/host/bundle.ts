// Build tooling: a sandbox as one self-contained script, the runtime plus the AWS SDK packages handlers may
// import, bundled for the browser platform so that no Node built-in module is in it. The browser host runs it
// from a blob: URL inside an opaque-origin frame; the Node host hands it to a process that may read no file.

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export type SandboxEntry = 'web-worker-entry.ts' | 'node-process-entry.ts';

export async function bundleSandbox(entry: SandboxEntry): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`./${entry}`, import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    // Class names are what learners and the runtime see: a command's name in a message, an error's constructor.
    keepNames: true,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}
