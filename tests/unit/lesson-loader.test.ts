import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exercismResults, scoreboard, type LessonGrade } from '../../src/lessons/grade.ts';
import { learnerFiles, loadLessons, solutionFiles } from '../../src/lessons/node-loader.ts';

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

/** A repository with one lesson, 05-fixture, whose files are given by path. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'workbook-repo-'));
  roots.push(root);
  const all: Record<string, string> = {
    'lessons/05-fixture/index.mdx': '---\ntitle: Fixture\nsummary: A lesson for tests.\nobjectives:\n  - Test\nestimatedMinutes: 5\nfiles: [handler.ts]\n---\n\nText.\n',
    'lessons/05-fixture/architecture.ts': 'export default { sampleEvents: [] };\n',
    'lessons/05-fixture/checks.ts': 'export default { hints: {}, checks: [] };\n',
    'lessons/05-fixture/handler.ts': '// TODO: write the handler\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('loading lessons from disk', () => {
  it('uses the workspace copy over the starter, and the solution over the starter', async () => {
    const root = repo({ 'solutions/05-fixture/handler.ts': 'export const handler = 1;\n', 'workspace/05-fixture/handler.ts': 'mine\n' });
    const [lesson] = await loadLessons({ root });
    expect(learnerFiles(lesson!)['handler.ts']).toBe('mine\n');
    expect(solutionFiles(lesson!)['handler.ts']).toBe('export const handler = 1;\n');
    expect(lesson!.starter).not.toHaveProperty('architecture.ts');
  });

  it('reads frontmatter with Windows line endings', async () => {
    const root = repo({ 'lessons/05-fixture/index.mdx': '---\r\ntitle: Fixture\r\nsummary: S.\r\nobjectives: [Test]\r\nestimatedMinutes: 5\r\nfiles: [handler.ts]\r\n---\r\n' });
    const [lesson] = await loadLessons({ root });
    expect(lesson!.frontmatter.title).toBe('Fixture');
  });

  it('keeps the lesson’s own non-edited files, and the learner’s extra modules', async () => {
    const root = repo({ 'lessons/05-fixture/given.ts': 'given\n', 'workspace/05-fixture/given.ts': 'tampered\n', 'workspace/05-fixture/helper.ts': 'mine\n' });
    const [lesson] = await loadLessons({ root });
    expect(learnerFiles(lesson!)['given.ts']).toBe('given\n');
    expect(learnerFiles(lesson!)['helper.ts']).toBe('mine\n');
  });

  it('reads mutants and alternatives as answers over the solution, not as starter files', async () => {
    const root = repo({
      'lessons/05-fixture/checks.ts': "export default { hints: {}, checks: [{ name: 'handles it', run() {} }] };\n",
      'solutions/05-fixture/handler.ts': 'right\n',
      'lessons/05-fixture/mutants/wrong-way/handler.ts': 'wrong\n',
      'lessons/05-fixture/mutants/wrong-way/mutant.json': '{ "why": "Does it wrong.", "fails": "handles it" }',
      'lessons/05-fixture/alternatives/other-way/handler.ts': 'also right\n',
      'lessons/05-fixture/alternatives/other-way/alternative.json': '{ "why": "Another way." }',
    });
    const [lesson] = await loadLessons({ root });
    expect(lesson!.mutants).toEqual([{ name: 'wrong-way', why: 'Does it wrong.', fails: 'handles it', files: { 'handler.ts': 'wrong\n' } }]);
    expect(lesson!.alternatives).toEqual([{ name: 'other-way', why: 'Another way.', files: { 'handler.ts': 'also right\n' } }]);
    expect(Object.keys(lesson!.starter)).toEqual(['handler.ts']);
  });

  it('refuses a mutant that names no check of the lesson, or has no why', async () => {
    const unnamed = repo({ 'lessons/05-fixture/mutants/m/handler.ts': 'x\n', 'lessons/05-fixture/mutants/m/mutant.json': '{ "why": "W.", "fails": "no such check" }' });
    await expect(loadLessons({ root: unnamed })).rejects.toThrow('lessons/05-fixture/mutants/m/mutant.json says it fails "no such check", but lessons/05-fixture/checks.ts has no check of that name.');
    const noWhy = repo({ 'lessons/05-fixture/alternatives/a/handler.ts': 'x\n', 'lessons/05-fixture/alternatives/a/alternative.json': '{}' });
    await expect(loadLessons({ root: noWhy })).rejects.toThrow(/lessons\/05-fixture\/alternatives\/a\/alternative.json: why:/);
  });

  it('refuses an architecture whose target names a resource it does not declare', async () => {
    const root = repo({
      'lessons/05-fixture/architecture.ts': "export default { queues: [{ name: 'inbox' }], rules: [{ name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 't', to: { queue: 'inbx' } }] }], sampleEvents: [] };\n",
    });
    await expect(loadLessons({ root })).rejects.toThrow('lessons/05-fixture/architecture.ts: The rule r\'s target t names the queue "inbx", but the architecture declares no queue of that name (it has "inbox").');
  });

  it('counts a lesson without a workspace folder as not started', async () => {
    const [lesson] = await loadLessons({ root: repo({ 'solutions/05-fixture/handler.ts': 'done\n' }) });
    expect(lesson!.workspace).toBeUndefined();
  });

  it('refuses a solution file identical to its starter, saying what to do', async () => {
    const root = repo({ 'solutions/05-fixture/handler.ts': '// TODO: write the handler\n' });
    await expect(loadLessons({ root })).rejects.toThrow(
      'solutions/05-fixture/handler.ts is identical to lessons/05-fixture/handler.ts: a solution holds only the files it changes. Delete it, or change it.',
    );
  });

  it('refuses frontmatter that lists a file the lesson does not have', async () => {
    const root = repo({ 'lessons/05-fixture/index.mdx': '---\ntitle: Fixture\nsummary: S.\nobjectives: [Test]\nestimatedMinutes: 5\nfiles: [missing.ts]\n---\n' });
    await expect(loadLessons({ root })).rejects.toThrow('lessons/05-fixture/index.mdx lists "missing.ts" among the files the learner edits, but lessons/05-fixture/missing.ts does not exist.');
  });
});

describe('grading output', () => {
  const lesson = { id: '03-welcome-email', number: 3, frontmatter: { title: 'The first consumer' }, checks: { hints: {}, checks: [] } } as unknown as LessonGrade['lesson'];
  const notStarted = { ...lesson, id: '04-fan-out', number: 4, frontmatter: { ...lesson.frontmatter, title: 'Fan-out' }, checks: { hints: {}, checks: [{ name: 'counts signups', run() {} }] } };
  const grades: LessonGrade[] = [
    { lesson, results: [{ name: 'sends one welcome email', status: 'fail', message: 'Expected 1, but it was 0.', hint: 'Which command sends email?' }, { name: 'logs', status: 'pass' }] },
    { lesson: notStarted },
  ];

  it('shows each check, the first failure with its hint, and lessons not started', () => {
    expect(scoreboard(grades, false)).toBe(
      [
        '  03 The first consumer  ✘ 1 of 2 checks pass',
        '     ✘ sends one welcome email',
        '       Expected 1, but it was 0.',
        '       Hint: Which command sends email?',
        '     ✔ logs',
        '  04 Fan-out             not started  (npm run lesson -- start 04)',
        '',
        '1 of 2 started · 0 complete',
      ].join('\n'),
    );
  });

  it('writes Exercism’s test-runner interface v3, counting a lesson not started as not done', () => {
    expect(exercismResults(grades)).toEqual({
      version: 3,
      status: 'fail',
      tests: [
        { name: '03 The first consumer › sends one welcome email', status: 'fail', message: 'Expected 1, but it was 0.\nHint: Which command sends email?', task_id: 3 },
        { name: '03 The first consumer › logs', status: 'pass', task_id: 3 },
        { name: '04 Fan-out › counts signups', status: 'fail', message: 'Lesson not started: npm run lesson -- start 04', task_id: 4 },
      ],
    });
  });

  it('passes only when every check of every lesson passes', () => {
    expect(exercismResults([{ lesson, results: [{ name: 'logs', status: 'pass' }] }]).status).toBe('pass');
  });
});
