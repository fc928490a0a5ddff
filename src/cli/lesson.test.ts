import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const cli = fileURLToPath(new URL('./lesson.ts', import.meta.url));
const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
};

test('--help prints the commands and succeeds', async () => {
  const { code, stdout } = await run('--help');
  expect(code).toBe(0);
  for (const command of ['start NN', 'diff NN', 'samples NN']) expect(stdout).toContain(`npm run lesson -- ${command}`);
});

test('samples prints each sample event of the lesson as a rule sees it, detail and all', async () => {
  const { code, stdout } = await run('samples', '06');
  expect(code).toBe(0);
  const events = stdout
    .split(/^# .*\n(?:# .*\n)?/m)
    .filter((part) => part.trim())
    .map((part) => JSON.parse(part) as { source: string; 'detail-type': string; detail: Record<string, unknown> });
  expect(events.length).toBeGreaterThan(1);
  expect(events[0]).toMatchObject({ version: '0', source: 'myapp.logistics', 'detail-type': 'PackageStatusChanged', region: 'us-east-1', detail: { status: 'OUT_FOR_DELIVERY' } });
  expect(stdout).toMatch(/^# Package out for delivery$/m);
});

test('an unknown command or lesson says how to use it', async () => {
  expect(await run('samples', '99')).toMatchObject({ code: 1, stderr: expect.stringContaining('There is no lesson 99') });
  expect(await run('sample', '06')).toMatchObject({ code: 2, stderr: expect.stringContaining('npm run lesson -- samples NN') });
});
