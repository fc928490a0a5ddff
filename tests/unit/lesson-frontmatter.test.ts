import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonFrontmatter } from '../../src/lessons/schema.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const astro = join(root, 'node_modules/astro/bin/astro.mjs');

const valid = {
  title: 'Events and the event bus',
  summary: 'What an event is.',
  objectives: ['Read the envelope'],
  estimatedMinutes: 20,
};

describe('lesson frontmatter schema', () => {
  it('accepts a reading-only lesson and gives it no files', () => {
    expect(lessonFrontmatter.parse(valid).files).toEqual([]);
  });

  it('accepts editable files inside the lesson folder', () => {
    const files = ['handler.ts', 'pattern.json', 'src/producer.ts'];
    expect(lessonFrontmatter.parse({ ...valid, files }).files).toEqual(files);
  });

  it.each(['../solutions/handler.ts', '/etc/passwd', './handler.ts', 'src/../../x.ts', ''])('refuses the file path %j', (path) => {
    const result = lessonFrontmatter.safeParse({ ...valid, files: [path] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['files', 0]);
  });

  it('refuses a lesson without objectives', () => {
    expect(lessonFrontmatter.safeParse({ ...valid, objectives: [] }).success).toBe(false);
  });
});

// The real build path: Astro loads the collection and must stop, naming the lesson and the field.
describe('a lesson with invalid frontmatter fails the build', () => {
  let lessonsDir: string;

  beforeAll(async () => {
    lessonsDir = await mkdtemp(join(tmpdir(), 'workbook-lessons-'));
  });
  afterAll(async () => {
    await rm(lessonsDir, { recursive: true, force: true });
  });

  async function syncWith(id: string, frontmatter: string) {
    await rm(lessonsDir, { recursive: true, force: true });
    await mkdir(join(lessonsDir, id), { recursive: true });
    await writeFile(join(lessonsDir, id, 'index.mdx'), `---\n${frontmatter}\n---\n\nText.\n`);
    const { FORCE_COLOR, ...env } = process.env;
    return promisify(execFile)(process.execPath, [astro, 'sync'], {
      cwd: root,
      env: { ...env, WORKBOOK_LESSONS_DIR: lessonsDir, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    }).then(
      () => ({ failed: false, output: '' }),
      (error: { stdout: string; stderr: string }) => ({ failed: true, output: error.stdout + error.stderr }),
    );
  }

  it('names the lesson and the field whose type is wrong', async () => {
    const result = await syncWith(
      '07-broken-lesson',
      'title: Broken\nsummary: A lesson.\nobjectives:\n  - Fail\nestimatedMinutes: twenty',
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('lessons → 07-broken-lesson data does not match collection schema');
    expect(result.output).toMatch(/estimatedMinutes.*Expected type `"number"`, received `"string"`/);
  }, 30_000);

  it('names a field the schema does not know, so typos are caught', async () => {
    const result = await syncWith(
      '08-typo',
      'title: Typo\nsummary: A lesson.\nobjectives:\n  - Fail\nestimatedMinutes: 5\nfile:\n  - handler.ts',
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('lessons → 08-typo data does not match collection schema');
    expect(result.output).toContain('Unrecognized key: "file"');
  }, 30_000);
});
