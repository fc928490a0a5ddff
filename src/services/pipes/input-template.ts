// A pipe's InputTemplate (EnrichmentParameters.InputTemplate, TargetParameters.InputTemplate): not the rules'
// InputPathsMap, but JSON paths written inline, `<$.dynamodb.NewImage.orderId.S>`, and the reserved variables
// `<aws.pipes.pipe-arn>`, `<aws.pipes.pipe-name>`, `<aws.pipes.source-arn>`, `<aws.pipes.enrichment-arn>`,
// `<aws.pipes.target-arn>`, `<aws.pipes.event.ingestion-time>`, `<aws.pipes.event>` and `<aws.pipes.event.json>`.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html
//
// The values go in as in a rule's input transformer (../../bus/transform/template.ts, whose rules are recorded
// from AWS): outside quotes in a JSON template a value is JSON (a string gets quotes), inside quotes its text is
// spliced in, and in a text template an object loses its quotes. That last example, "the quotes within the
// original source payload being removed ... {"key": "value"} will become "{key: value}"", is from the rules'
// input transformer page (eb-transform-target-input), not the Pipes guide. How Pipes itself quotes a string put
// outside quotes is not recorded: the simulator takes the rules' behaviour for it.
// A template is applied to each event of a batch on its own.

import { evaluateJsonPath, parseJsonPath } from '../../bus/transform/json-path.ts';
import { renderTemplate } from '../../bus/transform/template.ts';

/** What the reserved variables stand for, besides the event. */
export interface PipeContext {
  pipeArn: string;
  pipeName: string;
  sourceArn: string;
  enrichmentArn: string | undefined;
  targetArn: string;
}

const PLACEHOLDER = /<(\$[^<>\s]*|aws\.pipes\.[a-z.-]+)>/g;

/**
 * The template filled for one event (the value the transformer received), or `undefined` when a JSON template
 * does not come out as valid JSON. `now` is the ingestion time: "the time at which the event was received by the
 * input transformer", an ISO 8601 timestamp.
 */
export function renderPipeTemplate(template: string, event: unknown, context: PipeContext, now: number): string | undefined {
  const values = new Map<string, unknown>();
  let n = 0;
  const rewritten = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = variable(name, event, context, now);
    if (value === UNKNOWN) return whole;
    const key = `pipes-variable-${n++}`;
    values.set(key, value);
    return `<${key}>`;
  });
  return renderTemplate(rewritten, values);
}

/** The value a filled template stands for: its JSON, or the text itself when it is not JSON. */
export function templateValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const UNKNOWN = Symbol('unknown variable');

function variable(name: string, event: unknown, context: PipeContext, now: number): unknown {
  if (name.startsWith('$')) {
    const path = parseJsonPath(name);
    return path ? evaluateJsonPath(path, event) : UNKNOWN;
  }
  switch (name) {
    case 'aws.pipes.pipe-arn':
      return context.pipeArn;
    case 'aws.pipes.pipe-name':
      return context.pipeName;
    case 'aws.pipes.source-arn':
      return context.sourceArn;
    case 'aws.pipes.enrichment-arn':
      return context.enrichmentArn;
    case 'aws.pipes.target-arn':
      return context.targetArn;
    case 'aws.pipes.event.ingestion-time':
      return new Date(now).toISOString();
    // "The event as received by the input transformer", as text; `.json` is the same event unescaped, "the
    // variable can only be used as a value for a JSON field".
    case 'aws.pipes.event':
      return typeof event === 'string' ? event : JSON.stringify(event);
    case 'aws.pipes.event.json':
      return event;
    default:
      return UNKNOWN;
  }
}
