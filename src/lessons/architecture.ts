// A lesson's architecture as plain data: the one description the simulator builds (src/lessons/build.ts),
// the checks run against, and the CDK app deploys (infra/). Names are the resources' names in the account;
// references between resources are by name (`{ queue: 'welcome-dlq' }`). Anything a learner edits (a pattern,
// an input transformer, alarms) is a reference to a lesson file (`{ file: 'pattern.json' }`), read with the
// usual rule: the learner's copy in workspace/, else the starter.
//
// The schema below is the contract: the types are inferred from it, every loader checks each lesson against it
// (src/lessons/references.ts, `checkArchitecture`), and the editor's JSON schemas for the learner's alarms and
// input transformer files are generated from its parts (src/workbench/editor/json-schemas.ts). Objects are strict: a
// misspelt key fails, naming the key that was meant. A new kind of resource is one more schema here, one more
// field of `lessonArchitecture`, and, if other resources name it, one more line in references.ts.

import { describe, oneOf, strict, z } from './contract.ts';
import { nearestWord } from './spelling.ts';

/** A name or other text that may not be empty. A function, so that a description given to one field stays on that field. */
const nonEmpty = () => z.string().check(z.minLength(1));

/** A lesson file holding JSON, resolved as any lesson file is (workspace, else starter; or the solution view). */
export const fileRef = strict({ file: nonEmpty() });

/**
 * What a reference naming none of `kinds` is told: the forms it may take, and the kind its key was probably meant
 * to be. `forms` spells a kind's value where "…" says too little.
 */
const refProblem =
  (kinds: readonly string[], forms: Record<string, string> = {}) =>
  (input: unknown): string => {
    const keys = typeof input === 'object' && input !== null ? Object.keys(input) : [];
    const near = keys.length === 1 ? nearestWord(keys[0]!, kinds) : undefined;
    const spelled = kinds.map((kind) => `{ ${kind}: "${forms[kind] ?? '…'}" }`);
    return `must name one resource, as ${spelled.slice(0, -1).join(', ')} or ${spelled.at(-1)}${near ? ` (did you mean "${near}"?)` : ''}`;
  };

const RESOURCE_KINDS = ['queue', 'topic', 'bus', 'function', 'logGroup'] as const;

/** Another resource of the lesson, by its kind and name: `{ queue: 'welcome-dlq' }`. */
export const resourceRef = oneOf(
  [strict({ queue: nonEmpty() }), strict({ topic: nonEmpty() }), strict({ bus: nonEmpty() }), strict({ function: nonEmpty() }), strict({ logGroup: nonEmpty() })],
  refProblem(RESOURCE_KINDS),
);

const TARGET_KINDS = [...RESOURCE_KINDS, 'apiDestination'] as const;

/** What a rule's target sends to: one of the resources above, or an API destination (`{ apiDestination: 'issue-invoice' }`). */
export const targetRef = oneOf(
  [
    strict({ queue: nonEmpty() }),
    strict({ topic: nonEmpty() }),
    strict({ bus: nonEmpty() }),
    strict({ function: nonEmpty() }),
    strict({ logGroup: nonEmpty() }),
    strict({ apiDestination: nonEmpty() }),
  ],
  refProblem(TARGET_KINDS),
);

/** Extra headers, query string parameters or body fields: name → value. */
const httpValues = () => z.record(z.string(), z.string());

/**
 * What a connection adds to every call of its API destinations, besides the authorization
 * (AWS's InvocationHttpParameters). Body parameters are added to a JSON object body.
 */
export const connectionHttpParameters = strict({
  headerParameters: z.optional(httpValues()),
  queryStringParameters: z.optional(httpValues()),
  bodyParameters: z.optional(httpValues()),
});

/**
 * How a connection authorizes its calls: exactly one of an API key header, HTTP Basic credentials, or OAuth client
 * credentials (EventBridge fetches a token from `authorizationEndpoint` and sends it as a Bearer token). The
 * secret parts (`value`, `password`, `clientSecret`) are the simulation's test values; the CDK app takes the real
 * ones from AWS Secrets Manager (infra/README.md).
 */
