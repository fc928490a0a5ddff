// The lesson catalogue keeps itself honest, like `rustlings dev check` taken further: for every lesson with an
// exercise, the solution passes every check, the untouched starter fails at least one (no vacuous check, no
// exercise already solved), every known-wrong answer in mutants/ fails the check it names, every other right
// answer in alternatives/ passes them all, the files to edit say where with TODO, and hints are there to point
// the way. A check that pins the sample rather than the skill shows up here as a mutant that passes.
//
// The graded answers are many and slow (each check builds an account and boots functions), so they are dealt
// out over a few test files, `shard-N.test.ts`, that vitest runs side by side; every answer is in exactly one.
// They are dealt by a rough cost, the dearest first, so the shards take about as long as each other; and in each
// shard all answers, whatever their lesson, share one pool of `maxConcurrency` slots, dearest first, so that no
// slot waits for one lesson's slowest answer before the next lesson may start.

import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { nodeHost } from '../../src/lambda/host/node-host.ts';
import { runCheck, runChecks } from '../../src/lessons/checks.ts';
import { answerFiles, loadLessons, solutionFiles, type GradedAnswer, type LessonSource } from '../../src/lessons/node-loader.ts';

/** How many shard files there are: `shard-1.test.ts` … `shard-${SHARDS}.test.ts`. */
export const SHARDS = 3;

/** At least this many of each per lesson: enough to cover the ways a half-understood answer goes wrong. */
const MIN_MUTANTS = 8;
const MIN_ALTERNATIVES = 2;

// LESSON=04 npx vitest run tests/lessons checks one lesson while you write it.
const only = process.env.LESSON ? process.env.LESSON.split(',').map(Number) : undefined;
const lessons = await loadLessons(only ? { only } : {});

type Answer =
  | { kind: 'solution' | 'starter'; lesson: LessonSource }
  | { kind: 'mutant' | 'alternative'; lesson: LessonSource; answer: GradedAnswer };

/** Every graded answer of every lesson, in a fixed order. */
const answers: Answer[] = lessons.flatMap((lesson) => [
  { kind: 'solution' as const, lesson },
  { kind: 'starter' as const, lesson },
  ...lesson.mutants.map((answer) => ({ kind: 'mutant' as const, lesson, answer })),
  ...lesson.alternatives.map((answer) => ({ kind: 'alternative' as const, lesson, answer })),
]);

/**
 * What proving an answer roughly costs: the checks it runs (a mutant runs only the one it names), where a lesson
 * with no function to boot checks in milliseconds. Rough, but it told a lesson 04 solution (seven checks, each
 * booting sandboxes) from a lesson 02 mutant (one pattern match), which dealing every third answer did not.
 */
const cost = (a: Answer): number => (a.kind === 'mutant' ? 1 : a.lesson.checks.checks.length) * ((a.lesson.architecture.functions?.length ?? 0) > 0 ? 1 : 0.05);

/** The answers of each shard, dearest first: each answer, dearest first, goes to the shard with the least so far. */
const shards: Answer[][] = (() => {
  const dealt = Array.from({ length: SHARDS }, () => ({ answers: [] as Answer[], total: 0 }));
  for (const answer of [...answers].sort((a, b) => cost(b) - cost(a))) {
    const lightest = dealt.reduce((least, shard) => (shard.total < least.total ? shard : least));
    lightest.answers.push(answer);
    lightest.total += cost(answer);
  }
  return dealt.map((shard) => shard.answers);
})();

const describeResults = (results: { name: string; status: string; message?: string }[]) =>
  results.map((r) => `${r.status === 'pass' ? '✔' : '✘'} ${r.name}${r.status === 'pass' ? '' : `\n    ${r.message?.split('\n').join('\n    ')}`}`).join('\n');

const run = (lesson: LessonSource, files: Record<string, string>) => runChecks({ architecture: lesson.architecture, checks: lesson.checks, files }, nodeHost);

