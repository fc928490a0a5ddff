// `npm run grade`: grades every lesson started in workspace/; `npm run grade -- 03` one lesson;
// `npm run grade -- --watch` re-grades a lesson each time one of its workspace files is saved.
// Writes test-results/results.json (Exercism's test-runner interface v3) for autograders.

import { mkdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeHost } from '../lambda/host/node-host.ts';
import { exercismResults, failedAny, gradeLessons, scoreboard } from '../lessons/grade.ts';
import { loadLessons, REPO_ROOT } from '../lessons/node-loader.ts';

const usage = 'usage: npm run grade [-- NN] [-- --watch]';
const { values, positionals } = (() => {
  try {
    return parseArgs({ options: { watch: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
})();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const only = positionals.map((p) => {
  const n = Number(p);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`"${p}" is not a lesson number.\n${usage}`);
    process.exit(2);
  }
  return n;
});
const color = process.stdout.isTTY === true;

async function gradeOnce(lessonNumbers: number[] | undefined): Promise<boolean> {
  const lessons = await loadLessons(lessonNumbers?.length ? { only: lessonNumbers } : {});
  if (lessons.length === 0) {
    console.error(`No lesson ${lessonNumbers?.join(', ')} with checks in lessons/.`);
    return false;
  }
  const grades = await gradeLessons(lessons, nodeHost);
  console.log(`Grading your work in workspace/\n\n${scoreboard(grades, color)}`);
  const out = join(REPO_ROOT, 'test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(exercismResults(grades), null, 2)}\n`);
  return !failedAny(grades);
}

if (!values.watch) {
  try {
    process.exitCode = (await gradeOnce(only)) ? 0 : 1;
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
} else {
  const workspace = join(REPO_ROOT, 'workspace');
  console.log('Watching workspace/ for changes (Ctrl-C stops)…');
  let timer: NodeJS.Timeout | undefined;
  let pending = new Set<number>();
  watch(workspace, { recursive: true }, (_event, file) => {
    const lesson = /^(\d{2})-/.exec(String(file ?? ''))?.[1];
    if (!lesson) return;
    pending.add(Number(lesson));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const numbers = [...pending];
      pending = new Set();
      if (color) process.stdout.write('\u001bc');
      gradeOnce(numbers).catch((error: unknown) => console.error((error as Error).message));
    }, 200);
  });
}