export const connectionAuthorization = oneOf(
  [
    strict({ apiKey: strict({ /** The header that carries the key, such as `x-api-key`. */ name: nonEmpty(), value: nonEmpty() }) }),
    strict({ basic: strict({ username: nonEmpty(), password: nonEmpty() }) }),
    strict({
      oauthClientCredentials: strict({
        /** The token endpoint, `https://…`. */
        authorizationEndpoint: nonEmpty(),
        httpMethod: z.enum(['GET', 'POST', 'PUT']),
        clientId: nonEmpty(),
        clientSecret: nonEmpty(),
        /** Extra parameters of the token request. */
        httpParameters: z.optional(connectionHttpParameters),
      }),
    }),
  ],
  () => 'must be one of { apiKey: { name, value } }, { basic: { username, password } } or { oauthClientCredentials: { authorizationEndpoint, httpMethod, clientId, clientSecret } }',
);

/** An EventBridge connection: the authorization (and extra parameters) its API destinations call with. */
export const connectionSpec = strict({
  name: nonEmpty(),
  description: z.optional(z.string()),
  authorization: connectionAuthorization,
  invocationHttpParameters: z.optional(connectionHttpParameters),
});

/** An EventBridge API destination: an HTTPS endpoint a rule can send events to, through a connection. */
export const apiDestinationSpec = strict({
  name: nonEmpty(),
  description: z.optional(z.string()),
  /** The connection's name. */
  connection: nonEmpty(),
  /** `https://invoices.example.com/invoices`; each `*` is filled from the target's `httpParameters.pathParameterValues`. */
  endpoint: nonEmpty(),
  method: z.enum(['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']),
  /** Calls a second at most; 300 by default. Calls past it wait for a later second. */
  rateLimitPerSecond: z.optional(z.number()),
});

/**
 * A SaaS partner's event source offered to the account (`aws.partner/<partner>/<…>`): in the simulator the
 * partner offers it when the lesson is built; on AWS it must already exist (infra/README.md).
 */
export const partnerSourceSpec = strict({
  name: nonEmpty(),
  /** The partner's own account; 999999999999 by default. */
  partnerAccount: z.optional(z.string()),
});

/**
 * An HTTPS service outside AWS that the lesson runs inside the simulation (a SaaS invoicing API): every request
 * to `origin` is answered by a lesson file's export, run in the sandbox as function code is. Not deployed by the
 * CDK app: on AWS, API destinations call real endpoints.
 */
export const httpEndpointSpec = strict({
  /** Scheme and host only: `https://invoices.example.com`. Every path under it reaches the responder. */
  origin: nonEmpty(),
  /**
   * `invoicing-api.respond`: the lesson file (without extension) and its export, a function taking
   * `{ method, url, path, query, headers, body }` and returning `{ status, headers?, body?, delayMs? }` (or a promise of it).
   */
  handler: nonEmpty(),
  description: z.optional(z.string()),
});

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
  /**
   * The table's DynamoDB stream, a record of each change to an item, holding what its StreamViewType says: the
   * keys only, the item after the change, before it, or both. No stream when absent. A pipe reads it.
   */
  stream: z.optional(z.enum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'])),
});

const SCHEDULE_TARGET_KINDS = ['function', 'queue', 'topic', 'bus'] as const;

/** What an EventBridge Scheduler schedule sends to (a templated target): `{ function: 'escalate-ticket' }`. */
export const scheduleTargetRef = oneOf(
  [strict({ function: nonEmpty() }), strict({ queue: nonEmpty() }), strict({ topic: nonEmpty() }), strict({ bus: nonEmpty() })],
  refProblem(SCHEDULE_TARGET_KINDS),
);

const ARN_KINDS = [...SCHEDULE_TARGET_KINDS, 'schedulerRole'] as const;

