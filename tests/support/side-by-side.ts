// `node tests/support/side-by-side.ts "<command>" "<command>" ...`: runs commands at the same time and fails if any
// fails. `npm test` starts with the type check and the site build this way: each keeps one core busy (TypeScript
// and Rollup do their work on one thread), so on two cores the pair takes as long as the slower one alone.
// Each command's output is printed whole when it ends, so the two never interleave.

import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: node tests/support/side-by-side.ts "<command>" "<command>" ...');
  process.exit(2);
}

const runs = commands.map(
  (command) =>
    new Promise<number>((resolve) => {
      const started = performance.now();
      const output: Buffer[] = [];
      const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
      child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
      child.on('close', (code, signal) => {
        const status = code ?? (signal ? 1 : 0);
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        process.stdout.write(`\n> ${command}\n${Buffer.concat(output).toString()}`);
        process.stdout.write(`${status === 0 ? '✓' : '✗'} ${command} (${seconds} s${status === 0 ? '' : `, exit ${code ?? signal}`})\n`);
        resolve(status);
      });
    }),
);

const statuses = await Promise.all(runs);
process.exit(statuses.find((status) => status !== 0) ?? 0);
