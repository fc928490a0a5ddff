// Keeps typings.ts honest, as `rustlings dev check` keeps its catalogue: every package learner code may import
// has declarations, and each package's chunks hold every .d.ts file TypeScript reaches from it.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ALLOWED_PACKAGES } from '../../lambda/runtime/sandbox-runtime.ts';
import { importedPackages, loadChunk, PACKAGE_CHUNKS, type Chunk } from './typings.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The `/node_modules/...` declaration files TypeScript reads for `import * as m from '<name>'`. */
function reachedFrom(name: string): string[] {
  const probe = `${root}lessons/__probe__.ts`;
  const host = ts.createCompilerHost({});
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (file, language) => (file === probe ? ts.createSourceFile(file, `import * as m from '${name}';`, language) : getSourceFile(file, language));
  host.fileExists = (file) => file === probe || fileExists(file);
  const options = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [], noLib: true };
  const program = ts.createProgram([probe], options, host);
  expect(program.getSemanticDiagnostics(program.getSourceFile(probe)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))).toEqual([]);
  return program
    .getSourceFiles()
    .map((file) => file.fileName.slice(root.length - 1))
    .filter((file) => file.startsWith('/node_modules/'));
}

async function chunkFiles(chunks: readonly Chunk[]): Promise<Set<string>> {
  const files = new Set<string>();
  for (const chunk of chunks) for (const uri of (await loadChunk(chunk)).keys()) files.add(uri.slice('file://'.length));
  return files;
}

describe('declarations for learner code', () => {
  it('exist for every package a lesson imports and every package the sandbox lets a handler import', () => {
    const imported = new Set<string>();
    for (const folder of ['lessons', 'solutions']) {
      for (const entry of readdirSync(`${root}${folder}`, { recursive: true, encoding: 'utf8' })) {
        if (/\.(ts|js|mts|mjs)$/.test(entry) && !/(^|\/)(architecture|checks)\.ts$/.test(entry)) {
          for (const name of importedPackages(readFileSync(`${root}${folder}/${entry}`, 'utf8'))) imported.add(name);
        }
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported, ...ALLOWED_PACKAGES].filter((name) => !(name in PACKAGE_CHUNKS))).toEqual([]);
  });

  // Resolving a package's declarations is a few seconds of CPU, more when other test files share the cores.
  it.each(Object.keys(PACKAGE_CHUNKS))('hold every declaration file TypeScript reads for %s', { timeout: 30_000 }, async (name) => {
    const have = await chunkFiles(PACKAGE_CHUNKS[name]!);
    const reached = reachedFrom(name);
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.filter((file) => !have.has(file))).toEqual([]);
  });

  it('give a package whose types sit in dist-types an index.d.ts where TypeScript looks without package.json', async () => {
    const libs = await loadChunk('client-sesv2');
    expect(libs.get('file:///node_modules/@aws-sdk/client-sesv2/index.d.ts')).toBe("export * from './dist-types/index';\n");
    expect([...libs.keys()].filter((uri) => uri.includes('/ts3.4/'))).toEqual([]);
    expect((await loadChunk('aws-lambda')).get('file:///node_modules/@types/aws-lambda/index.d.ts')).toContain('./trigger/eventbridge');
  });

  it('finds the packages a file imports, whatever the form of the import', () => {
    const source = [
      "import { SESv2Client } from '@aws-sdk/client-sesv2';",
      "import type { EventBridgeEvent } from 'aws-lambda';",
      "import { randomUUID } from 'node:crypto';",
      "import { helper } from './helper.ts';",
      "export * from '@smithy/types/dist-types/index';",
      "const sqs = await import(\"@aws-sdk/client-sqs\");",
      "const { SNSClient } = require('@aws-sdk/client-sns');",
      '/** Run with { "from": "2026-11-22T08:00:00Z", "to": "…" }: a key named from is no import. */',
    ].join('\n');
    expect(importedPackages(source)).toEqual(['@aws-sdk/client-sesv2', 'aws-lambda', '@smithy/types', '@aws-sdk/client-sqs', '@aws-sdk/client-sns']);
  });
});