/**
 * A resource whose ARN a function's environment value holds: one of the lesson's functions, queues, topics or buses,
 * or the scheduler execution role of one of its schedule groups (`{ schedulerRole: 'ticket-escalations' }`).
 */
export const arnRef = oneOf(
  [strict({ function: nonEmpty() }), strict({ queue: nonEmpty() }), strict({ topic: nonEmpty() }), strict({ bus: nonEmpty() }), strict({ schedulerRole: nonEmpty() })],
  refProblem(ARN_KINDS, { schedulerRole: '<schedule group>' }),
);

/**
 * A function's environment value: text (a value naming one of the lesson's resources becomes its name in the account
 * when the CDK app deploys it), or `{ arn: … }`, the ARN of one of the lesson's resources in the account the lesson
 * runs in: what a function that creates schedules passes as the target's Arn and RoleArn.
 */
export const environmentValue = oneOf(
  [z.string(), strict({ arn: arnRef })],
  () => 'must be a string, or { arn: { function: "…" } } for the ARN of one of the lesson\'s resources (a function, queue, topic, bus, or a schedule group\'s schedulerRole)',
);

export const functionSpec = strict({
  name: nonEmpty(),
  /** `handler.handler`: the lesson file (without extension) and its export. */
  handler: nonEmpty(),
  description: z.optional(z.string()),
  /** Seconds, 1 to 900; 3 by default. */
  timeout: z.optional(z.number()),
  /** MB, 128 to 10,240; 128 by default. */
  memorySize: z.optional(z.number()),
  /** `{ TABLE_NAME: 'signups', TARGET_ARN: { arn: { function: 'escalate-ticket' } } }`. */
  environment: z.optional(z.record(z.string(), environmentValue)),
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
  to: targetRef,
  /** For an API destination target: values for the endpoint's `*` wildcards, in order, and extra headers and query string parameters. */
  httpParameters: z.optional(
    strict({
      pathParameterValues: z.optional(z.array(z.string())),
      headerParameters: z.optional(httpValues()),
      queryStringParameters: z.optional(httpValues()),
    }),
  ),
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
  target: targetRef,
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

/**
 * A bus that logs: its LogConfig (AWS's Level and IncludeDetail) and the CloudWatch Logs log group its records are
 * delivered to. A list of its own rather than a field of `buses`, because the bus may be `default`, which no
 * lesson declares. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-logs.html
 */
export const busLogSpec = strict({
  /** `default`, or one of `buses` or `partnerBuses`. */
  bus: nonEmpty(),
  logConfig: strict({
    /** Which steps are logged: ERROR (failures), INFO (also receipt, matching and success), TRACE (every step). */
    level: z.enum(['OFF', 'ERROR', 'INFO', 'TRACE']),
    /** FULL adds the event's detail and each target's input to the records; NONE by default. */
    includeDetail: z.optional(z.enum(['NONE', 'FULL'])),
  }),
  /** The log group the records go to, such as `/aws/vendedlogs/events/event-bus/default`. */
  logGroup: nonEmpty(),
});

/**
 * One statement of a bus's resource-based policy: another AWS account allowed to act on the bus, usually to put
 * events on it, optionally only events of some sources. The simulator puts it with PutPermission (stored and shown,
 * not enforced: it has no other account); the CDK app deploys it as an AWS::Events::EventBusPolicy.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
 */
export const busPolicyStatementSpec = strict({
  /** The statement's id (Sid): letters, digits, `-` and `_`. Unique within the bus's policy. */
  sid: describe(z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, "-" or "_" (PutPermission\'s StatementId)')), 'The statement’s id (`Sid`): letters, digits, `-` and `_`, up to 64.'),
  /** The 12-digit id of the account allowed. */
  account: describe(z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id, such as "111122223333"')), 'The 12-digit id of the AWS account the statement allows.'),
  /** What that account may do on the bus; `["events:PutEvents"]` when absent. */
  actions: z.optional(describe(z.array(nonEmpty()).check(z.minLength(1)), 'What the account may do on the bus, such as `"events:PutEvents"`; only that when left out.')),
  /** Only events whose `source` is one of these (the `events:source` condition key). */
  sources: z.optional(describe(z.array(nonEmpty()).check(z.minLength(1)), 'Only events whose `source` is one of these (the `events:source` condition key).')),
});

/**
 * A bus's resource-based policy: who else may act on it. A list of its own rather than a field of `buses`, because
 * the bus may be `default`, which no lesson declares.
 */
export const busPolicySpec = strict({
  /** `default`, or one of `buses` (a partner bus takes no policy: PutPermission refuses its name). */
  bus: nonEmpty(),
  statements: z.array(busPolicyStatementSpec).check(z.minLength(1)),
});

/**
 * An archive: a copy of the bus's events (those its pattern matches, or all) kept for `retentionDays`, from which
 * a replay sends them to the bus's rules again. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
 */
export const archiveSpec = strict({
  name: nonEmpty(),
  /** `default`, or one of `buses`. */
  bus: z.optional(nonEmpty()),
  description: z.optional(z.string()),
  /** Only the events this pattern matches are archived; all of the bus's events when absent. */
  eventPattern: z.optional(z.record(z.string(), z.unknown())),
  /** Days an archived event is kept; 0 (the default) keeps it for ever. */
  retentionDays: z.optional(z.number()),
});

/**
 * An EventBridge Scheduler schedule group. `role` gives the lesson an execution role for the schedules its functions
 * create in this group at run time (CreateSchedule's Target.RoleArn): EventBridge Scheduler assumes it to send to
 * the resources listed, and to nothing else. A function reads its ARN from an environment value
 * `{ arn: { schedulerRole: '<group>' } }`. https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-group.html
 */
export const scheduleGroupSpec = strict({
  name: nonEmpty(),
  role: z.optional(
    strict({
      /** What schedules passing the role may send to; a queue also serves as their dead-letter queue. */
      targets: z.array(scheduleTargetRef),
    }),
  ),
});

/** What a schedule invokes, and how: EventBridge Scheduler's templated target. */
export const scheduleTargetSpec = strict({
  to: scheduleTargetRef,
  /** For a bus target: the detail-type of the event the schedule puts. */
  detailType: z.optional(nonEmpty()),
  /** For a bus target: the source of the event the schedule puts (not `aws.…`). */
  source: z.optional(nonEmpty()),
  /** What the target receives: text, or an object sent as JSON. `<aws.scheduler.scheduled-time>` and the other context attributes are filled in. `{}` by default. */
  input: z.optional(oneOf([z.string(), z.record(z.string(), z.unknown())], () => 'must be text, or an object sent as JSON')),
  /** Attempts 0 to 185 (185 by default) within 60 to 86,400 seconds (a day by default). */
  retryPolicy: z.optional(strict({ maximumRetryAttempts: z.optional(z.number()), maximumEventAgeInSeconds: z.optional(z.number()) })),
  /** A queue's name: where invocations that failed for good go. */
  deadLetterQueue: z.optional(nonEmpty()),
});

/**
 * An EventBridge Scheduler schedule: one target invoked at a time, at a rate, or on a cron, in a time zone.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
export const scheduleSpec = strict({
  name: nonEmpty(),
  /** One of `scheduleGroups`; `default` when absent. */
  group: z.optional(nonEmpty()),
  description: z.optional(z.string()),
  /** `at(2026-11-23T09:00:00)`, `rate(1 hour)` or `cron(0 9 ? * MON-FRI *)`, in `timezone`. */
  expression: nonEmpty(),
  /** An IANA time zone such as `Europe/Berlin`; UTC by default. */
  timezone: z.optional(nonEmpty()),
  /** Minutes (1 to 1,440) after the scheduled time within which the target is invoked; off (on time) when absent. */
  flexibleWindowMinutes: z.optional(z.number()),
  state: z.optional(z.enum(['ENABLED', 'DISABLED'])),
  /** ISO 8601 (`2026-12-01T00:00:00Z`): a recurring schedule runs no earlier. */
  startDate: z.optional(nonEmpty()),
  /** ISO 8601: a recurring schedule runs no later. */
  endDate: z.optional(nonEmpty()),
  /** DELETE: the schedule deletes itself after its last invocation (simulated only: CloudFormation has no such property). */
  actionAfterCompletion: z.optional(z.enum(['NONE', 'DELETE'])),
  target: scheduleTargetSpec,
});

