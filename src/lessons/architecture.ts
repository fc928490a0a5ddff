// A lesson's architecture as plain data: the one description the simulator builds (src/lessons/build.ts),
// the checks run against, and the CDK app deploys (infra/). Names are the resources' names in the account;
// references between resources are by name (`{ queue: 'welcome-dlq' }`). Anything a learner edits (a pattern,
// an input transformer, alarms) is a reference to a lesson file (`{ file: 'pattern.json' }`), read with the
// usual rule: the learner's copy in workspace/, else the starter.

/** A lesson file holding JSON, resolved as any lesson file is (workspace, else starter; or the solution view). */
export interface FileRef {
  file: string;
}

export type ResourceRef = { queue: string } | { topic: string } | { bus: string } | { function: string } | { logGroup: string };

export interface QueueSpec {
  name: string;
  /** Seconds a received message stays hidden; 30 by default, as in SQS. */
  visibilityTimeout?: number;
}

export interface TopicSpec {
  name: string;
  /** `endpoint` is a queue's name for `sqs`, an address for `email`, a phone number for `sms`. */
  subscriptions?: { protocol: 'sqs' | 'email' | 'sms'; endpoint: string }[];
}

export interface TableSpec {
  name: string;
  partitionKey: { name: string; type: 'S' | 'N' };
  sortKey?: { name: string; type: 'S' | 'N' };
}

export interface FunctionSpec {
  name: string;
  /** `handler.handler`: the lesson file (without extension) and its export. */
  handler: string;
  description?: string;
  /** Seconds, 1 to 900; 3 by default. */
  timeout?: number;
  /** MB, 128 to 10,240; 128 by default. */
  memorySize?: number;
  environment?: Record<string, string>;
  /** For asynchronous invocations (EventBridge's): retries (0 to 2, 2 by default) and where failures go. */
  maximumRetryAttempts?: number;
  onFailure?: ResourceRef;
  onSuccess?: ResourceRef;
}

export interface InputTransformerSpec {
  inputPathsMap?: Record<string, string>;
  inputTemplate: string;
}

export interface TargetSpec {
  /** The target's Id on its rule. */
  id: string;
  to: ResourceRef;
  input?: string;
  inputPath?: string;
  inputTransformer?: InputTransformerSpec | FileRef;
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
  /** A queue's name: where events this target could not take go. */
  deadLetterQueue?: string;
}

export interface RuleSpec {
  name: string;
  /** `default` when absent. */
  bus?: string;
  description?: string;
  eventPattern?: Record<string, unknown> | FileRef;
  /** `rate(5 minutes)` or `cron(0 10 * * ? *)`; default bus only. */
  schedule?: string;
  state?: 'ENABLED' | 'DISABLED';
  targets: TargetSpec[];
}

export interface AlarmSpec {
  name: string;
  description?: string;
  namespace: string;
  metricName: string;
  dimensions?: Record<string, string>;
  statistic: 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount';
  /** Seconds: a multiple of 60. */
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparisonOperator: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  /** Topics notified when the alarm goes into ALARM. */
  alarmActions?: { topic: string }[];
}

/**
 * A switch the workbench offers so a learner can make a target misbehave and watch what follows: `error` and
 * `throttle` fail each delivery (EventBridge retries), `missing` fails it for good (straight to the dead-letter
 * queue), `duplicate` hands each event over twice (at-least-once delivery). The simulator only: AWS has no such switch.
 */
export interface FailureSwitchSpec {
  label: string;
  /** The target's resource, as the rule's target names it. */
  target: ResourceRef;
  mode: 'error' | 'throttle' | 'missing' | 'duplicate';
}

/** An event a learner can send from the workbench, and checks can put. */
export interface SampleEvent {
  name: string;
  description?: string;
  entry: { Source: string; DetailType: string; Detail: Record<string, unknown>; EventBusName?: string; Resources?: string[] };
}

export interface LessonArchitecture {
  /** Custom event buses; `default` always exists. */
  buses?: string[];
  queues?: QueueSpec[];
  topics?: TopicSpec[];
  tables?: TableSpec[];
  /** SES identities (addresses or domains) verified in the account, so functions may send from them. */
  emailIdentities?: string[];
  functions?: FunctionSpec[];
  rules?: RuleSpec[];
  alarms?: AlarmSpec[] | FileRef;
  sampleEvents: SampleEvent[];
  failureSwitches?: FailureSwitchSpec[];
}

/** Marks a lesson's `architecture.ts` default export, so the editor checks it against the types above. */
export const defineArchitecture = (architecture: LessonArchitecture): LessonArchitecture => architecture;

export const isFileRef = (value: unknown): value is FileRef =>
  typeof value === 'object' && value !== null && typeof (value as FileRef).file === 'string' && Object.keys(value).length === 1;
