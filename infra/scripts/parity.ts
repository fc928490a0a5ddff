// `npm run parity -- NN [--prefix NAME] [--code solution|workspace] [--wait SECONDS] [--recipient ADDRESS]`: sends
// the lesson's sample events to real EventBridge (a lesson stack deployed with `npm run deploy -- NN`) and to the
// simulator, and prints where what can be observed on both differs:
//   matched rules      real: TestEventPattern with the deployed rule's pattern; simulator: the event's journey
//   events handled     per function, the request ids whose first `START RequestId` line came during the run: an async
//                      retry keeps its request id, so retries count once (they come about 1 and 3 minutes later on
//                      AWS, which a run of --wait seconds would see in part)
//   delivered payloads per queue target, the message bodies received during the run, with the fields AWS fills in
//                      (id, time, account, region, ARNs) replaced by placeholders
// Deploys nothing and changes nothing but this: it puts the sample events on the lesson's bus (so the lesson's
// functions run and may send email: every address in a sample becomes --recipient, SES's mailbox simulator by
// default, which accepts mail even in the SES sandbox and bounces nothing), and it deletes the queue messages that
// arrived during the run after reading them.
// Without AWS credentials it says so and exits 0, having compared nothing.

import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRuleCommand, EventBridgeClient, ListRulesCommand, PutEventsCommand, ResourceNotFoundException, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { nodeHost } from '../../src/lambda/host/node-host.ts';
import type { LessonArchitecture, SampleEvent } from '../../src/lessons/architecture.ts';
import { buildLesson } from '../../src/lessons/build.ts';
import { learnerFiles, loadLessons, solutionFiles } from '../../src/lessons/node-loader.ts';
import { PREFIX_PATTERN } from '../lib/lesson-stack.ts';

const usage = 'usage: npm run parity -- NN [--prefix NAME] [--code solution|workspace] [--wait SECONDS] [--recipient ADDRESS]';
const MAILBOX_SIMULATOR = 'success@simulator.amazonses.com';
/** How far back to read logs for the first START of a request id: past the last async retry (about 3 minutes). */
const RETRY_LOOKBACK_MS = 10 * 60_000;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

/** What one backend showed for the lesson's sample events. */
export interface Observed {
  /** Per sample event, the names (architecture names) of the rules that matched it. */
  matched: Record<string, string[]>;
  /** Per function, how many events it handled (distinct request ids: an async retry keeps its id). */
  invocations: Record<string, number>;
  /** Per queue that is a rule target, the normalized bodies it received, sorted. */
  payloads: Record<string, string[]>;
}

/** Fields AWS fills in differently on every run or in every account; replaced so payloads can be compared. */
export function normalizePayload(body: string): string {
  const scrub = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => [key, ['id', 'time', 'account', 'region'].includes(key) && typeof v === 'string' ? `<${key}>` : scrub(v)]),
      );
    }
    if (typeof value === 'string') return value.replace(/arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[^"\s]*/g, '<arn>');
    return value;
  };
  try {
    return JSON.stringify(scrub(JSON.parse(body)));
  } catch {
    return body;
  }
}

/** The lines that differ between the two observations, empty when they agree. */
export function differences(real: Observed, simulated: Observed): string[] {
  const lines: string[] = [];
  const keys = (a: Record<string, unknown>, b: Record<string, unknown>) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const event of keys(real.matched, simulated.matched)) {
    const r = JSON.stringify(real.matched[event] ?? []);
    const s = JSON.stringify(simulated.matched[event] ?? []);
    if (r !== s) lines.push(`matched rules for sample "${event}": AWS ${r}, simulator ${s}`);
  }
  for (const fn of keys(real.invocations, simulated.invocations)) {
    if ((real.invocations[fn] ?? 0) !== (simulated.invocations[fn] ?? 0)) lines.push(`events handled by ${fn}: AWS ${real.invocations[fn] ?? 0}, simulator ${simulated.invocations[fn] ?? 0}`);
  }
  for (const queue of keys(real.payloads, simulated.payloads)) {
    const r = real.payloads[queue] ?? [];
    const s = simulated.payloads[queue] ?? [];
    for (const body of r.filter((b) => !s.includes(b))) lines.push(`queue ${queue}: AWS delivered, simulator did not: ${body}`);
    for (const body of s.filter((b) => !r.includes(b))) lines.push(`queue ${queue}: simulator delivered, AWS did not: ${body}`);
  }
  return lines;
}