const PIPE_TARGET_KINDS = ['bus', 'function', 'queue', 'topic'] as const;

/** Where an EventBridge pipe delivers: `{ bus: 'default' }`, or a function, queue or topic of the lesson. */
export const pipeTargetRef = oneOf(
  [strict({ bus: nonEmpty() }), strict({ function: nonEmpty() }), strict({ queue: nonEmpty() }), strict({ topic: nonEmpty() })],
  refProblem(PIPE_TARGET_KINDS),
);

/** Where a pipe sends the records it gave up on: for a stream source, AWS takes an SQS queue or an SNS topic. */
export const pipeDeadLetterRef = oneOf([strict({ queue: nonEmpty() }), strict({ topic: nonEmpty() })], refProblem(['queue', 'topic']));

/**
 * A pipe's filter patterns (its FilterCriteria), in a learner's file or inline: a list of event patterns matched
 * against each stream record, such as `[{ "eventName": ["INSERT"] }]`. A record that matches any one goes on.
 * Which patterns a pipe takes is EventBridge Pipes' to say, when the lesson is built.
 */
export const pipeFilterFile = z.array(z.record(z.string(), z.unknown()), {
  error: (issue) => (issue.code === 'invalid_type' ? 'must be a list of filter patterns, such as [{ "eventName": ["INSERT"] }]' : undefined),
});

