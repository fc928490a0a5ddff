import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exercismResults, scoreboard, type LessonGrade } from '../../src/lessons/grade.ts';
import { learnerFiles, loadLessons, REPO_ROOT, solutionFiles } from '../../src/lessons/node-loader.ts';

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

/** A repository with one lesson, 05-fixture, whose files are given by path; `bare`: only the files given. */
function repo(files: Record<string, string>, bare = false): string {
  const root = mkdtempSync(join(tmpdir(), 'workbook-repo-'));
  roots.push(root);
  const all: Record<string, string> = {
    'lessons/05-fixture/index.mdx': '---\ntitle: Fixture\nsummary: A lesson for tests.\nobjectives:\n  - Test\nestimatedMinutes: 5\nfiles: [handler.ts]\n---\n\nText.\n',
    'lessons/05-fixture/architecture.ts': 'export default { sampleEvents: [] };\n',
    'lessons/05-fixture/checks.ts': 'export default { hints: {}, checks: [] };\n',
    'lessons/05-fixture/handler.ts': '// TODO: write the handler\n',
    ...files,
  };
  for (const [path, text] of Object.entries(bare ? files : all)) {
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

/** The files of a lesson `id` that edits `files` and, given `from`, continues that lesson. */
function lesson(id: string, options: { files?: string[]; from?: number | string; starter?: Record<string, string>; solution?: Record<string, string> } = {}): Record<string, string> {
  const files = options.files ?? Object.keys(options.starter ?? {});
  const from = options.from === undefined ? '' : `from: ${options.from}\n`;
  return {
    [`lessons/${id}/index.mdx`]: `---\ntitle: ${id}\nsummary: S.\nobjectives: [Test]\nestimatedMinutes: 5\nfiles: [${files.join(', ')}]\n${from}---\n`,
    [`lessons/${id}/architecture.ts`]: 'export default { sampleEvents: [] };\n',
    [`lessons/${id}/checks.ts`]: 'export default { hints: {}, checks: [] };\n',
    ...Object.fromEntries(Object.entries(options.starter ?? {}).map(([path, text]) => [`lessons/${id}/${path}`, text])),
    ...Object.fromEntries(Object.entries(options.solution ?? {}).map(([path, text]) => [`solutions/${id}/${path}`, text])),
  };
}

describe('a lesson that continues an earlier one (from)', () => {
  const bare = (files: Record<string, string>) => repo(files, true);
  /** 03 writes handler.ts; the fixture, 05, counts signups in count.ts and gets handler.ts from 03. */
  const chain = (fixture: { from?: number | string; starter?: Record<string, string>; files?: string[] } = {}) => ({
    ...lesson('03-first', { starter: { 'handler.ts': '// TODO: the handler\n', 'given.ts': 'given\n' }, files: ['handler.ts'], solution: { 'handler.ts': 'handled\n' } }),
    ...lesson('05-fixture', { from: 3, files: ['count.ts'], starter: { 'count.ts': '// TODO: count\n' }, ...fixture }),
    'solutions/05-fixture/count.ts': 'counted\n',
  });

  it('starts from the earlier lesson’s solution view: the files it does not carry come from there', async () => {
    const root = bare(chain());
    const [first, fixture] = await loadLessons({ root });
    expect(fixture!.from).toBe('03-first');
    expect(fixture!.inherited).toEqual(solutionFiles(first!));
    expect(fixture!.starter).toEqual({ 'handler.ts': 'handled\n', 'given.ts': 'given\n', 'count.ts': '// TODO: count\n' });
    // Every view builds on that starter: the learner's, the solution's, and the answers over the solution.
    expect(learnerFiles(fixture!)['handler.ts']).toBe('handled\n');
    expect(solutionFiles(fixture!)).toEqual({ 'handler.ts': 'handled\n', 'given.ts': 'given\n', 'count.ts': 'counted\n' });
  });

  it('takes "from: 03" as lesson 3, as the lesson number is written elsewhere', async () => {
    const [, fixture] = await loadLessons({ root: bare(chain({ from: '03' })) });
    expect(fixture!.from).toBe('03-first');
  });

  it('follows a fix to the earlier solution, and still finds the earlier lesson when loading only this one', async () => {
    const root = bare({ ...chain(), 'solutions/03-first/handler.ts': 'handled, fixed\n' });
    const [fixture] = await loadLessons({ root, only: [5] });
    expect(fixture!.starter['handler.ts']).toBe('handled, fixed\n');
  });

  it('lets a lesson carry its own version of an inherited file, and edit an inherited file it does not carry', async () => {
    const overrides = await loadLessons({ root: bare(chain({ starter: { 'count.ts': '// TODO: count\n', 'handler.ts': '// TODO: handle google signups\n' } })) });
    expect(overrides[1]!.starter['handler.ts']).toBe('// TODO: handle google signups\n');
    const edits = await loadLessons({ root: bare({ ...chain({ files: ['count.ts', 'handler.ts'] }), 'solutions/05-fixture/handler.ts': 'handled better\n' }) });
    expect(edits[1]!.starter['handler.ts']).toBe('handled\n');
    expect(solutionFiles(edits[1]!)['handler.ts']).toBe('handled better\n');
  });

  it('resolves a chain: 05 from 04 from 03', async () => {
    const root = bare({
      ...chain({ from: 4 }),
      ...lesson('04-middle', { from: 3, starter: { 'audit.ts': '// TODO: audit\n' }, files: ['audit.ts'], solution: { 'audit.ts': 'audited\n' } }),
    });
    const [fixture] = await loadLessons({ root, only: [5] });
    expect(fixture!.from).toBe('04-middle');
    expect(fixture!.starter).toEqual({ 'handler.ts': 'handled\n', 'given.ts': 'given\n', 'audit.ts': 'audited\n', 'count.ts': '// TODO: count\n' });
  });

  it('refuses a copy of a file the lesson would inherit unchanged, saying what to do', async () => {
    const root = bare(chain({ starter: { 'count.ts': '// TODO: count\n', 'handler.ts': 'handled\n' } }));
    await expect(loadLessons({ root })).rejects.toThrow(
      'lessons/05-fixture/handler.ts is identical to the handler.ts lesson 05 starts from (lessons/03-first\'s solution view, through "from: 3"): a lesson holds only the files it changes. Delete it, and a fix to the earlier lesson reaches this one too.',
    );
  });

  it('refuses a solution identical to an inherited file, naming where that file comes from', async () => {
    const root = bare({ ...chain({ files: ['count.ts', 'handler.ts'] }), 'solutions/05-fixture/handler.ts': 'handled\n' });
    await expect(loadLessons({ root })).rejects.toThrow(
      'solutions/05-fixture/handler.ts is identical to lessons/05-fixture/handler.ts (inherited from lessons/03-first): a solution holds only the files it changes.',
    );
  });

  it('refuses a from that names a missing, the same or a later lesson, or makes a cycle, naming the file', async () => {
    await expect(loadLessons({ root: bare(chain({ from: 2 })) })).rejects.toThrow('lessons/05-fixture/index.mdx says "from: 2", but the course has no lesson 02: name an earlier lesson by its number.');
    await expect(loadLessons({ root: bare(chain({ from: 5 })) })).rejects.toThrow('lessons/05-fixture/index.mdx says "from: 5", its own number: a lesson can only start where an earlier one ended.');
    await expect(loadLessons({ root: bare({ ...chain(), ...lesson('06-later') }), only: [3] })).resolves.toHaveLength(1);
    await expect(loadLessons({ root: bare({ ...chain({ from: 6 }), ...lesson('06-later') }) })).rejects.toThrow(
      'lessons/05-fixture/index.mdx says "from: 6", but lesson 06 (06-later) comes after it: a lesson can only start where an earlier one ended.',
    );
    const cycle = bare({ ...chain({ from: 4 }), ...lesson('04-middle', { from: 5 }) });
    await expect(loadLessons({ root: cycle, only: [5] })).rejects.toThrow(
      'lessons/04-middle/index.mdx says "from: 5", and lesson 05 leads back to it, a cycle (04 from 05 from 04): a lesson can only start where an earlier one ended.',
    );
    await expect(loadLessons({ root: bare(chain({ from: 'three' })) })).rejects.toThrow(/^lessons\/05-fixture\/index.mdx: from: /);
  });

  it('refuses an edited file that neither the lesson nor the one it continues has', async () => {
    await expect(loadLessons({ root: bare(chain({ files: ['count.ts', 'missing.ts'] })) })).rejects.toThrow(
      'lessons/05-fixture/index.mdx lists "missing.ts" among the files the learner edits, but lessons/05-fixture/missing.ts does not exist and lessons/03-first\'s solution view has no missing.ts.',
    );
  });
});

describe('the course’s lessons that continue lesson 03', () => {
  it('carry no copy of a file they inherit unchanged: lesson 03’s handler is its solution, wherever it is used', async () => {
    const [welcome, fanOut, monitoring] = await loadLessons({ only: [3, 4, 5] });
    expect([fanOut!.from, monitoring!.from]).toEqual(['03-welcome-email', '03-welcome-email']);
    // 04 runs lesson 03's welcome-email function unchanged: it gets handler.ts from lesson 03's solution.
    expect(existsSync(join(REPO_ROOT, 'lessons', fanOut!.id, 'handler.ts'))).toBe(false);
    expect(existsSync(join(REPO_ROOT, 'lessons', fanOut!.id, 'welcome.ts'))).toBe(false);
    expect(fanOut!.starter['handler.ts']).toBe(solutionFiles(welcome!)['handler.ts']);
    // 05 carries its own handler.ts, the exercise (a TODO where lesson 03's solution fails some signups), not a copy.
    for (const lesson of [fanOut!, monitoring!]) {
      const carried = readdirSync(join(REPO_ROOT, 'lessons', lesson.id)).filter((file) => file in lesson.starter);
      for (const file of carried) expect(lesson.starter[file], `lessons/${lesson.id}/${file}`).not.toBe(lesson.inherited[file]);
    }
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
