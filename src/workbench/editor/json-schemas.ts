// JSON schemas for the lesson files a learner writes as JSON: event patterns, input transformers and alarms.
// They give the editor completions and hover text while typing. The input transformer and alarms schemas are
// generated from the lesson contract (src/lessons/architecture.ts), the same zod schemas the simulator reads
// those files with. The event-pattern schema is written by hand and only guides: what decides is the engine
// (src/bus/pattern), whose AWS error language-support.ts shows next to these warnings.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html

import type { JSONSchema } from 'monaco-editor/languages/features/json/register';
import { alarmsFile, inputTransformerFile, type LessonArchitecture } from '../../lessons/architecture.ts';
import { z } from '../../lessons/contract.ts';

const string = (description: string): JSONSchema => ({ type: 'string', description });
const stringOrList = (description: string): JSONSchema => ({
  description,
  anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
});
const ignoringCase = (operator: 'prefix' | 'suffix'): JSONSchema => ({
  type: 'object',
  properties: { 'equals-ignore-case': string(`The ${operator}, compared ignoring case.`) },
  required: ['equals-ignore-case'],
  additionalProperties: false,
});

/** `{ "prefix": … }` and the other match expressions: an object with exactly one operator. */
const operator: JSONSchema = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    prefix: {
      description: 'Matches a string that starts with this text. `{"prefix": {"equals-ignore-case": "ab"}}` ignores case.',
      anyOf: [{ type: 'string' }, ignoringCase('prefix')],
    },
    suffix: {
      description: 'Matches a string that ends with this text. `{"suffix": {"equals-ignore-case": ".PNG"}}` ignores case.',
      anyOf: [{ type: 'string' }, ignoringCase('suffix')],
    },
    'equals-ignore-case': string('Matches a string equal to this one, ignoring case.'),
    wildcard: string('Matches a string against `*` wildcards, each standing for any run of characters: `"*.png"`, `"dir/*/file"`. `\\*` is a literal star.'),
    'anything-but': {
      description:
        'Matches any value except these: a string, a number, a list of strings or of numbers, or `{"prefix": …}`, `{"suffix": …}`, `{"equals-ignore-case": …}`, `{"wildcard": …}`. A missing field never matches.',
      anyOf: [
        { type: ['string', 'number'] },
        { type: 'array', items: { type: ['string', 'number'] }, minItems: 1 },
        {
          type: 'object',
          minProperties: 1,
          maxProperties: 1,
          additionalProperties: false,
          properties: {
            prefix: stringOrList('Anything that does not start with this text (or any of these).'),
            suffix: stringOrList('Anything that does not end with this text (or any of these).'),
            'equals-ignore-case': stringOrList('Anything not equal to this string (or any of these), ignoring case.'),
            wildcard: stringOrList('Anything that does not match this wildcard pattern (or any of these).'),
          },
        },
      ],
    },
    numeric: {
      description: 'Matches a number in a range: `["<", 100]`, `["=", 3.5]`, `[">", 0, "<=", 5]`.',
      type: 'array',
      minItems: 2,
      maxItems: 4,
      items: [
        { enum: ['=', '<', '<=', '>', '>='], description: 'A comparison; only `>` and `>=` can be followed by an upper bound.' },
        { type: 'number' },
        { enum: ['<', '<='], description: 'The upper bound of a range.' },
        { type: 'number' },
      ],
    },
    exists: {
      type: 'boolean',
      description: '`true` matches when the event has this field (with any value but an object), `false` when it does not.',
    },
    cidr: string('Matches an IPv4 or IPv6 address inside this CIDR block: `"10.0.0.0/24"`.'),
    // event-ruler's explicit form of a plain string value; accepted, never suggested.
    exactly: { type: 'string', description: 'Matches exactly this string, like a plain string value.', doNotSuggest: true },
  },
};

const values: JSONSchema = {
  type: 'array',
  minItems: 1,
  description: 'The values this field may have: the event matches when its value equals any of them.',
  // if/then rather than anyOf, so that a mistake inside `{…}` is reported as that (an unknown operator), not as "not a string".
  items: { if: { type: 'object' }, then: { $ref: '#/definitions/operator' }, else: { type: ['string', 'number', 'boolean', 'null'] } },
};