/**
 * The table stream a pipe reads, and how (the API's DynamoDBStreamParameters). The counts are whole numbers, as
 * the API's integers are; their ranges are EventBridge Pipes' to refuse, in its words, when the lesson is built.
 */
export const pipeSourceSpec = strict({
  /** One of `tables`, with a `stream`. */
  table: nonEmpty(),
  /** Where a new pipe starts reading: `LATEST` (the default), the records written after it is created, or `TRIM_HORIZON`, the oldest record the stream still holds. */
  startingPosition: z.optional(z.enum(['LATEST', 'TRIM_HORIZON'])),
  /** The most records a batch holds: 1 to 10,000, and 10 at most for an event bus, queue or topic target. */
  batchSize: z.optional(z.int()),
  /** Seconds (0 to 300) the pipe may wait to fill a batch; 0 by default. */
  maximumBatchingWindowInSeconds: z.optional(z.int()),
  /** Retries of a failed batch, -1 (for ever, the default) to 10,000. */
  maximumRetryAttempts: z.optional(z.int()),
  /** Where the records of a batch the pipe gave up on are described. */
  deadLetter: z.optional(pipeDeadLetterRef),
});

/**
 * An EventBridge pipe from a table's stream: filtered, enriched by a Lambda function, delivered to one target.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes.html
 */
export const pipeSpec = strict({
  name: nonEmpty(),
  description: z.optional(z.string()),
  source: pipeSourceSpec,
  /** Filter patterns as a list, or `{ file: 'filter.json' }` for a file the learner writes. Every record goes on when absent. */
  filter: z.optional(oneOf([fileRef, pipeFilterFile], () => 'must be a list of filter patterns, or { file: "filter.json" } for a file the learner writes')),
  /** A function invoked with each batch (synchronously); what it returns is what the target receives. */
  enrichment: z.optional(strict({ function: nonEmpty() })),
  target: pipeTargetRef,
  /** For a bus target: the events' source and detail-type, each a text or a JSON path into the item (`$.detailType`). */
  eventBusParameters: z.optional(strict({ source: z.optional(nonEmpty()), detailType: z.optional(nonEmpty()) })),
  /** What the target receives for each item (the target's InputTemplate), with `<$.path>` placeholders; the item itself when absent. */
  inputTemplate: z.optional(z.string()),
});

