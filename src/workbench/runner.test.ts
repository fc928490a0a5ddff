import { afterEach, describe, expect, it } from 'vitest';
import { nodeHost } from '../lambda/host/node-host.ts';
import { loadLessons, solutionFiles } from '../lessons/node-loader.ts';
import type { WorkbenchLesson } from './lesson-files.ts';
import { LessonRunner } from './runner.ts';

// Lesson 04 in the Node sandbox host: the runner is host-agnostic, and Node's host starts fastest.
const [source] = await loadLessons({ only: [4] });
const lesson: WorkbenchLesson = { id: source!.id, editable: source!.frontmatter.files, architecture: source!.architecture, checks: source!.checks, starter: source!.starter, solution: source!.solution };
const files = solutionFiles(source!);
const sample = lesson.architecture.sampleEvents[0]!;
const [duplicateAudit, duplicateAnalytics, failAnalytics] = lesson.architecture.failureSwitches!;

describe('LessonRunner', () => {
  let runner: LessonRunner;
  afterEach(() => runner.discard());

  it('keeps one account while the files stay the same, and builds a fresh one when a file changes', async () => {
    runner = new LessonRunner(lesson, nodeHost);
    const first = runner.sessionFor(files);
    expect(first.fresh).toBe(true);
    await first.session.send(sample);
    const again = runner.sessionFor({ ...files });
    expect(again).toEqual({ session: first.session, fresh: false });
    expect(again.session.world.cloud.ses.outbox()).toHaveLength(1);

    const changed = runner.sessionFor({ ...files, 'audit.ts': `${files['audit.ts']}\n// edited\n` });
    expect(changed.fresh).toBe(true);
    expect(changed.session).not.toBe(first.session);
    expect(changed.session.world.cloud.ses.outbox()).toHaveLength(0);
  });

  it('applies the switches the learner turned on to every account it builds, re-arming a duplicate for each event', async () => {
    runner = new LessonRunner(lesson, nodeHost);
    runner.setSwitch(duplicateAudit!, true);
    const { session } = runner.sessionFor(files);
    const auditDeliveries = (eventId: string) => session.journey(eventId)!.steps.filter((s) => s.type === 'attempt' && s.targetId === 'signup-audit').length;
    for (let i = 0; i < 2; i++) {
      runner.armSwitches();
      const sent = await session.send(sample);
      expect(sent.ok && auditDeliveries(sent.eventId)).toBe(2);
    }
    runner.setSwitch(duplicateAudit!, false);
    runner.armSwitches();
    const sent = await session.send(sample);
    expect(sent.ok && auditDeliveries(sent.eventId)).toBe(1);
  });

  it('gives a target the switch turned on last when two of its switches are on', async () => {
    runner = new LessonRunner(lesson, nodeHost);
    runner.setSwitch(duplicateAnalytics!, true);
    runner.setSwitch(failAnalytics!, true);
    const { session } = runner.sessionFor(files);
    runner.armSwitches();
    const sent = await session.send(sample);
    const attempts = sent.ok ? session.journey(sent.eventId)!.steps.filter((s) => s.type === 'attempt' && s.targetId === 'signup-analytics') : [];
    expect(attempts.map((a) => a.type === 'attempt' && a.ok)).toEqual([false]);
  });
});