const isAddress = (value: string) => /^[^@\s]+@[^@\s]+$/.test(value);

/** The samples with every email address in their detail replaced, so a run sends no mail to made-up addresses. */
export function addressedTo(samples: SampleEvent[], recipient: string): SampleEvent[] {
  const readdress = (value: unknown): unknown => {
    if (typeof value === 'string') return isAddress(value) ? recipient : value;
    if (Array.isArray(value)) return value.map(readdress);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, readdress(v)]));
    return value;
  };
  return samples.map((sample) => ({ ...sample, entry: { ...sample.entry, Detail: readdress(sample.entry.Detail) as Record<string, unknown> } }));
}

/** Request ids whose first `START RequestId` line is at or after `since`: the events a function began handling then. */
export function requestsStartedSince(lines: { message: string; timestamp: number }[], since: number): Set<string> {
  const first = new Map<string, number>();
  for (const { message, timestamp } of lines) {
    const id = /^START RequestId: (\S+)/.exec(message)?.[1];
    if (id && timestamp < (first.get(id) ?? Infinity)) first.set(id, timestamp);
  }
  return new Set([...first].filter(([, at]) => at >= since).map(([id]) => id));
}

const queueTargets = (a: LessonArchitecture) => [...new Set((a.rules ?? []).flatMap((r) => r.targets.flatMap((t) => ('queue' in t.to ? [t.to.queue] : []))))];
const entryOf = (sample: SampleEvent, bus?: string) => ({
  Source: sample.entry.Source,
  DetailType: sample.entry.DetailType,
  Detail: JSON.stringify(sample.entry.Detail),
  ...(sample.entry.Resources ? { Resources: sample.entry.Resources } : {}),
  ...(bus ? { EventBusName: bus } : {}),
});

/** The simulator's side: the lesson built with the same files, its code run in the Node sandbox. */
export async function simulate(architecture: LessonArchitecture, files: Record<string, string>): Promise<Observed> {
  const world = buildLesson(architecture, files, nodeHost);
  try {
    const observed: Observed = { matched: {}, invocations: {}, payloads: {} };
    for (const sample of architecture.sampleEvents) {
      const response = world.cloud.events.putEvents({ Entries: [entryOf(sample, sample.entry.EventBusName)] });
      await world.cloud.clock.runUntilIdle();
      const id = response.Entries?.[0]?.EventId;
      const steps = (id && world.cloud.events.trace?.journey(id)?.steps) || [];
      observed.matched[sample.name] = steps.flatMap((s) => (s.type === 'rule' && s.matched ? [s.rule] : [])).sort();
    }
    for (const fn of architecture.functions ?? []) observed.invocations[fn.name] = requestsStartedSince(world.cloud.logs.events(`/aws/lambda/${fn.name}`), 0).size;
    for (const queue of queueTargets(architecture)) observed.payloads[queue] = world.cloud.sqs.peek(queue).map((m) => normalizePayload(m.body)).sort();
    return observed;
  } finally {
    world.dispose();
  }
}

/**
 * The default bus is the account's own: every lesson stack deployed there (other lessons, other learners' prefixes)
 * that listens for these samples runs too, sends its own email, and may make this run's counts lie. Say which.
 */
async function warnOfOtherListeners(events: EventBridgeClient, envelopes: string[], ownPrefix: string) {
  if (envelopes.length === 0) return;
  const others: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await events.send(new ListRulesCommand({ EventBusName: 'default', ...(NextToken ? { NextToken } : {}) }));
    for (const rule of page.Rules ?? []) {
      if (rule.Name?.startsWith(ownPrefix) || rule.State !== 'ENABLED' || !rule.EventPattern) continue;
      for (const Event of envelopes) {
        if ((await events.send(new TestEventPatternCommand({ EventPattern: rule.EventPattern, Event }))).Result) {
          others.push(rule.Name!);
          break;
        }
      }
    }
    NextToken = page.NextToken;
  } while (NextToken);
  if (others.length > 0) {
    console.warn(
      `Warning: ${others.length} other enabled rule(s) on the default bus also match these samples and will run too: ${others.join(', ')}. Their functions may send email and write to their own tables; destroy the stacks you are not comparing (npm run destroy -- NN --prefix ...) for a quiet run.`,
    );
  }
}

