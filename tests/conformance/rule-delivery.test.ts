// Runs every scenario of rule-delivery.json (deliveries recorded from real AWS; ../shared/conformance/README.md)
// end to end through a fresh Cloud: PutRule, PutTargets (an SQS queue or a Lambda function), then each
// PutEvents entry on its own, with the virtual clock run until idle. One named test per scenario. Each entry
// must reach the target exactly when AWS delivered it, with the body AWS delivered.

import { readFileSync } from 'node:fs';
import type { PutEventsRequestEntry, Target } from '@aws-sdk/client-eventbridge';
import { describe, expect, test } from 'vitest';
import { Cloud } from '../../src/services/cloud.ts';
import type { LambdaInvoker } from '../../src/services/lambda-port.ts';
import { deviations, type DeliveryOutcome } from './rule-delivery.deviations.ts';

type TargetOptions = Pick<Target, 'InputPath' | 'InputTransformer'>;

interface Entry {
  entry: PutEventsRequestEntry;
  delivered?: boolean;
  deliveredBody?: unknown;
  /** Only in the two-rule scenario: which rules matched, and every Lambda payload so far. */
  matchedRules?: number[];
  lambdaEventsAfter?: unknown[];
}

interface Scenario {
  name: string;
  pattern?: unknown;
  target?: TargetOptions;
  rules?: Array<{ pattern: unknown; target?: TargetOptions }>;
  entries: Entry[];
  targetType: 'SQS' | 'Lambda';
}

const corpus = new URL('../../../shared/conformance/', import.meta.url);
const scenarios = JSON.parse(readFileSync(new URL('rule-delivery.json', corpus), 'utf8')) as Scenario[];

// Placeholders LocalStack's snapshot put where AWS returned run-specific values (README, placeholders).
const RECORDED_ACCOUNT = '111111111111';
const RECORDED_REGION = '<region>';
const RECORDED_TIME = 'date';

/** A Lambda that accepts every event and keeps what it was given: the seam the Lambda runtime implements. */
class RecordingLambda implements LambdaInvoker {
  readonly invocations: Array<{ functionName: string; payload: string }> = [];
  invokeAsync(functionName: string, payload: string) {
    this.invocations.push({ functionName, payload });
    return { accepted: true } as const;
  }
  /** Rules invoke asynchronously only; called synchronously, this is a function that returns nothing. */
  async invokeSync(functionName: string, payload: string) {
    this.invocations.push({ functionName, payload });
    return { invoked: true, payload: 'null' } as const;
  }
}

const FUNCTION_NAME = 'echo-function';

/** Puts the scenario's rules and target, then each entry in turn; returns what the target got per entry. */
async function run(s: Scenario): Promise<DeliveryOutcome> {
  const lambda = new RecordingLambda();
  const cloud = new Cloud({ lambda });
  const { events, sqs, clock } = cloud;

  let targetArn: string;
  let queueUrl: string | undefined;
  if (s.targetType === 'SQS') {
    queueUrl = sqs.createQueue({ QueueName: 'target-queue' }).QueueUrl!;
    targetArn = sqs.getQueueAttributes({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }).Attributes!.QueueArn!;
  } else {
    targetArn = `arn:aws:lambda:${cloud.region}:${cloud.account}:function:${FUNCTION_NAME}`;
  }

  const rules = s.rules ?? [{ pattern: s.pattern, ...(s.target ? { target: s.target } : {}) }];
  rules.forEach((rule, i) => {
    events.putRule({ Name: `rule-${i}`, EventPattern: JSON.stringify(rule.pattern) });
    events.putTargets({ Rule: `rule-${i}`, Targets: [{ Id: `target-${i}`, Arn: targetArn, ...rule.target }] });
  });

  /** Everything the target received since the last call. */
  let lambdaSeen = 0;
  const received = (): string[] => {
    if (!queueUrl) {
      const fresh = lambda.invocations.slice(lambdaSeen);
      lambdaSeen = lambda.invocations.length;
      for (const { functionName } of fresh) expect(functionName).toBe(FUNCTION_NAME);
      return fresh.map((i) => i.payload);
    }
    const messages = sqs.receiveMessage({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }).Messages ?? [];
    for (const m of messages) sqs.deleteMessage({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle });
    return messages.map((m) => m.Body ?? '');
  };

  const outcome: DeliveryOutcome = [];
  for (const [i, e] of s.entries.entries()) {
    const putAt = clock.now();
    const response = events.putEvents({ Entries: [e.entry] });
    expect(response.FailedEntryCount, `entry ${i + 1} accepted`).toBe(0);
    await clock.runUntilIdle();

    // Run-specific values become the recording's placeholders, by value. The event id must be the one
    // PutEvents returned for this very entry to become this entry's recorded id.
    const recordedId = isObject(e.deliveredBody) ? e.deliveredBody.id : undefined;
    const placeholders = new Map<string, string>([
      [cloud.account, RECORDED_ACCOUNT],
      [cloud.region, RECORDED_REGION],
      [isoSeconds(putAt), RECORDED_TIME],
      ...(typeof recordedId === 'string' ? [[response.Entries![0]!.EventId!, recordedId] as [string, string]] : []),
    ]);
    outcome.push(received().map((body) => normalise(parseLikeRecording(body), placeholders)));
  }
  return outcome;
}

/** Every recorded body here is a JSON object, so the recording kept only its parsed value (README). */
function parseLikeRecording(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body; // Not JSON: left as text, so the comparison shows what arrived.
  }
}

function normalise(value: unknown, placeholders: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return placeholders.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => normalise(v, placeholders));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, placeholders)]));
  return value;
}

/** What AWS's recording says each entry's PutEvents delivered. */
function expected(s: Scenario): DeliveryOutcome {
  return s.entries.map((e, i) => {
    if (e.lambdaEventsAfter) {
      // Cumulative in the recording: this entry's payloads are the ones added since the previous entry.
      return e.lambdaEventsAfter.slice(s.entries[i - 1]?.lambdaEventsAfter?.length ?? 0);
    }
    return e.delivered ? [e.deliveredBody] : [];
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 3339 UTC to the second: how AWS writes an event's `time`. */
const isoSeconds = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

const deviated = new Map(deviations.map((d) => [d.name, d]));

test('the corpus has its 10 scenarios and 20 entries', () => {
  expect(scenarios).toHaveLength(10);
  expect(scenarios.flatMap((s) => s.entries)).toHaveLength(20);
});

test('the two-rule scenario records one matched rule, and so one new payload, per entry', () => {
  for (const s of scenarios.filter((x) => x.rules)) {
    expected(s).forEach((added, i) => expect(added).toHaveLength(s.entries[i]!.matchedRules!.length));
  }
});

describe('rule-delivery.json (recorded from AWS)', () => {
  test.each(scenarios.filter((s) => !deviated.has(s.name)).map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    expect(await run(s)).toEqual(expected(s));
  });
});

test('known deviations still behave as documented', async () => {
  for (const d of deviations) {
    const s = scenarios.find((x) => x.name === d.name);
    expect(s, d.name).toBeDefined();
    expect(await run(s!), d.name).toEqual(d.actual);
  }
});