const envelope = (description: string): JSONSchema => ({ $ref: '#/definitions/values', description });

const or = (items: JSONSchema): JSONSchema => ({
  type: 'array',
  minItems: 2,
  items,
  description: 'Matches when the event matches any of these patterns (at least two), each combined with the rest of this object.',
});

/** Every object nested in a pattern (`detail`, and objects inside `detail`). */
const pattern: JSONSchema = {
  type: 'object',
  minProperties: 1,
  properties: { $or: or({ $ref: '#/definitions/pattern' }) },
  additionalProperties: { $ref: '#/definitions/field' },
};

export const EVENT_PATTERN_SCHEMA: JSONSchema = markdown({
  $id: 'https://workbook.local/schemas/event-pattern.json',
  title: 'Event pattern',
  description: 'Which events the rule matches. Every field named here must match; fields left out match anything.',
  type: 'object',
  minProperties: 1,
  properties: {
    $or: or({ $ref: '#' }),
    source: envelope('Who produced the event, such as `"myapp.users"` or `"aws.s3"`.'),
    'detail-type': envelope('What happened, such as `"UserSignedUp"`.'),
    detail: { $ref: '#/definitions/pattern', description: 'The event’s own data: a pattern over the fields of `detail`.' },
    account: envelope('The 12-digit AWS account the event came from.'),
    region: envelope('The AWS Region the event came from, such as `"us-east-1"`.'),
    resources: envelope('ARNs of the resources the event concerns; matches when any of them does.'),
    id: envelope('The event’s id, given by EventBridge.'),
    time: envelope('When the event happened, such as `"2025-01-01T12:00:00Z"`.'),
    version: envelope('The envelope version, always `"0"`.'),
  },
  additionalProperties: { $ref: '#/definitions/field' },
  definitions: {
    pattern,
    field: { anyOf: [{ $ref: '#/definitions/values' }, { $ref: '#/definitions/pattern' }] },
    values,
    operator,
  },
});

/**
 * A pipe's filter file: a list of up to five event patterns, matched against each record the pipe reads (a
 * DynamoDB stream record: eventName, dynamodb.Keys, dynamodb.NewImage…, each value under its type).
 */
export const PIPE_FILTER_SCHEMA: JSONSchema = markdown({
  $id: 'https://workbook.local/schemas/pipe-filter.json',
  title: 'Pipe filter',
  description: 'The pipe’s filter patterns: a record that matches any one of them goes on; the others are dropped.',
  type: 'array',
  maxItems: 5,
  items: { $ref: '#/definitions/pattern', description: 'A pattern over a stream record, such as `{ "eventName": ["INSERT"] }`.' },
  definitions: { pattern, field: { anyOf: [{ $ref: '#/definitions/values' }, { $ref: '#/definitions/pattern' }] }, values, operator },
});

/** A target's input transformer file, in the API's spelling or the architecture's (src/lessons/build.ts takes both). */
export const INPUT_TRANSFORMER_SCHEMA: JSONSchema = fromZod(inputTransformerFile, 'https://workbook.local/schemas/input-transformer.json', 'Input transformer');

/** An alarms file: the architecture's AlarmSpec[] (src/lessons/architecture.ts), topics limited to the lesson's own. */
export function alarmsSchema(architecture: LessonArchitecture): JSONSchema {
  return fromZod(alarmsFile((architecture.topics ?? []).map((topic) => topic.name)), 'https://workbook.local/schemas/alarms.json', 'CloudWatch alarms');
}

/** The JSON Schema of a part of the lesson contract, as the editor reads it: draft-07, with Markdown hovers. */
function fromZod(schema: z.core.$ZodType, $id: string, title: string): JSONSchema {
  const { $schema: _, ...generated } = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
  return markdown({ $id, title, ...generated } as JSONSchema);
}

/** Descriptions are written in Markdown (`code`): hovers render `markdownDescription`, plain text goes without the backticks. */
function markdown(schema: JSONSchema): JSONSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = key === 'enum' || key === 'required' ? value : walk(value);
    if (typeof out.description === 'string') {
      out.markdownDescription = out.description;
      out.description = out.description.replaceAll('`', '');
    }
    return out;
  };
  return walk(schema) as JSONSchema;
}
