// The Buses panel in Chromium, on lesson 08's account as the page builds it.
import { afterEach, describe, expect, it } from 'vitest';
import { webWorkerHost } from '../../lambda/host/web-worker-host.ts';
import { loadWorkbenchLesson, solutionFiles } from '../lesson-files.ts';
import { LessonSession } from '../session.ts';
import { renderResource } from './resources.ts';

let session: LessonSession | undefined;
afterEach(() => {
  session?.dispose();
  session = undefined;
});

describe('the Buses panel', () => {
  it('shows the policy DescribeEventBus returns for each bus the lesson gives one, and says the workbench does not enforce it', async () => {
    const lesson = await loadWorkbenchLesson('08-decoupling', ['orders.ts', 'payment.ts']);
    session = new LessonSession(lesson, solutionFiles(lesson), webWorkerHost);
    const panel = document.createElement('div');
    renderResource(panel, 'Buses', lesson.architecture, session);
    expect(panel.querySelector('p')!.textContent).toBe('The workbench is one AWS account: it shows each bus’s policy (DescribeEventBus) but refuses no event because of it.');
    const commerce = panel.querySelector('[data-bus="commerce"]')!;
    expect(commerce.querySelector('h4')!.textContent).toBe('commerce: policy');
    const shown = JSON.parse(commerce.querySelector('pre')!.textContent!);
    expect(shown).toEqual(JSON.parse(session.world.cloud.events.describeEventBus({ Name: 'commerce' }).Policy!));
    expect(shown.Statement).toEqual([expect.objectContaining({ Sid: 'warehouse-publishes-stock-events', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'events:PutEvents' })]);
  });
});
