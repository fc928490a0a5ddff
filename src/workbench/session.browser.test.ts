// A learner's lesson running in Chromium: events sent with the real SDK client, code in the Web Worker sandbox.
import { afterEach, describe, expect, it } from 'vitest';
import { webWorkerHost } from '../lambda/host/web-worker-host.ts';
import { LessonFileError } from '../lessons/build.ts';
import { learnerFiles, loadWorkbenchLesson, solutionFiles } from './lesson-files.ts';
import { LessonSession } from './session.ts';

let session: LessonSession | undefined;
afterEach(() => {
  session?.dispose();
  session = undefined;
});

describe('a lesson session on the page', () => {
  it('sends lesson 03’s sample event: the rule matches, the handler logs and sends the welcome email', async () => {
    const lesson = await loadWorkbenchLesson('03-welcome-email', ['handler.ts']);
    session = new LessonSession(lesson, solutionFiles(lesson), webWorkerHost);
    const sent = await session.send(lesson.architecture.sampleEvents[0]!);
    expect(sent.ok).toBe(true);
    const steps = sent.ok ? (sent.journey?.steps ?? []) : [];
    expect(steps).toContainEqual(expect.objectContaining({ type: 'rule', rule: 'user-signed-up', matched: true }));
    const logs = session.logs('welcome-email');
    expect(logs[0]).toMatch(/^START RequestId: \S+ Version: \$LATEST$/);
    expect(logs.some((line) => line.includes('New user signed up: 12345'))).toBe(true);
    expect(session.world.cloud.ses.outbox().map((email) => email.to)).toEqual([['user@example.com']]);
  });

  it('runs what is due on Send, and the retries a minute and three minutes later on fast-forward', async () => {
    const lesson = await loadWorkbenchLesson('05-monitoring', ['handler.ts', 'alarms.json']);
    session = new LessonSession(lesson, learnerFiles(lesson, {}), webWorkerHost); // the starter fails some signups
    const starts = () => session!.logs('welcome-email').filter((line) => line.startsWith('START')).length;
    const before = session.now;
    for (const sample of lesson.architecture.sampleEvents) await session.send(sample);
    expect(starts()).toBe(lesson.architecture.sampleEvents.length);
    expect(session.world.cloud.sqs.peek('welcome-email-failures')).toEqual([]);
    await session.fastForward();
    expect(starts()).toBe(lesson.architecture.sampleEvents.length + 2);
    expect(session.world.cloud.sqs.peek('welcome-email-failures')).toHaveLength(1);
    expect(session.now - before).toBeGreaterThanOrEqual(3 * 60_000);
  });

  it('answers a bad entry with PutEvents’ own error, and names the file when the learner’s pattern cannot build the lesson', async () => {
    const lesson = await loadWorkbenchLesson('03-welcome-email', ['handler.ts']);
    session = new LessonSession(lesson, learnerFiles(lesson, {}), webWorkerHost);
    const refused = await session.send({ Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: '{not json' });
    expect(refused).toEqual({ ok: false, errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' });
    const rules = await loadWorkbenchLesson('02-rules-and-patterns', ['pattern.json']);
    expect(() => new LessonSession(rules, learnerFiles(rules, { 'pattern.json': '{ "source": "myapp.users" }' }), webWorkerHost)).toThrow(
      new LessonFileError('pattern.json', 'InvalidEventPatternException: Event pattern is not valid. Reason: "source" must be an object or an array\n at [Source: (String)"{ "source": "myapp.users" }"; line: 1, column: 14]'),
    );
  });
});
