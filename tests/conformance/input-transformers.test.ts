// Runs every case of input-transformers.json (answers recorded from real AWS; ../shared/conformance/README.md)
// against src/bus/transform: one named test per case. Raw-text bodies are compared as exact text, JSON
// bodies as parsed values (the recording kept only the parsed value), PutTargets errors as whole messages.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { EventEnvelope } from '../../src/bus/envelope.ts';
import { renderTargetInput, validateTargetInput, type TargetInputSettings } from '../../src/bus/transform/index.ts';
import { deviations, type TransformOutcome } from './input-transformers.deviations.ts';

interface Case {
  name: string;
  kind: 'input-transformer' | 'input-path' | 'no-transformation' | 'put-targets-error';
  inputPath?: string;
  inputPathsMap?: Record<string, string>;
  inputTemplate?: string;
  event?: EventEnvelope;
  context?: { ruleArn: string; ruleName: string; ingestionTime: string };
  delivered?: boolean;
  expectedFormat?: 'json' | 'raw-text';
  expected?: unknown;
  errorCode?: string;
  error?: string;
}

const corpus = new URL('../../../shared/conformance/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('input-transformers.json', corpus), 'utf8')) as Case[];

// `<target-id>` in a recorded message stands for the Id given to PutTargets (README, placeholders).
const TARGET_ID = 'target-1';
// Cases without a recorded context never use the predefined variables; any values do.
const DEFAULT_CONTEXT = {
  ruleArn: 'arn:aws:events:us-east-1:111111111111:rule/rule-1',
  ruleName: 'rule-1',
  ingestionTime: '2025-01-01T00:00:00Z',
};

function settings(c: Case): TargetInputSettings {
  const s: TargetInputSettings = {};
  if (c.inputPath !== undefined) s.InputPath = c.inputPath;
  if (c.inputTemplate !== undefined) {
    s.InputTransformer = { InputTemplate: c.inputTemplate };
    if (c.inputPathsMap) s.InputTransformer.InputPathsMap = c.inputPathsMap;
  }
  return s;
}

function outcome(c: Case): TransformOutcome {
  try {
    validateTargetInput(TARGET_ID, settings(c));
  } catch (error) {
    const e = error as Error & { code?: string };
    if (!e.code) throw error;
    return { error: { code: e.code, message: e.message } };
  }
  return { body: renderTargetInput(settings(c), c.event as EventEnvelope, c.context ?? DEFAULT_CONTEXT) };
}

// Values the recording masked by position (a LocalStack jsonpath transformer), not by value: AWS's real text
// there is unknown. Other placeholders (`<region>`, `date`) were replaced by value in the event as well.
const POSITION_MASKS = new Set(['<ingestion-time>']);

/** Applies the recording's positional masks to our output, so that only what AWS's answer pins is compared. */
function maskLike(actual: unknown, expected: unknown): unknown {
  if (typeof expected === 'string' && POSITION_MASKS.has(expected) && typeof actual === 'string') return expected;
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.map((a, i) => maskLike(a, expected[i]));
  if (isObject(expected) && isObject(actual)) {
    return Object.fromEntries(Object.entries(actual).map(([k, v]) => [k, maskLike(v, expected[k])]));
  }
  return actual;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const deviated = new Map(deviations.map((d) => [d.name, d]));

test('the corpus has its 35 cases', () => {
  expect(cases).toHaveLength(35);
});

describe('input-transformers.json (recorded from AWS)', () => {
  test.each(cases.filter((c) => !deviated.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = outcome(c);
    if (c.kind === 'put-targets-error') {
      expect(result).toEqual({ error: { code: c.errorCode, message: c.error?.replaceAll('<target-id>', TARGET_ID) } });
      return;
    }
    expect(result).not.toHaveProperty('error');
    const body = 'body' in result ? result.body : undefined;
    if (c.delivered === false) {
      expect(body).toBeUndefined();
    } else if (c.expectedFormat === 'raw-text') {
      expect(body).toBe(c.expected);
    } else {
      expect(body).toBeDefined();
      expect(maskLike(JSON.parse(body ?? ''), c.expected)).toEqual(c.expected);
    }
  });
});

test('known deviations still behave as documented', () => {
  for (const d of deviations) {
    const c = cases.find((x) => x.name === d.name);
    expect(c, d.name).toBeDefined();
    expect(outcome(c!), d.name).toEqual(d.actual);
  }
});
