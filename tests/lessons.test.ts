// The lesson catalogue keeps itself honest, like `rustlings dev check` taken further: for every lesson with an
// exercise, the solution passes every check, the untouched starter fails at least one (no vacuous check, no
// exercise already solved), every known-wrong answer in mutants/ fails the check it names, every other right
// answer in alternatives/ passes them all, the files to edit say where with TODO, and hints are there to point
// the way. A check that pins the sample rather than the skill shows up here as a mutant that passes.

import { describe, expect, test } from 'vitest';
import { nodeHost } from '../src/lambda/host/node-host.ts';
import { runCheck, runChecks } from '../src/lessons/checks.ts';
import { answerFiles, loadLessons, solutionFiles, type LessonSource } from '../src/lessons/node-loader.ts';

// LESSON=04 npx vitest run tests/lessons.test.ts checks one lesson while you write it.
const only = process.env.LESSON ? process.env.LESSON.split(',').map(Number) : undefined;
const lessons = await loadLessons(only ? { only } : {});

/** At least this many of each per lesson: enough to cover the ways a half-understood answer goes wrong. */
const MIN_MUTANTS = 8;
const MIN_ALTERNATIVES = 2;

const describeResults = (results: { name: string; status: string; message?: string }[]) =>
  results.map((r) => `${r.status === 'pass' ? '✔' : '✘'} ${r.name}${r.status === 'pass' ? '' : `\n    ${r.message?.split('\n').join('\n    ')}`}`).join('\n');

describe.each(lessons.map((lesson) => [lesson.id, lesson] as const))('lesson %s', (_id, lesson: LessonSource) => {
  const run = (files: Record<string, string>) => runChecks({ architecture: lesson.architecture, checks: lesson.checks, files }, nodeHost);

  describe.concurrent('graded answers', () => {
    test('its solution passes every check', async () => {
      const results = await run(solutionFiles(lesson));
      expect(results.filter((r) => r.status !== 'pass'), describeResults(results)).toEqual([]);
    }, 60_000);

    test('its untouched starter fails at least one check, and no check errors', async () => {
      const results = await run(lesson.starter);
      expect(results.some((r) => r.status === 'fail')).toBe(true);
      expect(results.filter((r) => r.status === 'error')).toEqual([]);
    }, 60_000);

    test.for(lesson.mutants.map((mutant) => [mutant.name, mutant] as const))('the mutant %s fails the check it names', { timeout: 60_000 }, async ([, mutant]) => {
      const check = lesson.checks.checks.find((c) => c.name === mutant.fails)!;
      const result = await runCheck({ architecture: lesson.architecture, checks: lesson.checks, files: answerFiles(lesson, mutant) }, check, nodeHost);
      // A failure, not an error: the check ran and judged the answer wrong, with a message that says why.
      expect({ status: result.status, check: result.name }, `${mutant.why}\n${result.message ?? ''}`).toEqual({ status: 'fail', check: mutant.fails });
      expect(result.message, 'the failure says what was expected and what happened').toBeTruthy();
    });

    test.for(lesson.alternatives.map((alternative) => [alternative.name, alternative] as const))('the alternative %s passes every check', { timeout: 60_000 }, async ([, alternative]) => {
      const results = await run(answerFiles(lesson, alternative));
      expect(results.filter((r) => r.status !== 'pass'), `${alternative.why}\n${describeResults(results)}`).toEqual([]);
    });
  });

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
});
