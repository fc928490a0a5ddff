// What a lesson's architecture must be before anything builds it: the shape the schema in architecture.ts gives
// it, and every name it uses for another of its resources one it declares. A target sending to a queue nobody
// created, or a misspelt key, fails when the lesson is loaded, naming the lesson file, the place and the name,
// instead of as an AWS error deep inside a check, a build in the browser or a CloudFormation deployment.
// `checkArchitecture` is the one check: the Node loader (the self-test, `npm run grade`, the CDK app), the site
// build, the page's loader and the simulator's build (src/lessons/build.ts) all call it.

import { problemWith } from './contract.ts';
import { isFileRef, lessonArchitecture, type LessonArchitecture, type PipeDeadLetterRef, type PipeTargetRef, type ScheduleTargetRef, type TargetRef } from './architecture.ts';

/** An architecture that breaks the contract; the message starts with the file (`lessons/03-welcome-email/architecture.ts: …`). */
export class ArchitectureError extends Error {
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ArchitectureError';
    this.file = file;
  }
}

/**
 * Checks `value` against the architecture's schema, then its references, and returns it typed; throws an
 * ArchitectureError naming `file` and the first problem. The value is returned as given, not a copy.
 */
export function checkArchitecture(value: unknown, file: string): LessonArchitecture {
  const shape = problemWith(lessonArchitecture, value);
  if (shape) throw new ArchitectureError(file, `${shape}.`);
  const [reference] = referenceProblems(value as LessonArchitecture);
  if (reference) throw new ArchitectureError(file, reference);
  return value as LessonArchitecture;
}

type Kind = 'queue' | 'topic' | 'bus' | 'function' | 'logGroup' | 'apiDestination' | 'connection' | 'partner source' | 'schedule group' | 'table';

