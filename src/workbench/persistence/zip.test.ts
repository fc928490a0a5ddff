import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { zipFiles } from './zip.ts';

// The archive is checked with the system's own unzip, as a learner would open it.
describe('zipFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
  afterEach(() => rmSync(join(dir, 'out'), { recursive: true, force: true }));

  it('writes an archive unzip lists, tests and extracts byte for byte', () => {
    const files = { '03-welcome-email/handler.ts': 'export const handler = async () => "héllo ✉";\n', '03-welcome-email/empty.json': '' };
    const archive = join(dir, 'work.zip');
    writeFileSync(archive, zipFiles(files, new Date(2026, 10, 22, 9, 30, 10)));
    expect(execFileSync('unzip', ['-tq', archive], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const listing = execFileSync('unzip', ['-l', archive], { encoding: 'utf8' });
    expect(listing).toContain('2026-11-22 09:30');
    execFileSync('unzip', ['-q', archive, '-d', join(dir, 'out')]);
    for (const [path, text] of Object.entries(files)) expect(readFileSync(join(dir, 'out', path), 'utf8')).toBe(text);
  });

});
