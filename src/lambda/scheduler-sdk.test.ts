// A handler in the sandbox imports @aws-sdk/client-scheduler and schedules another function, which the simulated
// Scheduler then invokes on the virtual clock: lesson 13's escalation loop, end to end.

import { afterEach, expect, it } from 'vitest';
import { Cloud } from '../services/cloud.ts';
import { nodeHost } from './host/node-host.ts';
import { LambdaService } from './lambda-service.ts';

let service: LambdaService | undefined;
afterEach(() => service?.dispose());

it('a handler creates a one-time schedule with the real client, and Scheduler invokes the target function at its time', async () => {
  const cloud = new Cloud({ startTime: Date.UTC(2026, 0, 1, 9, 0, 0) });
  service = new LambdaService(cloud, nodeHost);
  cloud.lambda = service;
  service.createFunction({
    name: 'open-ticket',
    handler: 'handler.handler',
    files: {
      'handler.ts': `import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
const scheduler = new SchedulerClient({});
export const handler = async (event: { ticketId: string }) => {
  const { ScheduleArn } = await scheduler.send(new CreateScheduleCommand({
    Name: \`escalate-\${event.ticketId}\`,
    ScheduleExpression: 'at(2026-01-01T13:00:00)',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: 'arn:aws:lambda:us-east-1:123456789012:function:escalate',
      RoleArn: 'arn:aws:iam::123456789012:role/scheduler',
      Input: JSON.stringify({ ticketId: event.ticketId }),
    },
  }));
  return ScheduleArn;
};`,
    },
  });
  service.createFunction({
    name: 'escalate',
    handler: 'handler.handler',
    files: { 'handler.ts': `export const handler = async (event: { ticketId: string }) => { console.log(\`Escalating \${event.ticketId}\`); };` },
  });

  expect((await service.invoke('open-ticket', { ticketId: 'T-7' })).payload).toBe('"arn:aws:scheduler:us-east-1:123456789012:schedule/default/escalate-T-7"');
  await cloud.clock.advance(4 * 3600_000);
  await cloud.clock.runUntilIdle();
  expect(cloud.logs.events('/aws/lambda/escalate').some((e) => e.message.endsWith('\tINFO\tEscalating T-7'))).toBe(true);
  expect(cloud.scheduler.runs()).toEqual([expect.objectContaining({ scheduleName: 'escalate-T-7', outcome: 'delivered', scheduledTime: Date.UTC(2026, 0, 1, 13, 0, 0) })]);
}, 30_000);