/** The test that proves one graded answer: its name and its body. */
function gradedTest(a: Answer): [string, () => Promise<void>] {
  const { lesson } = a;
  switch (a.kind) {
    case 'solution':
      return [
        'its solution passes every check',
        async () => {
          const results = await run(lesson, solutionFiles(lesson));
          expect(results.filter((r) => r.status !== 'pass'), describeResults(results)).toEqual([]);
        },
      ];
    case 'starter':
      return [
        'its untouched starter fails at least one check, and no check errors',
        async () => {
          const results = await run(lesson, lesson.starter);
          expect(results.some((r) => r.status === 'fail')).toBe(true);
          expect(results.filter((r) => r.status === 'error')).toEqual([]);
        },
      ];
    case 'mutant':
      return [
        `the mutant ${a.answer.name} fails the check it names`,
        async () => {
          const mutant = a.answer;
          const check = lesson.checks.checks.find((c) => c.name === mutant.fails)!;
          const result = await runCheck({ architecture: lesson.architecture, checks: lesson.checks, files: answerFiles(lesson, mutant) }, check, nodeHost);
          // A failure, not an error: the check ran and judged the answer wrong, with a message that says why.
          expect({ status: result.status, check: result.name }, `${mutant.why}\n${result.message ?? ''}`).toEqual({ status: 'fail', check: mutant.fails });
          expect(result.message, 'the failure says what was expected and what happened').toBeTruthy();
        },
      ];
    case 'alternative':
      return [
        `the alternative ${a.answer.name} passes every check`,
        async () => {
          const results = await run(lesson, answerFiles(lesson, a.answer));
          expect(results.filter((r) => r.status !== 'pass'), `${a.answer.why}\n${describeResults(results)}`).toEqual([]);
        },
      ];
  }
}

/** Defines shard `shard` (1…SHARDS): its share of the graded answers, and in shard 1 the checks on each lesson's shape. */
export function lessonSelfTest(shard: number): void {
  const mine = shards[shard - 1]!;
  if (mine.length > 0) {
    describe.concurrent('graded answers', () => {
      for (const answer of mine) {
        const [name, body] = gradedTest(answer);
        // A hang guard: an answer takes seconds alone, but shares two cores with every other answer in flight.
        test(`lesson ${answer.lesson.id}: ${name}`, body, 180_000);
      }
    });
  }
  if (shard === 1) for (const lesson of lessons) describe(`lesson ${lesson.id}`, () => lessonShape(lesson));
  if (shard === 1) {
    test(`the ${SHARDS} shard files are all there, so every graded answer is run`, () => {
      const files = readdirSync(new URL('.', import.meta.url)).filter((name) => /^shard-\d+\.test\.ts$/.test(name));
      expect(files.sort()).toEqual(Array.from({ length: SHARDS }, (_, i) => `shard-${i + 1}.test.ts`).sort());
    });
  }
}

function lessonShape(lesson: LessonSource): void {
  test(`has at least ${MIN_MUTANTS} mutants and ${MIN_ALTERNATIVES} alternatives`, () => {
    expect(lesson.mutants.length).toBeGreaterThanOrEqual(MIN_MUTANTS);
    expect(lesson.alternatives.length).toBeGreaterThanOrEqual(MIN_ALTERNATIVES);
  });

  test('marks the change in each file the learner edits with TODO, and its solution changes some of them', () => {
    expect(lesson.frontmatter.files.length).toBeGreaterThan(0);
    for (const file of lesson.frontmatter.files) expect(lesson.starter[file], file).toMatch(/TODO/);
    expect(Object.keys(lesson.solution).some((file) => lesson.frontmatter.files.includes(file))).toBe(true);
  });

  test('has at least three checks with distinct names, two to four hints, and every hint a check names exists', () => {
    const hints = lesson.checks.hints;
    expect(lesson.checks.checks.length).toBeGreaterThanOrEqual(3);
    // A mutant names the check it must fail, so no two checks may share a name.
    expect(new Set(lesson.checks.checks.map((c) => c.name)).size).toBe(lesson.checks.checks.length);
    expect(Object.keys(hints).length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(hints).length).toBeLessThanOrEqual(4);
    for (const check of lesson.checks.checks) {
      if (check.hint !== undefined) expect(Object.hasOwn(hints, check.hint), `${check.name} names the hint "${check.hint}"`).toBe(true);
    }
  });
}
