// `npm run grade`: grades every lesson started in workspace/; `npm run grade -- 03` one lesson;
// `npm run grade -- --watch` grades, then re-grades a lesson each time one of its workspace files is saved.
// Writes test-results/results.json (Exercism's test-runner interface v3) for autograders.

import { mkdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeHost } from '../lambda/host/node-host.ts';
import { exercismError, exercismResults, failedAny, gradeLessons, scoreboard, type LessonGrade } from '../lessons/grade.ts';
import { loadLessons, REPO_ROOT } from '../lessons/node-loader.ts';

const usage = 'usage: npm run grade [-- NN ...] [-- --watch]';
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
const resultsFile = join(REPO_ROOT, 'test-results', 'results.json');

function writeResults(results: object): void {
  mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

/** The latest grade of each lesson, so a watch run that re-grades one lesson still reports them all. */
const latest = new Map<string, LessonGrade>();

async function grade(lessonNumbers: number[]): Promise<boolean> {
  try {
    const lessons = await loadLessons(lessonNumbers.length > 0 ? { only: lessonNumbers } : {});
    if (lessons.length === 0) throw new Error(`There is no lesson ${lessonNumbers.join(', ')} with checks in lessons/.`);
    for (const graded of await gradeLessons(lessons, nodeHost)) latest.set(graded.lesson.id, graded);
    const grades = [...latest.values()].sort((a, b) => a.lesson.number - b.lesson.number);
    console.log(`Grading your work in workspace/\n\n${scoreboard(grades, color)}`);
    writeResults(exercismResults(grades));
    return !failedAny(grades);
  } catch (error) {
    const message = (error as Error).message;
    console.error(message);
    writeResults(exercismError(message));
    return false;
  }
}

if (!values.watch) {
  process.exitCode = (await grade(only)) ? 0 : 1;
} else {
  await grade(only);
  console.log('\nWatching workspace/ for changes (Ctrl-C stops)…');
  let timer: NodeJS.Timeout | undefined;
  let pending = new Set<number>();
  let running: Promise<unknown> = Promise.resolve();
  watch(join(REPO_ROOT, 'workspace'), { recursive: true }, (_event, file) => {
    const lesson = Number(/^(\d{2})-/.exec(String(file ?? ''))?.[1]);
    if (!lesson || (only.length > 0 && !only.includes(lesson))) return;
    pending.add(lesson);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const numbers = [...pending];
      pending = new Set();
      // One grading at a time: saves made meanwhile wait for it.
      running = running.then(() => {
        if (color) process.stdout.write('\u001bc');
        return grade(numbers);
      });
    }, 200);
  });
}