/** The real side, against the stack `npm run deploy` created with this prefix. */
async function observeAws(architecture: LessonArchitecture, physical: (name: string) => string, waitSeconds: number): Promise<Observed> {
  const events = new EventBridgeClient({});
  const observed: Observed = { matched: {}, invocations: {}, payloads: {} };
  const busName = (bus: string | undefined) => (bus && bus !== 'default' ? physical(bus) : 'default');
  const rules = new Map<string, { pattern?: string; arn: string; bus: string }>();
  for (const rule of architecture.rules ?? []) {
    try {
      const described = await events.send(new DescribeRuleCommand({ Name: physical(rule.name), EventBusName: busName(rule.bus) }));
      rules.set(rule.name, { ...(described.EventPattern ? { pattern: described.EventPattern } : {}), arn: described.Arn!, bus: busName(rule.bus) });
    } catch (error) {
      if (error instanceof ResourceNotFoundException) fail(`Rule ${physical(rule.name)} does not exist: deploy the lesson with this prefix first (npm run deploy -- NN --prefix ...). Nothing was compared.`, 1);
      throw error;
    }
  }
  const [, , , region = '', account = ''] = ([...rules.values()][0]?.arn ?? '').split(':');
  const envelope = (sample: SampleEvent) =>
    JSON.stringify({
      version: '0',
      id: '00000000-0000-0000-0000-000000000000',
      'detail-type': sample.entry.DetailType,
      source: sample.entry.Source,
      account,
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: sample.entry.Resources ?? [],
      detail: sample.entry.Detail,
    });
  await warnOfOtherListeners(events, architecture.sampleEvents.filter((sample) => busName(sample.entry.EventBusName) === 'default').map(envelope), physical(''));

  const start = Date.now() - 1000;
  for (const sample of architecture.sampleEvents) {
    const bus = busName(sample.entry.EventBusName);
    const matched: string[] = [];
    for (const [name, rule] of rules) {
      if (rule.bus !== bus || !rule.pattern) continue;
      const { Result } = await events.send(new TestEventPatternCommand({ EventPattern: rule.pattern, Event: envelope(sample) }));
      if (Result) matched.push(name);
    }
    observed.matched[sample.name] = matched.sort();
    const put = await events.send(new PutEventsCommand({ Entries: [entryOf(sample, bus)] }));
    if ((put.FailedEntryCount ?? 0) > 0) console.error(`PutEvents refused sample "${sample.name}": ${put.Entries?.[0]?.ErrorCode}: ${put.Entries?.[0]?.ErrorMessage}`);
  }
  console.log(`Sent ${architecture.sampleEvents.length} sample event(s); waiting ${waitSeconds} s for deliveries, retries and logs...`);
  await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));

  const logs = new CloudWatchLogsClient({});
  for (const fn of architecture.functions ?? []) {
    // From before the run too, so a retry of an earlier run's event is known by its first START and not counted.
    const lines: { message: string; timestamp: number }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${physical(fn.name)}`, startTime: start - RETRY_LOOKBACK_MS, filterPattern: '"START RequestId"', ...(nextToken ? { nextToken } : {}) }),
      );
      for (const event of page.events ?? []) lines.push({ message: event.message ?? '', timestamp: event.timestamp ?? 0 });
      nextToken = page.nextToken;
    } while (nextToken);
    observed.invocations[fn.name] = requestsStartedSince(lines, start).size;
  }
  const sqs = new SQSClient({});
  for (const queue of queueTargets(architecture)) {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: physical(queue) }));
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2, MessageSystemAttributeNames: ['SentTimestamp'] }));
      if (Messages.length === 0) break;
      for (const message of Messages) {
        if (Number(message.Attributes?.SentTimestamp ?? 0) < start) continue; // older than this run: left alone (it reappears)
        bodies.push(normalizePayload(message.Body ?? ''));
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
    observed.payloads[queue] = bodies.sort();
  }
  return observed;
}

async function main() {
  const args = process.argv.slice(2);
  let prefix = 'workbook';
  let code = 'solution';
  let wait = 30;
  let recipient = MAILBOX_SIMULATOR;
  const numbers: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s) as [string, string | undefined];
    if (flag === '--prefix') prefix = inline ?? args[++i] ?? '';
    else if (flag === '--code') code = inline ?? args[++i] ?? '';
    else if (flag === '--wait') wait = Number(inline ?? args[++i]);
    else if (flag === '--recipient') recipient = inline ?? args[++i] ?? '';
    else if (/^\d{1,2}$/.test(flag)) numbers.push(Number(flag));
    else fail(`${flag}: not an option of parity.\n${usage}`);
  }
  if (numbers.length !== 1) fail(usage);
  if (!PREFIX_PATTERN.test(prefix)) fail(`--prefix ${prefix}: use 1 to 20 lower-case letters, digits or hyphens, starting with a letter.`);
  if (code !== 'solution' && code !== 'workspace') fail(`--code ${code}: use solution or workspace.`);
  if (!Number.isFinite(wait) || wait < 0) fail(`--wait ${wait}: a number of seconds.`);
  if (!isAddress(recipient)) fail(`--recipient ${recipient}: an email address (the default, ${MAILBOX_SIMULATOR}, is SES's mailbox simulator).`);
  const [lesson] = await loadLessons({ only: numbers });
  if (!lesson) fail(`There is no lesson ${String(numbers[0]).padStart(2, '0')} with an exercise in lessons/.`, 1);

  try {
    await new EventBridgeClient({}).config.credentials();
  } catch {
    console.log(
      `No AWS credentials found: parity compares a deployed lesson stack on AWS with the simulator, so nothing was sent, nothing was compared, and nothing is claimed about lesson ${lesson.id}. Sign in (aws configure, aws sso login or AWS_PROFILE), deploy the lesson (npm run deploy -- ${String(lesson.number).padStart(2, "0")}), then run this again.`,
    );
    return;
  }

  const nn = String(lesson.number).padStart(2, '0');
  const physical = (name: string) => `${prefix}-${nn}-${name}`;
  const files = code === 'solution' ? solutionFiles(lesson) : learnerFiles(lesson);
  const architecture = { ...lesson.architecture, sampleEvents: addressedTo(lesson.architecture.sampleEvents, recipient) };
  const simulated = await simulate(architecture, files);
  let real: Observed;
  try {
    real = await observeAws(architecture, physical, wait);
  } catch (error) {
    const name = (error as Error).name;
    if (!['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'ExpiredTokenException'].includes(name)) throw error;
    console.log(`AWS refused these credentials (${name}: ${(error as Error).message}), so nothing was compared and nothing is claimed about lesson ${lesson.id}. The test/test keys of the local endpoint do not work on AWS.`);
    return;
  }
  const found = differences(real, simulated);
  const unobserved = [
    ...(lesson.architecture.rules ?? []).flatMap((r) => r.targets.filter((t) => !('queue' in t.to) && !('function' in t.to)).map((t) => `${r.name} → ${t.id}`)),
  ];
  console.log(`Lesson ${lesson.id}, ${code} code, prefix ${prefix}: ${lesson.architecture.sampleEvents.length} sample event(s), addressed to ${recipient}.`);
  console.log('Compared: matched rules per sample event, events each function handled (first START lines in its logs; retries count once), payloads delivered to queue targets.');
  console.log('Not compared: what a function received (AWS keeps no record of it unless the handler logs it); email SES sent.');
  if (unobserved.length > 0) console.log(`Not observed: targets that are neither a queue nor a function (${unobserved.join(', ')}).`);
  if (found.length === 0) console.log('No differences.');
  else {
    console.log(`${found.length} difference(s):`);
    for (const line of found) console.log(`  ${line}`);
    process.exitCode = 1;
  }
}

if (import.meta.main) await main();
