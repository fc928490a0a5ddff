// `node tests/support/side-by-side.ts "<command>" "<command>" ...`: runs commands at the same time and fails if any
// fails. `npm test` starts the unit tests, the type check and the site build this way: the check and the build each
// keep one core busy for half a minute (TypeScript and Rollup do their work on one thread), which alone left the
// other core idle; beside the unit tests, which use both cores, no core waits. The first command's output is shown
// as it runs; each other command's output is printed whole when it ends, so no two interleave line by line.

import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: node tests/support/side-by-side.ts "<command shown as it runs>" "<command>" ...');
  process.exit(2);
}

const runs = commands.map(
  (command, index) =>
    new Promise<number>((resolve) => {
      const started = performance.now();
      const output: Buffer[] = [];
      const live = index === 0;
      const child = spawn(command, { shell: true, stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'] });
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
      child.on('error', (error) => (live ? process.stderr.write(`${error.message}\n`) : output.push(Buffer.from(`${error.message}\n`))));
      child.on('close', (code, signal) => {
        const status = code ?? (signal ? 1 : 0);
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        if (!live) process.stdout.write(`\n> ${command}\n${Buffer.concat(output).toString()}`);
        process.stdout.write(`${status === 0 ? '✓' : '✗'} ${command} (${seconds} s${status === 0 ? '' : `, exit ${code ?? signal}`})\n`);
        resolve(status);
      });
    }),
);

const statuses = await Promise.all(runs);
process.exit(statuses.find((status) => status !== 0) ?? 0);
