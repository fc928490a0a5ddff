// An event bus's resource-based policy: who else may put events on it (PutPermission, RemovePermission, and the
// `Policy` DescribeEventBus and ListEventBuses return).
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemovePermission.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
//
// What the simulator enforces: nothing at request time. It is one account, and every request it answers comes from
// that account, which needs no resource policy to put events on its own buses (a bus "only allows events from one
// account", its own, until a policy grants more: eb-event-bus-perms above). There is no caller from another account
// to refuse, so the policy is stored, validated and returned as AWS does, and decides nothing. Not simulated, then:
// PutEvents, PutRule or PutTargets from another account being refused or allowed, organization (aws:PrincipalOrgID)
// and events:source / events:detail-type conditions being evaluated, and a target that is another account's bus
// (delivered outside the account, where the Cloud answers that it has only one account).
//
// Answers recorded from AWS (LocalStack's AWS-validated snapshots, tests/aws/services/events/test_events.snapshot.json,
// TestEventBus.test_put_permission / test_remove_permission / test_remove_permission_non_existing_sid /
// test_put_permission_non_existing_event_bus):
// - the legacy form appends a statement `{ Sid, Effect: Allow, Principal, Action, Resource: <the bus's ARN> }`, where
//   an account id becomes `{ AWS: arn:<partition>:iam::<account>:root }` and `*` stays `*`; a second PutPermission
//   with the same StatementId replaces that statement;
// - the `Policy` form replaces the whole policy with the one given;
// - removing an unknown statement id, with or without a policy, is ResourceNotFoundException
//   "Statement with the provided id does not exist."; RemoveAllPermissions leaves the bus with no `Policy` at all.
// Other wordings below are the simulator's where AWS's is not recorded; each says so.

import type * as Api from '@aws-sdk/client-eventbridge';
import { parseArn } from './arn.ts';
import { Constraints } from './constraints.ts';
import { AwsServiceError, ResourceNotFoundException, ValidationException } from './errors.ts';
import { utf8Length } from './utf8.ts';

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
  [member: string]: unknown;
}

export interface BusPolicy {
  Version?: string;
  Statement: PolicyStatement[];
  [member: string]: unknown;
}

/** "The permission policy on the event bus cannot exceed 10 KB in size." (API_PutPermission) */
export const MAX_POLICY_BYTES = 10 * 1024;

/** The members' constraints from the API model (Action, Principal, StatementId, NonPartnerEventBusName). */
const ACTION_PATTERN = /events:[a-zA-Z]+/;
const PRINCIPAL_PATTERN = /(\d{12}|\*)/;
const STATEMENT_ID_PATTERN = /[a-zA-Z0-9-_]+/;
/** A partner bus's name has slashes: PutPermission refuses it (hashicorp/terraform-provider-aws#25510 and #37693 quote AWS). */
const NON_PARTNER_BUS_PATTERN = /[\.\-_A-Za-z0-9]+/;

export class PolicyLengthExceededException extends AwsServiceError {
  constructor() {
    // The API model's description of the error; AWS's message is not recorded.
    super('PolicyLengthExceededException', 'The event bus policy is too long. For more information, see the limits.');
  }
}

/** AWS's front-end checks of a PutPermission request (the API model's lengths and patterns). */
export function checkPutPermission(request: Api.PutPermissionRequest): void {
  const constraints = new Constraints()
    .length('eventBusName', request.EventBusName, 1, 256)
    .pattern('eventBusName', request.EventBusName, NON_PARTNER_BUS_PATTERN, '[\\.\\-_A-Za-z0-9]+')
    .length('action', request.Action, 1, 64)
    .pattern('action', request.Action, ACTION_PATTERN, 'events:[a-zA-Z]+')
    .length('principal', request.Principal, 1, 12)
    .pattern('principal', request.Principal, PRINCIPAL_PATTERN, '(\\d{12}|\\*)')
    .length('statementId', request.StatementId, 1, 64)
    .pattern('statementId', request.StatementId, STATEMENT_ID_PATTERN, '[a-zA-Z0-9-_]+');
  if (request.Condition) {
    // Type, Key and Value are required members of Condition. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Condition.html
    constraints.required('condition.type', request.Condition.Type).required('condition.key', request.Condition.Key).required('condition.value', request.Condition.Value);
  }
  constraints.check();
}

export function checkRemovePermission(request: Api.RemovePermissionRequest): void {
  new Constraints()
    .length('eventBusName', request.EventBusName, 1, 256)
    .pattern('eventBusName', request.EventBusName, NON_PARTNER_BUS_PATTERN, '[\\.\\-_A-Za-z0-9]+')
    .length('statementId', request.StatementId, 1, 64)
    .pattern('statementId', request.StatementId, STATEMENT_ID_PATTERN, '[a-zA-Z0-9-_]+')
    .check();
}

/**
 * The policy a PutPermission request leaves on a bus whose policy is `current` (undefined: none yet).
 * `bus` is the bus's ARN, the Resource of a legacy-form statement.
 */
