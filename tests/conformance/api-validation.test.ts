// Runs the non-cron cases of api-validation.json (API answers recorded from real AWS;
// ../shared/conformance/README.md) against the simulator's EventBridge on a fresh Cloud: one named test per
// case, errors compared by code, whole message and HTTP status, accepted calls by what ListTargetsByRule shows.
// The cron cases (`invalid_cron: …`, `valid_cron: …`) run in schedule-expressions.test.ts, so they are skipped.

import { readFileSync } from 'node:fs';
import type { Target } from '@aws-sdk/client-eventbridge';
import { describe, expect, test } from 'vitest';
import { AwsServiceError } from '../../src/bus/errors.ts';
import { Cloud } from '../../src/services/cloud.ts';
import { deviations, type ApiOutcome } from './api-validation.deviations.ts';

interface Case {
  name: string;
  api: 'PutTargets' | 'DeleteRule' | 'CreateConnection' | 'PutRule';
  request: Record<string, unknown> | Array<Record<string, unknown>>;
  accepted?: boolean;
  errorCode?: string;
  error?: string;
  httpStatus?: number;
  listTargetsByRuleAfter?: { Targets: Target[] };
}

const corpus = new URL('../../../shared/conformance/', import.meta.url);
const all = JSON.parse(readFileSync(new URL('api-validation.json', corpus), 'utf8')) as Case[];
const cases = all.filter((c) => !/^(in)?valid_cron: /.test(c.name));

const RULE = 'test-rule';
const CUSTOM_BUS = 'custom-bus';
// AWS's test used an Id over 64 characters that the snapshot replaced with this placeholder (the case's notes).
const LONG_ID_PLACEHOLDER = 'second-invalid-target-id';
const LONG_ID = `${'a'.repeat(32)}-${'b'.repeat(32)}`; // 65 characters, all of them allowed in an Id

/** Recorded placeholders and what this test puts in their place, in requests and in expected answers. */
function substitutions(queueArn: string): Array<[string, string]> {
  return [
    ['<queue-arn>', queueArn],
    // The overwrite case's Arn: the recording shows the target's queue ARN as `target-arn`.
    ['target-arn', queueArn],
    ['<custom-bus>', CUSTOM_BUS],
    [LONG_ID_PLACEHOLDER, LONG_ID],
  ];
}

function substitute<T>(value: T, pairs: ReadonlyArray<[string, string]>): T {
  if (typeof value === 'string') return pairs.reduce<string>((s, [from, to]) => s.replaceAll(from, to), value) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, pairs)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, pairs)])) as T;
  }
  return value;
}

interface Fixture {
  cloud: Cloud;
  /** A real queue, for every `<queue-arn>` in the recorded requests. */
  queueArn: string;
}

function fixture(): Fixture {
  const cloud = new Cloud();
  const queueUrl = cloud.sqs.createQueue({ QueueName: 'target-queue' }).QueueUrl!;
  const queueArn = cloud.sqs.getQueueAttributes({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }).Attributes!.QueueArn!;
  return { cloud, queueArn };
}

/** Sets up what the case's request needs (a rule, a custom bus) and makes the call(s). */
function outcome(c: Case, { cloud: { events }, queueArn }: Fixture = fixture()): ApiOutcome {
  const requests = substitute(Array.isArray(c.request) ? c.request : [c.request], substitutions(queueArn));
  try {
    switch (c.api) {
      case 'PutTargets': {
        events.putRule({ Name: RULE, EventPattern: JSON.stringify({ source: ['test'] }) });
        for (const request of requests) events.putTargets({ Rule: RULE, Targets: request.Targets as Target[] });
        return { accepted: true, targets: events.listTargetsByRule({ Rule: RULE }).Targets ?? [] };
      }
      case 'DeleteRule': {
        // The recorded request only says that the rule still has a target.
        events.putRule({ Name: RULE, EventPattern: JSON.stringify({ source: ['test'] }) });
        events.putTargets({ Rule: RULE, Targets: [{ Id: 'target-1', Arn: queueArn }] });
        events.deleteRule({ Name: RULE });
        return { accepted: true };
      }
      case 'PutRule': {
        const request = requests[0]!;
        if (request.EventBusName === CUSTOM_BUS) events.createEventBus({ Name: CUSTOM_BUS });
        events.putRule({ Name: RULE, ...request });
        return { accepted: true };
      }
      case 'CreateConnection': {
        const createConnection = (events as unknown as Record<string, unknown>).createConnection;
        if (typeof createConnection !== 'function') return { unsupported: 'createConnection' };
        createConnection.call(events, requests[0]);
        return { accepted: true };
      }
    }
  } catch (error) {
    if (!(error instanceof AwsServiceError)) throw error;
    return { error: { code: error.name, message: error.message, httpStatus: error.httpStatus } };
  }
}

/** The recorded answer, with placeholders replaced by the values this test used. */
function expected(c: Case, { queueArn }: Fixture): ApiOutcome {
  const pairs = substitutions(queueArn);
  if (c.accepted) {
    return c.listTargetsByRuleAfter ? { accepted: true, targets: substitute(c.listTargetsByRuleAfter.Targets, pairs) } : { accepted: true };
  }
  return { error: { code: c.errorCode!, message: substitute(c.error!, pairs), httpStatus: c.httpStatus! } };
}

const deviated = new Map(deviations.map((d) => [d.name, d]));

test('the corpus has its 7 non-cron cases (the 21 cron cases run in schedule-expressions.test.ts)', () => {
  expect(cases.map((c) => c.name)).toEqual([
    'put_targets_invalid_id',
    'put_targets_id_too_long',
    'put_targets_more_than_5',
    'delete_rule_with_targets',
    'create_connection_validation',
    'schedule_on_custom_bus',
    'put_targets_same_id_overwrites',
  ]);
  expect(all.length - cases.length).toBe(21);
});

test('the over-long Id stands in for one that is really over 64 characters', () => {
  expect(LONG_ID.length).toBeGreaterThan(64);
  expect(LONG_ID).toMatch(/^[.\-_A-Za-z0-9]+$/);
});

describe('api-validation.json (recorded from AWS)', () => {
  test.each(cases.filter((c) => !deviated.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const f = fixture();
    expect(outcome(c, f)).toEqual(expected(c, f));
  });
});

test('known deviations still behave as documented', () => {
  for (const d of deviations) {
    const c = cases.find((x) => x.name === d.name);
    expect(c, d.name).toBeDefined();
    expect(outcome(c!), d.name).toEqual(d.actual);
  }
});
