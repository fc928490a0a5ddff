// A lesson's architecture as plain data: the one description the simulator builds (src/lessons/build.ts),
// the checks run against, and the CDK app deploys (infra/). Names are the resources' names in the account;
// references between resources are by name (`{ queue: 'welcome-dlq' }`). Anything a learner edits (a pattern,
// an input transformer, alarms) is a reference to a lesson file (`{ file: 'pattern.json' }`), read with the
// usual rule: the learner's copy in workspace/, else the starter.
//
// The schema below is the contract: the types are inferred from it, every loader checks each lesson against it
// (src/lessons/references.ts, `checkArchitecture`), and the editor's JSON schemas for the learner's alarms and
// input transformer files are generated from its parts (src/workbench/json-schemas.ts). Objects are strict: a
// misspelt key fails, naming the key that was meant. A new kind of resource is one more schema here, one more
// field of `lessonArchitecture`, and, if other resources name it, one more line in references.ts.

import { describe, oneOf, strict, z } from './contract.ts';
import { nearestWord } from './spelling.ts';

/** A name or other text that may not be empty. A function, so that a description given to one field stays on that field. */
const nonEmpty = () => z.string().check(z.minLength(1));

/** A lesson file holding JSON, resolved as any lesson file is (workspace, else starter; or the solution view). */
export const fileRef = strict({ file: nonEmpty() });

const RESOURCE_KINDS = ['queue', 'topic', 'bus', 'function', 'logGroup'] as const;

/** Another resource of the lesson, by its kind and name: `{ queue: 'welcome-dlq' }`. */
export const resourceRef = oneOf(
  [strict({ queue: nonEmpty() }), strict({ topic: nonEmpty() }), strict({ bus: nonEmpty() }), strict({ function: nonEmpty() }), strict({ logGroup: nonEmpty() })],
  (input) => {
    const keys = typeof input === 'object' && input !== null ? Object.keys(input) : [];
    const near = keys.length === 1 ? nearestWord(keys[0]!, RESOURCE_KINDS) : undefined;
    const forms = RESOURCE_KINDS.map((kind) => `{ ${kind}: "…" }`);
    return `must name one resource, as ${forms.slice(0, -1).join(', ')} or ${forms.at(-1)}${near ? ` (did you mean "${near}"?)` : ''}`;
  },
);

export const queueSpec = strict({
  name: nonEmpty(),
  /** Seconds a received message stays hidden; 30 by default, as in SQS. */
  visibilityTimeout: z.optional(z.number()),
});

export const topicSpec = strict({
  name: nonEmpty(),
  /** `endpoint` is a queue's name for `sqs`, an address for `email`, a phone number for `sms`. */
  subscriptions: z.optional(z.array(strict({ protocol: z.enum(['sqs', 'email', 'sms']), endpoint: nonEmpty() }))),
});

const tableKey = strict({ name: nonEmpty(), type: z.enum(['S', 'N']) });

export const tableSpec = strict({
  name: nonEmpty(),
  partitionKey: tableKey,
  sortKey: z.optional(tableKey),
});

export const functionSpec = strict({
  name: nonEmpty(),
  /** `handler.handler`: the lesson file (without extension) and its export. */
  handler: nonEmpty(),
  description: z.optional(z.string()),
  /** Seconds, 1 to 900; 3 by default. */
  timeout: z.optional(z.number()),
  /** MB, 128 to 10,240; 128 by default. */
  memorySize: z.optional(z.number()),
  environment: z.optional(z.record(z.string(), z.string())),
  /** For asynchronous invocations (EventBridge's): retries (0 to 2, 2 by default) and where failures go. */
  maximumRetryAttempts: z.optional(z.number()),
  onFailure: z.optional(resourceRef),
  onSuccess: z.optional(resourceRef),
});

