// ARNs of the resources EventBridge names and the targets it delivers to.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html#amazoneventbridge-resources-for-iam-policies

export interface Scope {
  partition: string;
  region: string;
  account: string;
}

export const eventBusArn = (s: Scope, bus: string) => `arn:${s.partition}:events:${s.region}:${s.account}:event-bus/${bus}`;

/** Rules on the default bus have no bus segment: `rule/NAME`; on a custom bus, `rule/BUS/NAME`. */
export const ruleArn = (s: Scope, bus: string, rule: string) =>
  `arn:${s.partition}:events:${s.region}:${s.account}:rule/${bus === 'default' ? '' : `${bus}/`}${rule}`;

export const archiveArn = (s: Scope, archive: string) => `arn:${s.partition}:events:${s.region}:${s.account}:archive/${archive}`;
export const replayArn = (s: Scope, replay: string) => `arn:${s.partition}:events:${s.region}:${s.account}:replay/${replay}`;

export type TargetKind = 'lambda' | 'sqs' | 'sns' | 'logs' | 'event-bus' | 'api-destination' | 'unknown';

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the account: `function:welcome-email`, `my-queue`, `event-bus/orders`. */
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

const targets = new Map<string, { kind: TargetKind; name: string }>();

/** What kind of target an ARN names, and the resource's own name within its service. */
export function targetOf(arn: string): { kind: TargetKind; name: string } {
  // Asked on every delivery, of the few ARNs the rules name.
  let target = targets.get(arn);
  if (!target) {
    target = classify(arn);
    if (targets.size > 10_000) targets.clear();
    targets.set(arn, target);
  }
  return target;
}

function classify(arn: string): { kind: TargetKind; name: string } {
  const parsed = parseArn(arn);
  if (!parsed) return { kind: 'unknown', name: arn };
  const { service, resource } = parsed;
  switch (service) {
    case 'lambda': {
      // function:NAME or function:NAME:QUALIFIER
      const [, name = ''] = resource.split(':');
      return { kind: 'lambda', name };
    }
    case 'sqs':
      return { kind: 'sqs', name: resource };
    case 'sns':
      return { kind: 'sns', name: resource };
    case 'logs':
      // log-group:NAME or log-group:NAME:*
      return { kind: 'logs', name: resource.replace(/^log-group:/, '').replace(/:\*$/, '') };
    case 'events':
      if (resource.startsWith('event-bus/')) return { kind: 'event-bus', name: resource.slice('event-bus/'.length) };
      // api-destination/NAME/UUID
      if (resource.startsWith('api-destination/')) return { kind: 'api-destination', name: resource.split('/')[1] ?? '' };
      return { kind: 'unknown', name: resource };
    default:
      return { kind: 'unknown', name: resource };
  }
}
