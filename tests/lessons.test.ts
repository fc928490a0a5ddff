// The lesson catalogue keeps itself honest, like `rustlings dev check`: for every lesson with an exercise,
// the solution passes every check, the untouched starter fails at least one (no vacuous check, no exercise
// already solved), the files to edit say where with TODO, and hints are there to point the way.

import { describe, expect, test } from 'vitest';
import { nodeHost } from '../src/lambda/host/node-host.ts';
import { runChecks } from '../src/lessons/checks.ts';
import { loadLessons, solutionFiles, type LessonSource } from '../src/lessons/node-loader.ts';

// LESSON=04 npx vitest run tests/lessons.test.ts checks one lesson while you write it.
const only = process.env.LESSON ? process.env.LESSON.split(',').map(Number) : undefined;
const lessons = await loadLessons(only ? { only } : {});
const starterFiles = (lesson: LessonSource) => lesson.starter;

describe.each(lessons.map((lesson) => [lesson.id, lesson] as const))('lesson %s', (_id, lesson) => {
  test('its solution passes every check', async () => {
    const results = await runChecks({ architecture: lesson.architecture, checks: lesson.checks, files: solutionFiles(lesson) }, nodeHost);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
  }, 60_000);

  test('its untouched starter fails at least one check, and no check errors', async () => {
    const results = await runChecks({ architecture: lesson.architecture, checks: lesson.checks, files: starterFiles(lesson) }, nodeHost);
    expect(results.some((r) => r.status === 'fail')).toBe(true);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
  }, 60_000);

  test('marks the change in each file the learner edits with TODO, and its solution changes some of them', () => {
    expect(lesson.frontmatter.files.length).toBeGreaterThan(0);
    for (const file of lesson.frontmatter.files) expect(lesson.starter[file], file).toMatch(/TODO/);
    expect(Object.keys(lesson.solution).some((file) => lesson.frontmatter.files.includes(file))).toBe(true);
  });

  test('has at least three checks, two or three hints, and every hint a check points to exists', () => {
    expect(lesson.checks.checks.length).toBeGreaterThanOrEqual(3);
    expect(lesson.checks.hints.length).toBeGreaterThanOrEqual(2);
    for (const check of lesson.checks.checks) {
      if (check.hint !== undefined) expect(lesson.checks.hints[check.hint], check.name).toBeDefined();
    }
  });
});
