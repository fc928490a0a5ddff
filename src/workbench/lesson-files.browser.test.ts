// In Chromium, as a lesson page runs them: the lesson's own checks against the learner's files, learner code in
// the Web Worker sandbox. The same checks `npm test` runs in Node, with the same verdicts.
import { describe, expect, it } from 'vitest';
import { webWorkerHost } from '../lambda/host/web-worker-host.ts';
import { runChecks } from '../lessons/checks.ts';
import { learnerFiles, loadWorkbenchLesson, solutionFiles } from './lesson-files.ts';

describe('a lesson in the browser', () => {
  it('loads a lesson’s starter, solution and checks, and keeps a learner’s edits only to the files they edit', async () => {
    const lesson = await loadWorkbenchLesson('03-welcome-email', ['handler.ts']);
    expect(lesson.starter['handler.ts']).toContain('export const handler');
    expect(lesson.solution['handler.ts']).not.toBe(lesson.starter['handler.ts']);
    expect(Object.keys(lesson.starter)).not.toContain('checks.ts');
    const fanOut = await loadWorkbenchLesson('04-fan-out', ['audit.ts', 'analytics.ts']);
    const files = learnerFiles(fanOut, { 'audit.ts': 'mine', 'handler.ts': 'lesson 03’s, given: not mine to change' });
    expect(files['audit.ts']).toBe('mine');
    expect(files['handler.ts']).toBe(fanOut.starter['handler.ts']);
    expect(files['analytics.ts']).toBe(fanOut.starter['analytics.ts']);
    await expect(loadWorkbenchLesson('99-missing', [])).rejects.toThrow('Lesson 99-missing has no architecture.ts and checks.ts');
    // A page whose editable list has drifted from the lesson's solution finds out at once.
    await expect(loadWorkbenchLesson('03-welcome-email', [])).rejects.toThrow('solutions/03-welcome-email/handler.ts is not one of the files the learner edits');
  });

  it('starts lesson 04 from lesson 03’s solution view (from: 3), as the Node loader does', async () => {
    const welcome = await loadWorkbenchLesson('03-welcome-email', ['handler.ts']);
    const fanOut = await loadWorkbenchLesson('04-fan-out', ['audit.ts', 'analytics.ts']);
    expect(fanOut.starter['handler.ts']).toBe(solutionFiles(welcome)['handler.ts']);
    expect(Object.keys(fanOut.starter).sort()).toEqual(['analytics.ts', 'audit.ts', 'handler.ts']);
    // Lesson 05 carries its own handler.ts, the exercise: that one counts, not lesson 03's.
    const monitoring = await loadWorkbenchLesson('05-monitoring', ['handler.ts', 'alarms.json']);
    expect(monitoring.starter['handler.ts']).toMatch(/TODO/);
  });

  it('fails lesson 03’s checks on the untouched starter and passes them on the solution, in the Web Worker sandbox', async () => {
    const lesson = await loadWorkbenchLesson('03-welcome-email', ['handler.ts']);
    const starter = await runChecks({ architecture: lesson.architecture, checks: lesson.checks, files: learnerFiles(lesson, {}) }, webWorkerHost);
    expect(starter.some((r) => r.status === 'fail')).toBe(true);
    const solution = await runChecks({ architecture: lesson.architecture, checks: lesson.checks, files: solutionFiles(lesson) }, webWorkerHost);
    expect(solution.map((r) => `${r.name}: ${r.status}${r.status === 'pass' ? '' : ` ${r.message}`}`)).toEqual(solution.map((r) => `${r.name}: pass`));
  });
});
