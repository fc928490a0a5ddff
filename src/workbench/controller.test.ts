// The workbench's actions without the page, in the Node sandbox host: what Send, Run, Fast-forward, Check and
// Reset do to the learner's account and to what the panels are told.
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHost } from '../lambda/host/node-host.ts';
import { loadLessons, solutionFiles, type LessonSource } from '../lessons/node-loader.ts';
import { composerText } from './composer.ts';
import { WorkbenchController } from './controller.ts';
import type { WorkbenchLesson } from './lesson-files.ts';

const [producer, pattern, welcome, fanOut] = await loadLessons({ only: [1, 2, 3, 4] });
const workbenchLesson = (source: LessonSource): WorkbenchLesson => ({
  id: source.id,
  editable: source.frontmatter.files,
  architecture: source.architecture,
  checks: source.checks,
  starter: source.starter,
  solution: source.solution,
});
const sampleOf = (source: LessonSource) => composerText(source.architecture.sampleEvents[0]!);

describe('WorkbenchController', () => {
  let controller: WorkbenchController | undefined;
  afterEach(() => controller?.dispose());

  it('sends the composed event into an account built from the files, and tells Flow its path and the invocations it caused', async () => {
    const files = solutionFiles(fanOut!);
    controller = new WorkbenchController(workbenchLesson(fanOut!), nodeHost, () => files);
    const heard: boolean[] = [];
    controller.subscribe(() => heard.push(controller!.state.busy));
    expect(controller.session).toBeUndefined();

    await controller.send(sampleOf(fanOut!));
    const { flow, announcement, busy, problem } = controller.state;
    expect(flow.journey?.steps.filter((step) => step.type === 'rule' && step.matched).length).toBeGreaterThan(0);
    expect(new Set(flow.invocations?.map((i) => i.functionName))).toEqual(new Set(['welcome-email', 'signup-audit', 'signup-analytics']));
    expect(announcement?.text).toMatch(/^Event sent; \d+ rules? matched\.$/);
    expect([busy, problem]).toEqual([false, '']);
    // The page heard that it started, and that it ended.
    expect(heard[0]).toBe(true);
    expect(heard.at(-1)).toBe(false);
    expect(controller.session?.world.cloud.ses.outbox()).toHaveLength(1);
  });

  it('keeps the account while the files stay the same, and builds a fresh one when they change', async () => {
    let files = solutionFiles(fanOut!);
    controller = new WorkbenchController(workbenchLesson(fanOut!), nodeHost, () => files);
    await controller.send(sampleOf(fanOut!));
    const first = controller.session;
    await controller.send(sampleOf(fanOut!));
    expect(controller.session).toBe(first);
    expect(first?.world.cloud.ses.outbox()).toHaveLength(2);
    files = { ...files, 'audit.ts': `${files['audit.ts']}\n// edited\n` };
    await controller.send(sampleOf(fanOut!));
    expect(controller.session).not.toBe(first);
    expect(controller.session?.world.cloud.ses.outbox()).toHaveLength(1);
  });

  it('names what is wrong with the event or the files, and builds nothing from them', async () => {
    controller = new WorkbenchController(workbenchLesson(pattern!), nodeHost, () => ({ 'pattern.json': '{"source": "myapp.users"}' }));
    await controller.send('{ not json');
    const problem = controller.state.problem;
    expect(problem).not.toBe('');
    expect(controller.session).toBeUndefined();
    // Another event chosen: the problem is gone, and the same mistake again is news again.
    controller.clearProblem();
    expect(controller.state.problem).toBe('');
    await controller.send('{ not json');
    expect(controller.state.problem).toBe(problem);

    await controller.send(sampleOf(pattern!));
    // EventBridge's own refusal of a pattern whose values are not in an array.
    expect(controller.state.flow.note).toMatch(/^Your files cannot be deployed yet: .*pattern\.json/);
    expect(controller.state.problem).toBe(controller.state.flow.note!.replace('Your files cannot be deployed yet: ', ''));
    expect(controller.session).toBeUndefined();
  });

  it('runs the function whose code is open: a producer with the event’s Detail, and Flow shows the event it published', async () => {
    const lesson = workbenchLesson(producer!);
    controller = new WorkbenchController(lesson, nodeHost, () => solutionFiles(producer!));
    expect(controller.describeRun('producer.ts')).toBe("Run invokes signup-producer (producer.ts) with the event's Detail as its input.");
    await controller.run('producer.ts', sampleOf(producer!));
    expect(controller.state.announcement?.text).toBe('signup-producer ran.');
    expect(controller.state.flow.journey?.steps[0]).toMatchObject({ type: 'received', source: 'myapp.users', detailType: 'UserSignedUp' });
    expect(controller.state.flow.invocations?.map((i) => i.functionName)).toEqual(['signup-producer']);
  });

  it('runs a function a rule targets with the event as EventBridge delivers it, and sends the event when the open file is no function’s', async () => {
    controller = new WorkbenchController(workbenchLesson(fanOut!), nodeHost, () => solutionFiles(fanOut!));
    expect(controller.describeRun('audit.ts')).toBe('Run invokes signup-audit (audit.ts) directly with the event, as EventBridge would deliver it.');
    await controller.run('audit.ts', sampleOf(fanOut!));
    expect(controller.state.flow.invocations?.map((i) => i.functionName)).toEqual(['signup-audit']);
    expect(controller.state.flow.note).toBe('Ran signup-audit directly.');

    expect(controller.describeRun('notes.md')).toBe("Run sends the event, as Send event does: notes.md is not a function's code.");
    await controller.run('notes.md', sampleOf(fanOut!));
    expect(controller.state.announcement?.text).toMatch(/^Event sent;/);
  });

  it('keeps every event sent, with what became of it, across accounts, and sends one again as it was sent', async () => {
    let files = solutionFiles(fanOut!);
    controller = new WorkbenchController(workbenchLesson(fanOut!), nodeHost, () => files);
    const signup = sampleOf(fanOut!);
    const unmatched = signup.replace('"UserSignedUp"', '"UserDeleted"');
    await controller.send(signup);
    files = { ...files, 'audit.ts': `${files['audit.ts']}\n// edited\n` };
    await controller.send(unmatched);
    await controller.send('{"Source": "myapp.users"}');
    expect(controller.state.history.map(({ number, outcome }) => [number, outcome])).toEqual([
      [1, '3 rules matched'],
      [2, '0 rules matched'],
      [3, 'refused: InvalidArgument'],
    ]);
    expect(controller.state.history[1]!.text).toBe(unmatched);

    await controller.sendAgain(1);
    expect(controller.state.history).toHaveLength(4);
    expect(controller.state.history[3]).toMatchObject({ number: 4, text: signup, outcome: '3 rules matched' });
    expect(controller.session?.world.cloud.ses.outbox()).toHaveLength(1);
  });

  it('runs one action at a time: a send while another runs is not made', async () => {
    controller = new WorkbenchController(workbenchLesson(fanOut!), nodeHost, () => solutionFiles(fanOut!));
    await Promise.all([controller.send(sampleOf(fanOut!)), controller.send(sampleOf(fanOut!))]);
    expect(controller.session?.world.cloud.ses.outbox()).toHaveLength(1);
  });

  // Lesson 03: one function, so its checks boot a few sandboxes where lesson 04's fan-out boots dozens.
  it('checks the files as they are, and reset ends the account', async () => {
    let files = welcome!.starter;
    controller = new WorkbenchController(workbenchLesson(welcome!), nodeHost, () => files);
    let passed = 0;
    const recordPassed = () => void passed++;
    const starter = await controller.check(recordPassed);
    expect(starter?.some((r) => r.status === 'fail')).toBe(true);
    // The Checks panel draws the outcome from the state; a lesson not passed is not recorded as complete.
    expect(controller.state.checks).toEqual({ results: starter });
    expect(passed).toBe(0);
    files = solutionFiles(welcome!);
    const checking = controller.check(() => 'Your browser is not keeping this site’s data.');
    expect(controller.state.checking).toBe(true);
    expect(await controller.check()).toBeUndefined();
    const solved = await checking;
    expect(solved?.every((r) => r.status === 'pass')).toBe(true);
    expect(controller.state.checking).toBe(false);
    expect(controller.state.checks).toEqual({ results: solved, note: 'Your browser is not keeping this site’s data.' });

    await controller.send(sampleOf(welcome!));
    controller.reset();
    expect(controller.session).toBeUndefined();
    expect(controller.state.flow).toEqual({});
  });

  it('keeps why the checks could not run as their outcome, not as an exception for the page', async () => {
    controller = new WorkbenchController(workbenchLesson(welcome!), nodeHost, () => {
      throw new Error('The browser refused to read your files.');
    });
    expect(await controller.check()).toBeUndefined();
    expect(controller.state).toMatchObject({ checking: false, checks: { error: 'The browser refused to read your files.' } });
  });
});
