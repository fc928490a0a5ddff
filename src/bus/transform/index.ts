// What a rule's target receives for a matched event: the constant `Input`, the part of the event
// `InputPath` selects, the filled `InputTransformer` template, or (none of them set) the whole event.
// Validation of those settings at PutTargets time lives in validate.ts.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
//
// Left out: per-target-type rules (CloudWatch Logs targets need a `{"timestamp": …, "message": …}`
// template; API destinations and Step Functions add their own parameters), and keeping the number spelling
// of the original event (`1.0` comes out as `1`), since the envelope holds parsed JSON.

import type { EventEnvelope } from '../envelope.ts';
import { evaluateJsonPath, parseJsonPath } from './json-path.ts';
import { renderTemplate } from './template.ts';
import type { TargetInputSettings } from './validate.ts';

export { evaluateJsonPath, parseJsonPath, type JsonPath, type PathStep } from './json-path.ts';
export { renderTemplate, templateKind, templatePlaceholders, type TemplateKind } from './template.ts';
export {
  PREDEFINED_VARIABLES,
  targetInputViolations,
  validateTargetInput,
  type InputTransformerSettings,
  type TargetInputSettings,
} from './validate.ts';

/** Values of the predefined template variables that do not come from the event itself. */
export interface TransformContext {
  /** `arn:aws:events:us-east-1:123456789012:rule/my-bus/my-rule` (the bus appears only for custom buses). */
  ruleArn: string;
  ruleName: string;
  /** When EventBridge received the event: an ISO 8601 timestamp. */
  ingestionTime: string;
}

/**
 * The exact text delivered to the target, or `undefined` when AWS delivers nothing: a JSON template that
 * does not fill into valid JSON, or an `InputPath` that selects nothing. Assumes the settings passed
 * `validateTargetInput`.
 */
export function renderTargetInput(
  input: TargetInputSettings,
  event: EventEnvelope,
  context: TransformContext,
): string | undefined {
  if (input.Input !== undefined) return input.Input;
  if (input.InputPath !== undefined) {
    // Not recorded: a path that selects nothing. Jayway JsonPath (which EventBridge's semantics follow)
    // fails such a read, so we deliver nothing rather than invent a body.
    const value = select(input.InputPath, event);
    return value === undefined ? undefined : JSON.stringify(value);
  }
  const transformer = input.InputTransformer;
  if (!transformer) return JSON.stringify(event);

  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) values.set(name, select(path, event));
  // Predefined variables win over a same-named key (validation already forbids one).
  values.set('aws.events.rule-arn', context.ruleArn);
  values.set('aws.events.rule-name', context.ruleName);
  values.set('aws.events.event.ingestion-time', context.ingestionTime);
  values.set('aws.events.event', eventWithoutDetail(event));
  values.set('aws.events.event.json', event);
  return renderTemplate(transformer.InputTemplate ?? '', values);
}

function select(pathText: string, event: EventEnvelope): unknown {
  const path = parseJsonPath(pathText);
  return path ? evaluateJsonPath(path, event) : undefined;
}

/**
 * `<aws.events.event>`: recorded as the envelope without `detail`, with `detail-type` renamed `detailType`,
 * in this key order. Its `time` was masked in the recording; we give the event's `time`.
 */
function eventWithoutDetail(event: EventEnvelope): Record<string, unknown> {
  return {
    id: event.id,
    account: event.account,
    detailType: event['detail-type'],
    time: event.time,
    source: event.source,
    region: event.region,
    resources: event.resources,
    version: event.version,
  };
}
