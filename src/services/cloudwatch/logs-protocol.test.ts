import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { beforeEach, describe, expect, it } from 'vitest';
import { localClient } from '../local-request-handler.ts';
import { handleLogsRequest } from './logs-protocol.ts';
import { Logs, matchesFilterPattern } from './logs.ts';

/** A real CloudWatch Logs client whose requests are answered by `logs` instead of the network. */
function clientFor(logs: Logs): CloudWatchLogsClient {
  let n = 0;
  return localClient(CloudWatchLogsClient, (request) => handleLogsRequest(logs, request, `req-${++n}`));
}

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: Error) => error,
  );
}

describe('CloudWatch Logs through the AWS SDK', () => {
  let now: number;
  let logs: Logs;
  let client: CloudWatchLogsClient;
  beforeEach(() => {
    now = T0;
    logs = new Logs(() => now);
    client = clientFor(logs);
  });

  it('creates and describes log groups and streams', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/welcome-email' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/welcome-email', logStreamName: '2026/01/02/[$LATEST]abc' }));
    const { logGroups } = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(logGroups).toEqual([
      {
        logGroupName: '/aws/lambda/welcome-email',
        creationTime: T0,
        metricFilterCount: 0,
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/welcome-email:*',
        storedBytes: 0,
        logGroupClass: 'STANDARD',
        logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/welcome-email',
      },
    ]);
    const { logStreams } = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/welcome-email' }));
    expect(logStreams).toMatchObject([{ logStreamName: '2026/01/02/[$LATEST]abc', creationTime: T0 }]);
  });

  it('refuses an existing log group or stream with CloudWatch messages', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: 'audit' }));
    const group = await failure(client.send(new CreateLogGroupCommand({ logGroupName: 'audit' })));
    expect(group).toBeInstanceOf(ResourceAlreadyExistsException);
    expect(group.message).toBe('The specified log group already exists');
    await client.send(new CreateLogStreamCommand({ logGroupName: 'audit', logStreamName: 's' }));
    const stream = await failure(client.send(new CreateLogStreamCommand({ logGroupName: 'audit', logStreamName: 's' })));
    expect(stream).toBeInstanceOf(ResourceAlreadyExistsException);
    expect(stream.message).toBe('The specified log stream already exists');
  });

  it('answers ResourceNotFoundException for a missing group or stream', async () => {
    const group = await failure(client.send(new PutLogEventsCommand({ logGroupName: 'nope', logStreamName: 's', logEvents: [{ timestamp: T0, message: 'x' }] })));
    expect(group).toBeInstanceOf(ResourceNotFoundException);
    expect(group.message).toBe('The specified log group does not exist.');
    await client.send(new CreateLogGroupCommand({ logGroupName: 'audit' }));
    const stream = await failure(client.send(new GetLogEventsCommand({ logGroupName: 'audit', logStreamName: 'nope' })));
    expect(stream).toBeInstanceOf(ResourceNotFoundException);
    expect(stream.message).toBe('The specified log stream does not exist.');
  });

  it('validates log group names as CloudWatch does', async () => {
    const error = await failure(client.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe("1 validation error detected: Value 'bad name!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
  });

  it('puts events in order, rejects out-of-order batches, and reports too old and too new events', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: 'audit' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: 'audit', logStreamName: 's' }));
    const unordered = await failure(client.send(new PutLogEventsCommand({ logGroupName: 'audit', logStreamName: 's', logEvents: [{ timestamp: T0, message: 'b' }, { timestamp: T0 - 1, message: 'a' }] })));
    expect(unordered).toBeInstanceOf(InvalidParameterException);
    expect(unordered.message).toBe('Log events in a single PutLogEvents request must be in chronological order.');

    const old = await client.send(
      new PutLogEventsCommand({ logGroupName: 'audit', logStreamName: 's', logEvents: [{ timestamp: T0 - 15 * 86_400_000 + 3_600_000, message: 'ancient' }] }),
    );
    expect(old.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1 });
    const answer = await client.send(new PutLogEventsCommand({ logGroupName: 'audit', logStreamName: 's', logEvents: [{ timestamp: T0, message: 'now' }, { timestamp: T0 + 3 * 3_600_000, message: 'future' }] }));
    expect(answer.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    expect(logs.events('audit').map((e) => e.message)).toEqual(['now']);
  });

  it('reads a stream with GetLogEvents: newest page first, tokens forward and backward', async () => {
    for (let i = 0; i < 5; i++) logs.put('fn', 's', `line ${i}`, T0 + i);
    const latest = await client.send(new GetLogEventsCommand({ logGroupName: 'fn', logStreamName: 's', limit: 2 }));
    expect(latest.events?.map((e) => e.message)).toEqual(['line 3', 'line 4']);
    const before = await client.send(new GetLogEventsCommand({ logGroupName: 'fn', logStreamName: 's', limit: 2, nextToken: latest.nextBackwardToken }));
    expect(before.events?.map((e) => e.message)).toEqual(['line 1', 'line 2']);
    const head = await client.send(new GetLogEventsCommand({ logGroupName: 'fn', logStreamName: 's', startFromHead: true, limit: 3 }));
    expect(head.events?.map((e) => e.message)).toEqual(['line 0', 'line 1', 'line 2']);
    const next = await client.send(new GetLogEventsCommand({ logGroupName: 'fn', logStreamName: 's', nextToken: head.nextForwardToken }));
    expect(next.events?.map((e) => e.message)).toEqual(['line 3', 'line 4']);
    // At the end, the forward token comes back unchanged: that is how readers know to stop.
    const end = await client.send(new GetLogEventsCommand({ logGroupName: 'fn', logStreamName: 's', nextToken: next.nextForwardToken }));
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(next.nextForwardToken);
  });

  it('filters events across streams with a filter pattern', async () => {
    logs.put('/aws/lambda/welcome', 'a', 'START RequestId: 1 Version: $LATEST', T0);
    logs.put('/aws/lambda/welcome', 'a', 'ERROR Could not send email to user@example.com', T0 + 2);
    logs.put('/aws/lambda/welcome', 'b', 'New user signed up: 12345', T0 + 1);
    logs.put('/aws/lambda/welcome', 'b', 'WARN retrying', T0 + 3);
    const filter = async (filterPattern: string) =>
      (await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/welcome', filterPattern }))).events?.map((e) => e.message);
    expect(await filter('')).toHaveLength(4);
    expect(await filter('ERROR')).toEqual(['ERROR Could not send email to user@example.com']);
    expect(await filter('"signed up"')).toEqual(['New user signed up: 12345']);
    expect(await filter('?ERROR ?WARN')).toEqual(['ERROR Could not send email to user@example.com', 'WARN retrying']);
    expect(await filter('-ERROR -WARN')).toEqual(['START RequestId: 1 Version: $LATEST', 'New user signed up: 12345']);
    expect(await filter('%user [0-9]+%')).toEqual([]);
    expect(await filter('%up: [0-9]+%')).toEqual(['New user signed up: 12345']);
    const { events } = await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/welcome', logStreamNames: ['b'], limit: 1 }));
    expect(events).toMatchObject([{ logStreamName: 'b', message: 'New user signed up: 12345', timestamp: T0 + 1 }]);
    expect(events?.[0]?.eventId).toMatch(/^\d{56}$/);
  });

  it('pages FilterLogEvents with nextToken', async () => {
    for (let i = 0; i < 3; i++) logs.put('g', 's', `e${i}`, T0 + i);
    const first = await client.send(new FilterLogEventsCommand({ logGroupName: 'g', limit: 2 }));
    expect(first.events?.map((e) => e.message)).toEqual(['e0', 'e1']);
    const second = await client.send(new FilterLogEventsCommand({ logGroupName: 'g', limit: 2, nextToken: first.nextToken }));
    expect(second.events?.map((e) => e.message)).toEqual(['e2']);
    expect(second.nextToken).toBeUndefined();
  });

  it('answers InvalidParameterException for the filter patterns it does not simulate', async () => {
    logs.put('g', 's', '{"level":"ERROR"}');
    const error = await failure(client.send(new FilterLogEventsCommand({ logGroupName: 'g', filterPattern: '{ $.level = "ERROR" }' })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('The simulator does not evaluate JSON or space-delimited filter patterns: { $.level = "ERROR" }');
  });
});

describe('the store the bus writes', () => {
  it('keeps put, events, streams, groups, createLogGroup and hasLogGroup working', () => {
    const logs = new Logs(() => 100);
    logs.createLogGroup('target');
    expect(logs.hasLogGroup('target')).toBe(true);
    logs.put('target', 'event-2', 'second', 20);
    logs.put('target', 'event-1', 'first', 10);
    logs.put('other', 's', 'x');
    expect(logs.groups()).toEqual(['other', 'target']);
    expect(logs.streams('target').map((s) => s.name)).toEqual(['event-2', 'event-1']);
    expect(logs.events('target')).toEqual([
      { timestamp: 10, message: 'first', ingestionTime: 100, stream: 'event-1' },
      { timestamp: 20, message: 'second', ingestionTime: 100, stream: 'event-2' },
    ]);
    expect(logs.events('target', 'sec').map((e) => e.message)).toEqual(['second']);
  });

  it('matchesFilterPattern is case-sensitive and needs every plain term', () => {
    const match = matchesFilterPattern('ERROR Exception');
    expect(match('ERROR NullPointerException')).toBe(true);
    expect(match('error NullPointerException')).toBe(false);
    expect(match('ERROR only')).toBe(false);
  });
});
