// The transformer tester's words (drawn by ./TransformerTester.tsx): while an input transformer file is open, what
// EventBridge would deliver to its target for the event in the composer, redrawn as the learner types; or, for a
// transformer PutTargets would refuse, AWS's words. The same code as a delivery, not a second implementation: the
// file is read as the lesson build reads it (targetInput), checked as PutTargets checks it (validateTargetInput), the
// event wrapped as PutEvents wraps it (buildEvent) and the template filled as the bus fills it before delivering
// (renderTargetInput).

import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ruleArn } from '../../bus/arn.ts';
import type { EventEnvelope } from '../../bus/envelope.ts';
import { AwsServiceError } from '../../bus/errors.ts';
import { testEventPattern } from '../../bus/pattern/index.ts';
import { buildEvent } from '../../bus/put-events/index.ts';
import { renderTargetInput, templateKind, validateTargetInput } from '../../bus/transform/index.ts';
import { isFileRef, type LessonArchitecture, type RuleSpec, type TargetSpec } from '../../lessons/architecture.ts';
import { fileText, LessonFileError, targetInput } from '../../lessons/build.ts';
import type { ComposedEvent } from '../composer.ts';
import { describeTarget } from './flow-layout.ts';

/** The rule and target whose input transformer each file is: `pager-text.json` → rule page-on-call, target oncall-pager. */
export function transformerFiles(architecture: LessonArchitecture): Map<string, { rule: RuleSpec; target: TargetSpec }> {
  const files = new Map<string, { rule: RuleSpec; target: TargetSpec }>();
  for (const rule of architecture.rules ?? []) {
    for (const target of rule.targets) if (isFileRef(target.inputTransformer)) files.set(target.inputTransformer.file, { rule, target });
  }
  return files;
}

export type TransformerPreview =
  /** What the target receives, exactly; `matches`: whether the rule's pattern matches the event (undefined when the pattern cannot be read). */
  | { kind: 'output'; text: string; format: 'json' | 'text'; matches: boolean | undefined }
  /** AWS delivers nothing (and reports nothing): a JSON template that does not fill into valid JSON. */
  | { kind: 'nothing'; reason: string; matches: boolean | undefined }
  /** The file cannot be a transformer: not JSON, the wrong shape, or PutTargets' ValidationException. */
  | { kind: 'invalid'; message: string }
  /** The composer's event cannot be sent. */
  | { kind: 'event'; message: string };

export interface PreviewInput {
  architecture: LessonArchitecture;
  files: Readonly<Record<string, string>>;
  /** The transformer file, one of `transformerFiles`. */
  file: string;
  event: ComposedEvent;
  /** Where and when the event is put: the account's, and the virtual clock's time. */
  account: string;
  region: string;
  now: number;
  /** The event's id (EventBridge gives each event a new one; the tester keeps one so the output holds still). */
  id: string;
}

export function previewTransformer(input: PreviewInput): TransformerPreview {
  const { architecture, files, file, event, account, region, now } = input;
  const owner = transformerFiles(architecture).get(file);
  if (!owner) return { kind: 'invalid', message: `${file} is not an input transformer of this lesson.` };
  const { rule, target } = owner;

  let settings: ReturnType<typeof targetInput>;
  try {
    settings = targetInput(target, files, () => '');
    validateTargetInput(target.id, settings);
  } catch (error) {
    if (error instanceof LessonFileError) return { kind: 'invalid', message: error.message };
    if (error instanceof AwsServiceError) return { kind: 'invalid', message: `PutTargets would refuse it: ${error.name}: ${error.message}` };
    throw error;
  }

  if (!event.ok) return { kind: 'event', message: event.message };
  const envelope = envelopeFor(architecture, event.entry, { id: input.id, account, region, now });
  if ('message' in envelope) return { kind: 'event', message: envelope.message };

  const matches = patternMatches(rule, files, JSON.stringify(envelope.event));
  const text = renderTargetInput(settings, envelope.event, {
    ruleArn: ruleArn({ partition: 'aws', account, region }, rule.bus ?? 'default', rule.name),
    ruleName: rule.name,
    ingestionTime: new Date(now).toISOString(),
  });
  if (text === undefined) return { kind: 'nothing', reason: 'The template does not fill into valid JSON for this event, so EventBridge delivers nothing to the target, and reports no error.', matches };
  return { kind: 'output', text, format: templateKind(settings.InputTransformer?.InputTemplate ?? ''), matches };
}

/** The event a rule sees for the entry, built by PutEvents' own code; a partner's event as PutPartnerEvents builds it. */
function envelopeFor(architecture: LessonArchitecture, entry: PutEventsRequestEntry, defaults: { id: string; account: string; region: string; now: number }): { event: EventEnvelope } | { message: string } {
  const partner = entry.Source !== undefined && (architecture.partnerSources ?? []).some((source) => source.name === entry.Source);
  // PutPartnerEvents checks the entry as PutEvents would, with a stand-in for the reserved aws.partner/ source (partner/event-sources.ts).
  const built = buildEvent(partner ? { ...entry, Source: 'partner' } : entry, { ...defaults, now: new Date(defaults.now) });
  if (!('event' in built)) return { message: `PutEvents would refuse this event: ${built.ErrorCode}: ${built.ErrorMessage}` };
  return { event: partner ? { ...built.event, source: entry.Source ?? '' } : built.event };
}

function patternMatches(rule: RuleSpec, files: Readonly<Record<string, string>>, eventText: string): boolean | undefined {
  if (rule.eventPattern === undefined) return undefined;
  try {
    return testEventPattern(isFileRef(rule.eventPattern) ? fileText(files, rule.eventPattern) : JSON.stringify(rule.eventPattern), eventText);
  } catch {
    return undefined;
  }
}

/** What the tester says above the output: what it tests (`note`), and what EventBridge makes of it (`verdict`). */
export function testerWords(file: string, owner: { rule: RuleSpec; target: TargetSpec }, preview: TransformerPreview): { note: string; verdict: string } {
  const { name, kind } = describeTarget(owner.target.to);
  const note = `What EventBridge delivers to ${name} (${kind}, rule ${owner.rule.name}) for the event in the Event box, with ${file} as you type it.${
    'apiDestination' in owner.target.to ? ' It is the body of the HTTP request; the HTTP panel shows the whole request once an event is sent.' : ''
  }`;
  const unmatched = 'matches' in preview && preview.matches === false ? ` Rule ${owner.rule.name} does not match this event, so none of this would be delivered: try a sample the rule matches.` : '';
  switch (preview.kind) {
    case 'output':
      return { note, verdict: `Delivered as ${preview.format === 'json' ? 'JSON (minified)' : 'text, exactly as below'}.${unmatched}` };
    case 'nothing':
      return { note, verdict: preview.reason + unmatched };
    case 'invalid':
    case 'event':
      return { note, verdict: preview.message };
  }
}
