import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lessonFrontmatter } from './vite-plugin.ts';

let root: string | undefined;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

/** Runs the plugin's load hook on `lessons/<id>/index.mdx` holding `text`; returns the module and the watched files. */
async function load(id: string, text: string, query = '?frontmatter') {
  root = mkdtempSync(join(tmpdir(), 'workbook-frontmatter-'));
  const file = join(root, 'lessons', id, 'index.mdx');
  mkdirSync(join(root, 'lessons', id), { recursive: true });
  writeFileSync(file, text);
  const watched: string[] = [];
  const hook = lessonFrontmatter().load as (this: { addWatchFile(file: string): void }, id: string) => Promise<string | undefined>;
  return { code: await hook.call({ addWatchFile: (f) => watched.push(f) }, file + query), watched, file };
}

describe('a lesson’s frontmatter for the page', () => {
  it('is the parsed frontmatter as a module, tied to the lesson’s index.mdx', async () => {
    const { code, watched, file } = await load('04-fan-out', '---\ntitle: Fan-out\nsummary: S.\nobjectives: [Test]\nestimatedMinutes: 5\nfiles: [audit.ts]\nfrom: 03\n---\n\nText.\n');
    expect(code).toBe('export default {"title":"Fan-out","summary":"S.","objectives":["Test"],"estimatedMinutes":5,"files":["audit.ts"],"from":3};');
    expect(watched).toEqual([file]);
  });

  it('fails the build on frontmatter the schema refuses, naming the file', async () => {
    await expect(load('04-fan-out', '---\ntitle: Fan-out\nsummary: S.\nobjectives: [Test]\nestimatedMinutes: 5\nfrom: three\n---\n')).rejects.toThrow(/^lessons\/04-fan-out\/index.mdx: from: /);
  });

  it('leaves every other import alone', async () => {
    expect((await load('04-fan-out', '---\n---\n', '')).code).toBeUndefined();
    expect((await load('04-fan-out', '---\n---\n', '?raw')).code).toBeUndefined();
  });
});