/** What is wrong with the architecture's references, one sentence each; empty when every name is declared. */
export function referenceProblems(architecture: LessonArchitecture): string[] {
  const declared: Record<Kind, Set<string>> = {
    queue: new Set((architecture.queues ?? []).map((q) => q.name)),
    topic: new Set((architecture.topics ?? []).map((t) => t.name)),
    // A partner event bus is a bus like any other to the rules on it.
    bus: new Set(['default', ...(architecture.buses ?? []), ...(architecture.partnerBuses ?? [])]),
    function: new Set((architecture.functions ?? []).map((f) => f.name)),
    // A rule's log-group target creates its group.
    logGroup: new Set((architecture.rules ?? []).flatMap((r) => r.targets.flatMap((t) => ('logGroup' in t.to ? [t.to.logGroup] : [])))),
    apiDestination: new Set((architecture.apiDestinations ?? []).map((d) => d.name)),
    connection: new Set((architecture.connections ?? []).map((c) => c.name)),
    'partner source': new Set((architecture.partnerSources ?? []).map((p) => p.name)),
    'schedule group': new Set(['default', ...(architecture.scheduleGroups ?? []).map((g) => g.name)]),
    table: new Set((architecture.tables ?? []).map((t) => t.name)),
  };
  const problems: string[] = [];
  const check = (where: string, kind: Kind, name: string) => {
    if (declared[kind].has(name)) return;
    const known = [...declared[kind]];
    const what = kind === 'apiDestination' ? 'API destination' : kind;
    problems.push(`${where} names the ${what} "${name}", but the architecture declares no ${what} of that name (${known.length === 0 ? 'it has none' : `it has ${known.map((k) => `"${k}"`).join(', ')}`}).`);
  };
  const checkRef = (where: string, ref: TargetRef | ScheduleTargetRef | PipeTargetRef | PipeDeadLetterRef) => {
    const [kind, name] = Object.entries(ref)[0] as [Kind, string];
    check(where, kind, name);
  };

  for (const bus of architecture.partnerBuses ?? []) check(`The partner bus ${bus}`, 'partner source', bus);
  const logged = new Set<string>();
  for (const { bus } of architecture.busLogs ?? []) {
    check(`The bus log of ${bus}`, 'bus', bus);
    if (logged.has(bus)) problems.push(`The bus ${bus} has two busLogs entries: a bus has one LogConfig, so give it one entry.`);
    logged.add(bus);
  }
  const policies = new Set<string>();
  for (const { bus, statements } of architecture.busPolicies ?? []) {
    if ((architecture.partnerBuses ?? []).includes(bus)) problems.push(`The bus policy of ${bus} is on a partner bus, whose name PutPermission refuses: give policies to the default bus or one of buses.`);
    else check(`The bus policy of ${bus}`, 'bus', bus);
    if (policies.has(bus)) problems.push(`The bus ${bus} has two busPolicies entries: a bus has one policy, so give it one entry with every statement.`);
    policies.add(bus);
    const sids = statements.map((s) => s.sid);
    const twice = sids.find((sid, i) => sids.indexOf(sid) !== i);
    if (twice) problems.push(`The bus policy of ${bus} has two statements with the sid ${twice}: a statement id is unique within a bus's policy.`);
  }
  const archives = new Set<string>();
  for (const archive of architecture.archives ?? []) {
    check(`The archive ${archive.name}`, 'bus', archive.bus ?? 'default');
    if (archives.has(archive.name)) problems.push(`Two archives are called ${archive.name}: an archive's name is unique in the account.`);
    archives.add(archive.name);
  }
  for (const destination of architecture.apiDestinations ?? []) check(`The API destination ${destination.name}`, 'connection', destination.connection);
  const origins = new Set<string>();
  for (const { origin, handler } of architecture.httpEndpoints ?? []) {
    if (!/^https?:\/\/[^/?#\s]+$/.test(origin)) problems.push(`The HTTP endpoint ${handler} serves "${origin}", which is not an origin: give the scheme and host only, as "https://invoices.example.com".`);
    else if (origins.has(origin.toLowerCase())) problems.push(`Two HTTP endpoints serve "${origin}": one origin has one responder.`);
    origins.add(origin.toLowerCase());
  }
  const groups = new Set<string>();
  const roles = new Set<string>();
  for (const group of architecture.scheduleGroups ?? []) {
    if (group.name === 'default') problems.push('The schedule group default exists in every account: leave it out of scheduleGroups, and leave out a schedule\'s group to put the schedule in it.');
    else if (groups.has(group.name)) problems.push(`Two schedule groups are called ${group.name}: a schedule group's name is unique in the account.`);
    groups.add(group.name);
    if (group.role) roles.add(group.name);
    for (const target of group.role?.targets ?? []) checkRef(`The schedule group ${group.name}'s role`, target);
  }
  for (const topic of architecture.topics ?? []) {
    for (const subscription of topic.subscriptions ?? []) if (subscription.protocol === 'sqs') check(`The topic ${topic.name}'s subscription`, 'queue', subscription.endpoint);
  }
  for (const fn of architecture.functions ?? []) {
    for (const [key, value] of Object.entries(fn.environment ?? {})) {
      if (typeof value === 'string') continue;
      const where = `The function ${fn.name}'s environment value ${key}`;
      if (!('schedulerRole' in value.arn)) checkRef(where, value.arn);
      else if (!roles.has(value.arn.schedulerRole)) {
        const group = value.arn.schedulerRole;
        problems.push(
          declared['schedule group'].has(group) && group !== 'default'
            ? `${where} names the scheduler role of the schedule group ${group}, but that group has no role: give it one, as { name: "${group}", role: { targets: [ … ] } }.`
            : `${where} names the scheduler role of the schedule group "${group}", but the architecture declares no schedule group of that name with a role (${roles.size === 0 ? 'it has none' : `it has ${[...roles].map((r) => `"${r}"`).join(', ')}`}).`,
        );
      }
    }
    if (fn.onFailure) checkRef(`The function ${fn.name}'s onFailure destination`, fn.onFailure);
    if (fn.onSuccess) checkRef(`The function ${fn.name}'s onSuccess destination`, fn.onSuccess);
  }
  for (const rule of architecture.rules ?? []) {
    if (rule.bus) check(`The rule ${rule.name}`, 'bus', rule.bus);
    for (const target of rule.targets) {
      checkRef(`The rule ${rule.name}'s target ${target.id}`, target.to);
      if (target.deadLetterQueue) check(`The rule ${rule.name}'s target ${target.id} (its dead-letter queue)`, 'queue', target.deadLetterQueue);
      if (target.httpParameters && !('apiDestination' in target.to)) {
        problems.push(`The rule ${rule.name}'s target ${target.id} has httpParameters, but only an API destination target sends HTTP requests: remove them, or send to { apiDestination: "…" }.`);
      }
    }
  }
  const schedules = new Set<string>();
  for (const schedule of architecture.schedules ?? []) {
    const where = `The schedule ${schedule.name}`;
    const group = schedule.group ?? 'default';
    check(where, 'schedule group', group);
    if (schedules.has(`${group}/${schedule.name}`)) problems.push(`Two schedules in the group ${group} are called ${schedule.name}: a schedule's name is unique in its group.`);
    schedules.add(`${group}/${schedule.name}`);
    const { target } = schedule;
    checkRef(`${where}'s target`, target.to);
    if (target.deadLetterQueue) check(`${where}'s target (its dead-letter queue)`, 'queue', target.deadLetterQueue);
    if ('bus' in target.to && (target.detailType === undefined || target.source === undefined)) {
      problems.push(`${where} puts events on the bus ${target.to.bus}, so its target needs the events' detailType and source: add ${target.detailType === undefined ? 'detailType: "…"' : 'source: "…"'}.`);
    }
    if (!('bus' in target.to) && (target.detailType !== undefined || target.source !== undefined)) {
      problems.push(`${where}'s target has ${target.detailType !== undefined ? 'a detailType' : 'a source'}, but only a schedule that sends to a bus puts events: remove it, or send to { bus: "…" }.`);
    }
    for (const [field, date] of [['startDate', schedule.startDate], ['endDate', schedule.endDate]] as const) {
      // With its offset: a date without one is local time to Node, and the template's would be read as UTC.
      if (date !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(date) || Number.isNaN(Date.parse(date)))) {
        problems.push(`${where}'s ${field} "${date}" is not a date and time with its offset: write it in ISO 8601, as "2026-12-01T00:00:00Z".`);
      }
    }
  }
  const pipes = new Set<string>();
  for (const pipe of architecture.pipes ?? []) {
    const where = `The pipe ${pipe.name}`;
    if (pipes.has(pipe.name)) problems.push(`Two pipes are called ${pipe.name}: a pipe's name is unique in the account.`);
    pipes.add(pipe.name);
    const { table } = pipe.source;
    const declaredTable = (architecture.tables ?? []).find((t) => t.name === table);
    if (!declaredTable) check(`${where}'s source`, 'table', table);
    else if (declaredTable.stream === undefined) {
      problems.push(`${where} reads the stream of the table ${table}, but that table has no stream: give it one, as { name: "${table}", …, stream: "NEW_AND_OLD_IMAGES" }.`);
    }
    if (pipe.source.deadLetter) checkRef(`${where}'s source (its dead-letter queue)`, pipe.source.deadLetter);
    if (pipe.enrichment) check(`${where}'s enrichment`, 'function', pipe.enrichment.function);
    checkRef(`${where}'s target`, pipe.target);
    if (pipe.eventBusParameters && !('bus' in pipe.target)) {
      problems.push(`${where} has eventBusParameters, but only a pipe that sends to a bus puts events: remove them, or send to { bus: "…" }.`);
    }
  }
  if (architecture.alarms && !isFileRef(architecture.alarms)) {
    for (const alarm of architecture.alarms) for (const action of alarm.alarmActions ?? []) check(`The alarm ${alarm.name}'s action`, 'topic', action.topic);
  }
  for (const { label, target } of architecture.failureSwitches ?? []) checkRef(`The failure switch "${label}"`, target);
  for (const sample of architecture.sampleEvents) {
    // PutPartnerEvents has no EventBusName: a partner's event goes to the partner bus named after its source.
    if (declared['partner source'].has(sample.entry.Source) && sample.entry.EventBusName !== undefined) {
      problems.push(`The sample event "${sample.name}" comes from the partner source ${sample.entry.Source}, so it arrives on that source's partner bus: remove its EventBusName.`);
    }
  }
  return problems;
}