export const lessonArchitecture = strict({
  /** Custom event buses; `default` always exists. */
  buses: z.optional(z.array(nonEmpty())),
  /** Buses that log each event's processing to a log group (event bus logging). */
  busLogs: z.optional(z.array(busLogSpec)),
  /** Buses other accounts may put events on (resource-based policies). */
  busPolicies: z.optional(z.array(busPolicySpec)),
  /** Archives of a bus's events, for replays. */
  archives: z.optional(z.array(archiveSpec)),
  /** SaaS partner event sources offered to the account. A sample event whose Source is one of them arrives through PutPartnerEvents. */
  partnerSources: z.optional(z.array(partnerSourceSpec)),
  /** Partner event buses, each named after the partner source it receives from (one of `partnerSources`). Rules name them as `bus`. */
  partnerBuses: z.optional(z.array(nonEmpty())),
  connections: z.optional(z.array(connectionSpec)),
  apiDestinations: z.optional(z.array(apiDestinationSpec)),
  /** Services outside AWS that API destinations call, run inside the simulation. */
  httpEndpoints: z.optional(z.array(httpEndpointSpec)),
  queues: z.optional(z.array(queueSpec)),
  topics: z.optional(z.array(topicSpec)),
  tables: z.optional(z.array(tableSpec)),
  /** SES identities (addresses or domains) verified in the account, so functions may send from them. */
  emailIdentities: z.optional(z.array(nonEmpty())),
  functions: z.optional(z.array(functionSpec)),
  rules: z.optional(z.array(ruleSpec)),
  /** EventBridge Scheduler schedule groups; `default` always exists. */
  scheduleGroups: z.optional(z.array(scheduleGroupSpec)),
  /** EventBridge Scheduler schedules. */
  schedules: z.optional(z.array(scheduleSpec)),
  /** EventBridge pipes, each from a table's stream to one target. */
  pipes: z.optional(z.array(pipeSpec)),
  alarms: z.optional(oneOf([z.array(alarmSpec), fileRef], () => 'must be a list of alarms, or { file: "alarms.json" } for a file the learner writes')),
  sampleEvents: z.array(sampleEvent),
  failureSwitches: z.optional(z.array(failureSwitchSpec)),
});

export type FileRef = z.infer<typeof fileRef>;
export type ResourceRef = z.infer<typeof resourceRef>;
export type TargetRef = z.infer<typeof targetRef>;
export type ConnectionSpec = z.infer<typeof connectionSpec>;
export type ConnectionHttpParameters = z.infer<typeof connectionHttpParameters>;
export type ApiDestinationSpec = z.infer<typeof apiDestinationSpec>;
export type PartnerSourceSpec = z.infer<typeof partnerSourceSpec>;
export type HttpEndpointSpec = z.infer<typeof httpEndpointSpec>;
export type QueueSpec = z.infer<typeof queueSpec>;
export type BusLogSpec = z.infer<typeof busLogSpec>;
export type BusPolicyStatementSpec = z.infer<typeof busPolicyStatementSpec>;
export type BusPolicySpec = z.infer<typeof busPolicySpec>;
export type ArchiveSpec = z.infer<typeof archiveSpec>;
export type TopicSpec = z.infer<typeof topicSpec>;
export type TableSpec = z.infer<typeof tableSpec>;
export type FunctionSpec = z.infer<typeof functionSpec>;
export type EnvironmentValue = z.infer<typeof environmentValue>;
export type ArnRef = z.infer<typeof arnRef>;
export type ScheduleTargetRef = z.infer<typeof scheduleTargetRef>;
export type ScheduleGroupSpec = z.infer<typeof scheduleGroupSpec>;
export type ScheduleSpec = z.infer<typeof scheduleSpec>;
export type PipeTargetRef = z.infer<typeof pipeTargetRef>;
export type PipeDeadLetterRef = z.infer<typeof pipeDeadLetterRef>;
export type PipeSpec = z.infer<typeof pipeSpec>;
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