export function putPermission(current: BusPolicy | undefined, request: Api.PutPermissionRequest, bus: { arn: string; name: string; partition: string }): BusPolicy {
  const legacy = (['Action', 'Principal', 'StatementId', 'Condition'] as const).filter((member) => request[member] !== undefined);
  let policy: BusPolicy;
  if (request.Policy !== undefined) {
    // "You can include a Policy parameter in the request instead of using the StatementId, Action, Principal, or
    // Condition parameters" (API_PutPermission). Both at once: simulator wording, AWS's is not recorded.
    if (legacy.length > 0) throw new ValidationException(`Parameter Policy is not valid. Reason: give either Policy or ${legacy.join(', ')}, not both.`);
    policy = parsePolicy(request.Policy, bus.name);
  } else {
    // Simulator wording: AWS's answer to a legacy request missing one of these is not recorded.
    for (const member of ['Action', 'Principal', 'StatementId'] as const) {
      if (request[member] === undefined) throw new ValidationException(`Parameter ${member} is required when Policy is not given.`);
    }
    const statement: PolicyStatement = {
      Sid: request.StatementId!,
      Effect: 'Allow',
      Principal: request.Principal === '*' ? '*' : { AWS: `arn:${bus.partition}:iam::${request.Principal}:root` },
      Action: request.Action!,
      Resource: bus.arn,
      // The Condition API shape names an IAM condition: `{ Type: StringEquals, Key: aws:PrincipalOrgID, Value: o-… }`
      // is `"Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-…" } }`.
      ...(request.Condition ? { Condition: { [request.Condition.Type!]: { [request.Condition.Key!]: request.Condition.Value! } } } : {}),
    };
    const statements = current ? current.Statement.filter((s) => s.Sid !== statement.Sid) : [];
    const at = current ? current.Statement.findIndex((s) => s.Sid === statement.Sid) : -1;
    // The same StatementId replaces its statement where it stands; a new one is appended.
    if (at >= 0) statements.splice(at, 0, statement);
    else statements.push(statement);
    policy = { ...(current ?? { Version: '2012-10-17' }), Statement: statements };
  }
  if (utf8Length(policyText(policy)) > MAX_POLICY_BYTES) throw new PolicyLengthExceededException();
  return policy;
}

/**
 * The policy RemovePermission leaves: none after RemoveAllPermissions, or after the last statement goes (a
 * simulator choice: AWS's answer to removing the last statement by id is not recorded).
 */
export function removePermission(current: BusPolicy | undefined, request: Api.RemovePermissionRequest, busName: string): BusPolicy | undefined {
  if (request.RemoveAllPermissions) {
    // AWS refuses RemoveAllPermissions on a bus with no policy (LocalStack's AWS-validated tests expect an error
    // there); the wording is the simulator's.
    if (!current) throw new ResourceNotFoundException(`Event bus ${busName} has no policy.`);
    return undefined;
  }
  // Simulator wording: AWS's answer to a request with neither is not recorded.
  if (request.StatementId === undefined) throw new ValidationException('Parameter StatementId is required when RemoveAllPermissions is not true.');
  const statements = current?.Statement.filter((s) => s.Sid !== request.StatementId);
  if (!current || statements!.length === current.Statement.length) throw new ResourceNotFoundException('Statement with the provided id does not exist.');
  return statements!.length === 0 ? undefined : { ...current, Statement: statements! };
}

/** The policy as DescribeEventBus and ListEventBuses return it: a JSON string. */
export const policyText = (policy: BusPolicy): string => JSON.stringify(policy);

/**
 * A `Policy` parameter, checked as far as a bus policy's shape goes. The wording is the simulator's (AWS's is not
 * recorded) except for a Resource naming another bus, which AWS refuses with the text reported in
 * hashicorp/terraform-provider-aws#27976 (and aws/aws-cdk#14371: a policy put on the default bus naming a custom one).
 */
function parsePolicy(text: string, busName: string): BusPolicy {
  const invalid = (reason: string) => new ValidationException(`Parameter Policy is not valid. Reason: ${reason}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('the policy is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('the policy must be a JSON object.');
  const document = value as Record<string, unknown>;
  const given = document.Statement;
  const statements = Array.isArray(given) ? given : given === undefined ? [] : [given];
  if (statements.length === 0) throw invalid('the policy has no Statement.');
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) throw invalid('each Statement must be a JSON object.');
    const s = statement as PolicyStatement;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw invalid('each Statement needs an Effect of Allow or Deny.');
    if (s.Principal === undefined) throw invalid('each Statement of a resource-based policy needs a Principal.');
    if (s.Action === undefined) throw invalid('each Statement needs an Action.');
    for (const resource of [s.Resource].flat()) {
      const arn = typeof resource === 'string' ? parseArn(resource) : undefined;
      // A wildcard (`event-bus/*`) is left alone: whether AWS takes it here is not recorded.
      if (arn?.service === 'events' && arn.resource.startsWith('event-bus/') && !arn.resource.includes('*') && arn.resource !== `event-bus/${busName}`) {
        throw new ValidationException(`The relative-id "${arn.resource}" is invalid for ARN "${resource as string}"`);
      }
    }
  }
  return { ...document, Statement: statements as PolicyStatement[] };
}
