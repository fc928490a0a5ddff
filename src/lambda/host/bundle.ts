// Build tooling: a sandbox as one self-contained script, the runtime plus the AWS SDK packages handlers may
// import, bundled for the browser platform so that no Node built-in module is in it. The browser host runs it
// from a blob: URL inside an opaque-origin frame; the Node host hands it to a process that may read no file.

import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SandboxEntry = 'web-worker-entry.ts' | 'node-process-entry.ts';

/**
 * The SDK's browser build parses XML answers (SNS speaks XML) with DOMParser, which neither a Web Worker nor Node
 * has; its Node build parses them in plain JavaScript. The sandbox takes the plain one.
 */
const plainXmlParser: Plugin = {
  name: 'aws-sdk-plain-xml-parser',
  setup(build) {
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/]xml-builder[\\/]dist-es[\\/]xml-parser\.browser\.js$/ }, async (args) => ({
      contents: await readFile(args.path.replace(/\.browser\.js$/, '.js'), 'utf8'),
      resolveDir: dirname(args.path),
    }));
  },
};

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
    plugins: [plainXmlParser],
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}