// An input transformer, in the architecture's spelling; a learner's transformer file may also use the API's
// (InputPathsMap, InputTemplate). The value rules (placeholder names, JSONPaths) are EventBridge's, checked by
// the engine in its own words; here they only guide the editor.
const inputPathsMap = describe(z.record(z.string(), z.string()), 'Names for values picked out of the event with JSONPath (`"$.detail.email"`), to use in the template as `<name>`. Up to 100.', {
  maxProperties: 100,
  propertyNames: { pattern: '^[A-Za-z0-9_-]+$', maxLength: 256 },
  additionalProperties: { type: 'string', pattern: '^\\$', maxLength: 256, description: 'A JSONPath into the event, starting at `$`.' },
});
const inputTemplate = describe(
  z.string(),
  'What the target receives, with `<name>` placeholders filled from the paths map, or from `<aws.events.rule-name>`, `<aws.events.rule-arn>`, `<aws.events.event>`, `<aws.events.event.json>` and `<aws.events.event.ingestion-time>`.',
);

export const inputTransformerSpec = strict({ inputPathsMap: z.optional(inputPathsMap), inputTemplate });

/** A learner's input transformer file: the architecture's spelling, or the API's. */
export const inputTransformerFile = oneOf(
  [strict({ InputPathsMap: z.optional(inputPathsMap), InputTemplate: inputTemplate }), inputTransformerSpec],
  () => 'must be a JSON object with an "InputTemplate" (and an "InputPathsMap" if the template has placeholders)',
);

export const targetSpec = strict({
  /** The target's Id on its rule. */
  id: nonEmpty(),
  to: resourceRef,
  input: z.optional(z.string()),
  inputPath: z.optional(z.string()),
  inputTransformer: z.optional(oneOf([fileRef, inputTransformerSpec], () => 'must be { inputTemplate, inputPathsMap? }, or { file: "transformer.json" } for a file the learner writes')),
  retryPolicy: z.optional(strict({ maximumRetryAttempts: z.optional(z.number()), maximumEventAgeInSeconds: z.optional(z.number()) })),
  /** A queue's name: where events this target could not take go. */
  deadLetterQueue: z.optional(nonEmpty()),
});

export const ruleSpec = strict({
  name: nonEmpty(),
  /** `default` when absent. */
  bus: z.optional(nonEmpty()),
  description: z.optional(z.string()),
  /** The pattern as an object (EventBridge's engine judges it when the lesson is built), or a file the learner writes. */
  eventPattern: z.optional(oneOf([fileRef, z.record(z.string(), z.unknown())], () => 'must be an event pattern object, or { file: "pattern.json" } for a file the learner writes')),
  /** `rate(5 minutes)` or `cron(0 10 * * ? *)`; default bus only. */
  schedule: z.optional(z.string()),
  state: z.optional(z.enum(['ENABLED', 'DISABLED'])),
  targets: z.array(targetSpec),
});

/**
 * An alarm, in the architecture or in a learner's alarms file. `topic` is what an alarm action's topic must be:
 * any name in the architecture (references.ts checks it), one of the lesson's topics in a learner's file.
 */
