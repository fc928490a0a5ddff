// PutTargets-time checks of a target's input settings, in the order AWS applies them: first the request
// shape constraints of the API model (lengths, map size, key pattern), reported together as
// "N validation errors detected: …", then the EventBridge checks one at a time.
//
// Recorded (input-transformers.json): "Only one of Input, InputPath, or InputTransformer must be provided
// for target X." and "InputTemplate for target X contains invalid placeholder Y.". "Input for target X is
// not a valid JSON text." is AWS's text as users have reported it (awsdocs/aws-cloudformation-user-guide#1010).
// The shape-constraint texts follow the format of the recorded PutTargets Id errors (api-validation.json)
// with the limits of the API model (TargetInput 8192, TargetInputPath 256, TransformerPaths 100 entries,
// InputTransformerPathKey 1..256 of [A-Za-z0-9\_\-]+, TransformerInput 1..8192). The messages for a bad
// JSONPath and for a key starting with "AWS" are not recorded anywhere we could find: they are modelled
// on the recorded placeholder message and flagged as such in the tests.

import { violationMessage } from '../constraints.ts';
import { ValidationException } from '../errors.ts';
import { parseJsonPath } from './json-path.ts';
import { templatePlaceholders } from './template.ts';

export interface InputTransformerSettings {
  InputPathsMap?: Record<string, string>;
  /** Required by AWS; optional here because requests arrive unchecked (a missing one is a reported violation). */
  InputTemplate?: string;
}

/** The three ways a target's input can be set; without any of them the target gets the whole event. */
export interface TargetInputSettings {
  Input?: string;
  InputPath?: string;
  InputTransformer?: InputTransformerSettings;
}

/** Variables every template may use without declaring them; InputPathsMap cannot redefine them. */
export const PREDEFINED_VARIABLES: readonly string[] = [
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
];

const KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * The API model's constraint violations for one target's input settings, each phrased as AWS phrases them
 * ("Value '…' at 'targets.1.member.inputPath' failed to satisfy constraint: …"). `memberPath` is where the
 * target sits in the request, e.g. `targets.1.member`, so the caller can merge these with its own (Id, Arn)
 * into one "N validation errors detected" message.
 */
export function targetInputViolations(input: TargetInputSettings, memberPath: string): string[] {
  const out: string[] = [];
  const at = (value: string, field: string, constraint: string) =>
    out.push(`Value '${value}' at '${memberPath}.${field}' failed to satisfy constraint: ${constraint}`);
  if (input.Input !== undefined && input.Input.length > 8192) at(input.Input, 'input', maxLength(8192));
  if (input.InputPath !== undefined && input.InputPath.length > 256) at(input.InputPath, 'inputPath', maxLength(256));
  const transformer = input.InputTransformer;
  if (transformer) {
    const map = transformer.InputPathsMap ?? {};
    const entries = Object.entries(map);
    // Java's Map.toString, which is how the message echoes a map.
    const shown = `{${entries.map(([k, v]) => `${k}=${v}`).join(', ')}}`;
    if (entries.length > 100) at(shown, 'inputTransformer.inputPathsMap', 'Member must have length less than or equal to 100');
    const keyProblems = new Set<string>();
    const valueProblems = new Set<string>();
    for (const [key, path] of entries) {
      if (key.length > 256) keyProblems.add(maxLength(256));
      if (key.length < 1) keyProblems.add(minLength(1));
      if (key.length > 0 && !KEY_PATTERN.test(key)) {
        keyProblems.add('Member must satisfy regular expression pattern: [A-Za-z0-9\\_\\-]+');
      }
      if (path.length > 256) valueProblems.add(maxLength(256));
    }
    if (keyProblems.size > 0) {
      at(shown, 'inputTransformer.inputPathsMap', `Map keys must satisfy constraint: [${[...keyProblems].join(', ')}]`);
    }
    if (valueProblems.size > 0) {
      at(shown, 'inputTransformer.inputPathsMap', `Map value must satisfy constraint: [${[...valueProblems].join(', ')}]`);
    }
    const template: string | undefined | null = transformer.InputTemplate;
    if (template === undefined || template === null) {
      out.push(`Value null at '${memberPath}.inputTransformer.inputTemplate' failed to satisfy constraint: Member must not be null`);
    } else {
      if (template.length < 1) at(template, 'inputTransformer.inputTemplate', minLength(1));
      if (template.length > 8192) at(template, 'inputTransformer.inputTemplate', maxLength(8192));
    }
  }
  return out;
}

/**
 * Checks one target's input settings as PutTargets does and throws ValidationException with AWS's message.
 * `position` is the target's 1-based place in the request's Targets list (it appears in shape errors).
 */
export function validateTargetInput(targetId: string, input: TargetInputSettings, position = 1): void {
  const violations = targetInputViolations(input, `targets.${position}.member`);
  if (violations.length > 0) throw new ValidationException(violationMessage(violations));

  const given = [input.Input, input.InputPath, input.InputTransformer].filter((x) => x !== undefined).length;
  if (given > 1) {
    throw new ValidationException(`Only one of Input, InputPath, or InputTransformer must be provided for target ${targetId}.`);
  }
  if (input.Input !== undefined && !isJsonText(input.Input)) {
    throw new ValidationException(`Input for target ${targetId} is not a valid JSON text.`);
  }
  if (input.InputPath !== undefined && !parseJsonPath(input.InputPath)) {
    // Unrecorded wording.
    throw new ValidationException(`InputPath for target ${targetId} is not a valid JSON path.`);
  }
  const transformer = input.InputTransformer;
  if (!transformer) return;
  const map = transformer.InputPathsMap ?? {};
  for (const [key, path] of Object.entries(map)) {
    // The API reference: "The keys cannot start with "AWS"". Unrecorded wording.
    if (key.toUpperCase().startsWith('AWS')) {
      throw new ValidationException(`InputPathsMap for target ${targetId} contains invalid key ${key}.`);
    }
    // Unrecorded wording.
    if (!parseJsonPath(path)) {
      throw new ValidationException(`InputPathsMap for target ${targetId} contains invalid JSON path ${path}.`);
    }
  }
  for (const name of templatePlaceholders(transformer.InputTemplate ?? '')) {
    if (!Object.hasOwn(map, name) && !PREDEFINED_VARIABLES.includes(name)) {
      throw new ValidationException(`InputTemplate for target ${targetId} contains invalid placeholder ${name}.`);
    }
  }
}

function maxLength(n: number): string {
  return `Member must have length less than or equal to ${n}`;
}

function minLength(n: number): string {
  return `Member must have length greater than or equal to ${n}`;
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
