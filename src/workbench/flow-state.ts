// What Flow shows, as data: the last action's event path, the invocations it caused, and what each downstream
// resource holds now. Kept apart from the panel that draws it (./panels/FlowPanel.tsx), so the controller that makes it
// (./controller.ts) runs without a page.

import type { Journey } from '../bus/trace.ts';
import type { LessonArchitecture } from '../lessons/architecture.ts';
import type { Invocation, LessonSession } from './session.ts';

/** A downstream resource the lesson's functions and targets write to, as it stands, and whether the last action changed it. */
export interface DownstreamNode {
  name: string;
  kind: string;
  state: string;
  changed: boolean;
}

export interface FlowState {
  journey?: Journey;
  downstream?: DownstreamNode[];
  /** The invocations that followed the event, by function name. */
  invocations?: Invocation[];
  /** What was sent, when the bus refused it or a function was run directly. */
  note?: string;
}

/** A downstream resource's key, `kind name` (`SQS queue signups`): how Flow's layout and state find one another's nodes. */
export const resourceKey = ({ kind, name }: { kind: string; name: string }): string => `${kind} ${name}`;

/** What each downstream resource holds now: emails sent, items, messages waiting, alarm states. */
export function downstreamNow(architecture: LessonArchitecture, session: LessonSession | undefined): Omit<DownstreamNode, 'changed'>[] {
  const cloud = session?.world.cloud;
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const alarms = Array.isArray(architecture.alarms) ? architecture.alarms.map((a) => a.name) : (cloud?.alarms.describeAlarms().MetricAlarms.map((a) => a.AlarmName) ?? []);
  return [
    ...((architecture.emailIdentities ?? []).length > 0 ? [{ name: 'SES', kind: 'email', state: count(cloud?.ses.outbox().length ?? 0, 'email') + ' sent' }] : []),
    ...(architecture.tables ?? []).map(({ name }) => ({ name, kind: 'DynamoDB table', state: count(cloud?.dynamodb.items(name).length ?? 0, 'item') })),
    ...(architecture.queues ?? []).map(({ name }) => ({ name, kind: 'SQS queue', state: count(cloud?.sqs.peek(name).length ?? 0, 'message') + ' waiting' })),
    ...(architecture.topics ?? []).map(({ name, subscriptions }) => ({ name, kind: 'SNS topic', state: `notifies ${(subscriptions ?? []).map((s) => s.endpoint).join(', ') || 'nobody'}` })),
    ...alarms.map((name) => ({ name, kind: 'CloudWatch alarm', state: cloud?.alarms.describeAlarms([name]).MetricAlarms[0]?.StateValue ?? 'not created' })),
  ];
}