const alarm = <Topic extends z.ZodMiniType<string>>(topic: Topic) =>
  strict({
    name: describe(nonEmpty(), 'The alarm’s name.'),
    description: z.optional(describe(z.string(), 'What the alarm means, and what whoever it wakes should look at first.')),
    namespace: describe(z.string(), 'The metric’s namespace: `"AWS/Lambda"`, `"AWS/Events"`, `"AWS/SQS"`…'),
    metricName: describe(z.string(), 'The metric, such as `"Errors"` (AWS/Lambda) or `"FailedInvocations"` (AWS/Events).'),
    dimensions: z.optional(describe(z.record(z.string(), z.string()), 'Which resource’s metric: `{"FunctionName": "…"}` for AWS/Lambda, `{"RuleName": "…"}` for AWS/Events.')),
    statistic: describe(z.enum(['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount']), 'How the datapoints of each period are combined.'),
    /** Seconds: a multiple of 60. */
    period: describe(z.number(), 'Seconds per evaluated period: a multiple of 60.', { type: 'integer', minimum: 60, multipleOf: 60 }),
    evaluationPeriods: describe(z.number(), 'How many periods in a row must breach the threshold.', { type: 'integer', minimum: 1 }),
    threshold: describe(z.number(), 'The value the statistic is compared with.'),
    comparisonOperator: describe(
      z.enum(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']),
      'How the statistic is compared with the threshold.',
    ),
    /** Topics notified when the alarm goes into ALARM. */
    alarmActions: z.optional(describe(z.array(strict({ topic: describe(topic, 'The name of one of the lesson’s SNS topics.') })), 'Topics notified when the alarm goes into ALARM.')),
  });

export const alarmSpec = alarm(nonEmpty());

/** A learner's alarms file: a list of alarms whose actions name only the lesson's own topics. */
export function alarmsFile(topics: readonly string[]) {
  const known = topics.map((topic) => `"${topic}"`).join(', ');
  const topic =
    topics.length > 0
      ? z.enum(topics as [string, ...string[]], {
          error: (issue) => {
            const near = typeof issue.input === 'string' ? nearestWord(issue.input, topics) : undefined;
            return `the lesson has no topic ${JSON.stringify(issue.input)}, only ${known}${near && topics.length > 1 ? ` (did you mean "${near}"?)` : ''}`;
          },
        })
      : nonEmpty().check(z.refine(() => false, { error: (issue) => `the lesson has no topics, so no alarm action can name ${JSON.stringify(issue.input)}` }));
  return z.array(alarm(topic));
}

/**
 * A switch the workbench offers so a learner can make a target misbehave and watch what follows: `error` and
 * `throttle` fail each delivery (EventBridge retries), `missing` fails it for good (straight to the dead-letter
 * queue), `duplicate` hands each event over twice (at-least-once delivery). The simulator only: AWS has no such switch.
 */
export const failureSwitchSpec = strict({
  label: nonEmpty(),
  /** The target's resource, as the rule's target names it. */
  target: resourceRef,
  mode: z.enum(['error', 'throttle', 'missing', 'duplicate']),
});

/** An event a learner can send from the workbench, and checks can put. */
export const sampleEvent = strict({
  name: nonEmpty(),
  description: z.optional(z.string()),
  entry: strict({
    Source: z.string(),
    DetailType: z.string(),
    Detail: z.record(z.string(), z.unknown()),
    EventBusName: z.optional(z.string()),
    Resources: z.optional(z.array(z.string())),
  }),
});

export const lessonArchitecture = strict({
  /** Custom event buses; `default` always exists. */
  buses: z.optional(z.array(nonEmpty())),
  queues: z.optional(z.array(queueSpec)),
  topics: z.optional(z.array(topicSpec)),
  tables: z.optional(z.array(tableSpec)),
  /** SES identities (addresses or domains) verified in the account, so functions may send from them. */
  emailIdentities: z.optional(z.array(nonEmpty())),
  functions: z.optional(z.array(functionSpec)),
  rules: z.optional(z.array(ruleSpec)),
  alarms: z.optional(oneOf([z.array(alarmSpec), fileRef], () => 'must be a list of alarms, or { file: "alarms.json" } for a file the learner writes')),
  sampleEvents: z.array(sampleEvent),
  failureSwitches: z.optional(z.array(failureSwitchSpec)),
});

export type FileRef = z.infer<typeof fileRef>;
export type ResourceRef = z.infer<typeof resourceRef>;
export type QueueSpec = z.infer<typeof queueSpec>;
export type TopicSpec = z.infer<typeof topicSpec>;
export type TableSpec = z.infer<typeof tableSpec>;
export type FunctionSpec = z.infer<typeof functionSpec>;
export type InputTransformerSpec = z.infer<typeof inputTransformerSpec>;
export type TargetSpec = z.infer<typeof targetSpec>;
export type RuleSpec = z.infer<typeof ruleSpec>;
export type AlarmSpec = z.infer<typeof alarmSpec>;
export type FailureSwitchSpec = z.infer<typeof failureSwitchSpec>;
export type SampleEvent = z.infer<typeof sampleEvent>;
export type LessonArchitecture = z.infer<typeof lessonArchitecture>;

/** Marks a lesson's `architecture.ts` default export, so the editor checks it against the types above. */
export const defineArchitecture = (architecture: LessonArchitecture): LessonArchitecture => architecture;

export const isFileRef = (value: unknown): value is FileRef =>
  typeof value === 'object' && value !== null && typeof (value as FileRef).file === 'string' && Object.keys(value).length === 1;
