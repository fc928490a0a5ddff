// Lambda inside the simulated account: EventBridge invoking functions asynchronously, retries and
// destinations in virtual time, logs and metrics in CloudWatch, and handlers calling other services with the
// real AWS SDK clients.

import { afterEach, describe, expect, it } from 'vitest';
import { Cloud } from '../services/cloud.ts';
import type { SandboxHost } from './host/host.ts';
import { nodeHost } from './host/node-host.ts';
import { LambdaService } from './lambda-service.ts';

let service: LambdaService | undefined;
afterEach(() => service?.dispose());

function account() {
  const cloud = new Cloud({ startTime: Date.UTC(2026, 10, 22, 9, 0, 0) });
  service = new LambdaService(cloud, nodeHost);
  cloud.lambda = service;
  return { cloud, lambda: service };
}

const SIGNUP = { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: JSON.stringify({ userId: '12345', email: 'user@example.com', signupMethod: 'email' }) };

function routeSignupsTo(cloud: Cloud, functionName: string) {
  cloud.events.putRule({ Name: 'user-signed-up', EventPattern: JSON.stringify({ source: ['myapp.users'], 'detail-type': ['UserSignedUp'] }) });
  cloud.events.putTargets({ Rule: 'user-signed-up', Targets: [{ Id: functionName, Arn: `arn:aws:lambda:us-east-1:${cloud.account}:function:${functionName}` }] });
}

describe('EventBridge → Lambda', () => {
  it('runs the welcome handler for a signup: logs, sends the email with SESv2, counts the invocation', async () => {
    const { cloud, lambda } = account();
    cloud.ses.createEmailIdentity({ EmailIdentity: 'welcome@myapp.example' });
    cloud.ses.createEmailIdentity({ EmailIdentity: 'user@example.com' });
    lambda.createFunction({
      name: 'welcome-email',
      handler: 'handler.handler',
      files: {
        'handler.ts': `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';

const ses = new SESv2Client({});

export const handler = async (event: EventBridgeEvent<'UserSignedUp', { userId: string; email: string }>) => {
  console.log(\`New user signed up: \${event.detail.userId}\`);
  console.log(\`User email: \${event.detail.email}\`);
  await ses.send(new SendEmailCommand({
    FromEmailAddress: 'welcome@myapp.example',
    Destination: { ToAddresses: [event.detail.email] },
    Content: { Simple: { Subject: { Data: 'Welcome!' }, Body: { Text: { Data: 'Thanks for signing up.' } } } },
  }));
  return { statusCode: 200, message: 'User signup event processed' };
};`,
      },
    });
    routeSignupsTo(cloud, 'welcome-email');
    cloud.events.putEvents({ Entries: [SIGNUP] });
    await cloud.clock.runUntilIdle();

    expect(cloud.ses.outbox().map((m) => ({ to: m.to, subject: m.subject }))).toEqual([{ to: ['user@example.com'], subject: 'Welcome!' }]);
    const messages = cloud.logs.events('/aws/lambda/welcome-email').map((e) => e.message);
    expect(messages.some((m) => m.endsWith('\tINFO\tNew user signed up: 12345'))).toBe(true);
    expect(messages.some((m) => m.endsWith('\tINFO\tUser email: user@example.com'))).toBe(true);
    expect(cloud.metrics.sum({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions: { FunctionName: 'welcome-email' } })).toBe(1);
    expect(cloud.metrics.sum({ namespace: 'AWS/Lambda', name: 'Errors', dimensions: { FunctionName: 'welcome-email' } })).toBe(0);
  });

  it('retries a failing function twice, about 1 and 2 minutes apart, then sends the on-failure record', async () => {
    const { cloud, lambda } = account();
    const { QueueUrl } = cloud.sqs.createQueue({ QueueName: 'welcome-failures' });
    lambda.createFunction({
      name: 'welcome-email',
      handler: 'handler.handler',
      files: { 'handler.ts': `export const handler = async () => { throw new Error('SES is down'); };` },
      eventInvokeConfig: { onFailure: `arn:aws:sqs:us-east-1:${cloud.account}:welcome-failures` },
    });
    routeSignupsTo(cloud, 'welcome-email');
    const start = cloud.clock.now();
    cloud.events.putEvents({ Entries: [SIGNUP] });
    await cloud.clock.runUntilIdle();

    const starts = cloud.logs.events('/aws/lambda/welcome-email').filter((e) => e.message.startsWith('START'));
    expect(starts.map((e) => Math.round((e.timestamp - start) / 60_000))).toEqual([0, 1, 3]);
    // Retries keep the request id.
    expect(new Set(starts.map((e) => e.message))).toEqual(new Set([starts[0]!.message]));
    expect(cloud.metrics.sum({ namespace: 'AWS/Lambda', name: 'Errors', dimensions: { FunctionName: 'welcome-email' } })).toBe(3);

    const [record] = cloud.sqs.receiveMessage({ QueueUrl }).Messages!;
    expect(JSON.parse(record!.Body!)).toMatchObject({
      version: '1.0',
      requestContext: { functionArn: `arn:aws:lambda:us-east-1:${cloud.account}:function:welcome-email:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { source: 'myapp.users', 'detail-type': 'UserSignedUp', detail: { userId: '12345' } },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'SES is down' },
    });
  });

  it('gives up without retrying when MaximumRetryAttempts is 0, and sends a failure event to a bus destination', async () => {
    const { cloud, lambda } = account();
    const { QueueUrl } = cloud.sqs.createQueue({ QueueName: 'failures' });
    cloud.events.putRule({ Name: 'lambda-failures', EventPattern: JSON.stringify({ source: ['lambda'], 'detail-type': ['Lambda Function Invocation Result - Failure'] }) });
    cloud.events.putTargets({ Rule: 'lambda-failures', Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${cloud.account}:failures` }] });
    lambda.createFunction({
      name: 'audit',
      handler: 'handler.handler',
      files: { 'handler.ts': `export const handler = async () => { throw new Error('table missing'); };` },
      eventInvokeConfig: { maximumRetryAttempts: 0, onFailure: `arn:aws:events:us-east-1:${cloud.account}:event-bus/default` },
    });
    routeSignupsTo(cloud, 'audit');
    cloud.events.putEvents({ Entries: [SIGNUP] });
    await cloud.clock.runUntilIdle();

    expect(cloud.logs.events('/aws/lambda/audit').filter((e) => e.message.startsWith('START'))).toHaveLength(1);
    const [message] = cloud.sqs.receiveMessage({ QueueUrl }).Messages!;
    expect(JSON.parse(message!.Body!)).toMatchObject({
      source: 'lambda',
      'detail-type': 'Lambda Function Invocation Result - Failure',
      detail: { requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 1 } },
    });
  });

  it('lets a handler put events with the EventBridge client, which the bus then routes', async () => {
    const { cloud, lambda } = account();
    const { QueueUrl } = cloud.sqs.createQueue({ QueueName: 'welcomed' });
    cloud.events.putRule({ Name: 'welcomed', EventPattern: JSON.stringify({ 'detail-type': ['WelcomeEmailSent'] }) });
    cloud.events.putTargets({ Rule: 'welcomed', Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${cloud.account}:welcomed` }] });
    lambda.createFunction({
      name: 'welcome-email',
      handler: 'handler.handler',
      files: {
        'handler.ts': `import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
const events = new EventBridgeClient({});
export const handler = async (event: { detail: { userId: string } }) => {
  const result = await events.send(new PutEventsCommand({ Entries: [{ Source: 'myapp.email', DetailType: 'WelcomeEmailSent', Detail: JSON.stringify({ userId: event.detail.userId }) }] }));
  return result.FailedEntryCount;
};`,
      },
    });
    routeSignupsTo(cloud, 'welcome-email');
    cloud.events.putEvents({ Entries: [SIGNUP] });
    await cloud.clock.runUntilIdle();
    const [message] = cloud.sqs.receiveMessage({ QueueUrl }).Messages!;
    expect(JSON.parse(message!.Body!)).toMatchObject({ source: 'myapp.email', detail: { userId: '12345' } });
  });

  it('makes EventBridge count a delivery to a function that does not exist as failed, as AWS does', async () => {
    const { cloud } = account();
    routeSignupsTo(cloud, 'not-deployed');
    cloud.events.putEvents({ Entries: [SIGNUP] });
    await cloud.clock.runUntilIdle();
    expect(cloud.metrics.sum({ namespace: 'AWS/Events', name: 'FailedInvocations', dimensions: { RuleName: 'user-signed-up' } })).toBe(1);
  });
});

describe('code changes', () => {
  it('runs the fixed code when a failed event is retried after the fix', async () => {
    const { cloud, lambda } = account();
    const { QueueUrl } = cloud.sqs.createQueue({ QueueName: 'failures' });
    const files = (body: string) => ({ 'handler.ts': `export const handler = async () => { ${body} };` });
    lambda.createFunction({
      name: 'welcome-email',
      handler: 'handler.handler',
      files: files(`throw new Error('bug');`),
      eventInvokeConfig: { onFailure: `arn:aws:sqs:us-east-1:${cloud.account}:failures` },
    });
    routeSignupsTo(cloud, 'welcome-email');
    cloud.events.putEvents({ Entries: [SIGNUP] });
    await cloud.clock.advance(1_000); // the first attempt fails
    lambda.updateFunctionCode('welcome-email', files(`return 'fixed';`));
    await cloud.clock.runUntilIdle();

    const starts = cloud.logs.events('/aws/lambda/welcome-email').filter((e) => e.message.startsWith('START'));
    expect(starts).toHaveLength(2);
    expect(cloud.metrics.sum({ namespace: 'AWS/Lambda', name: 'Errors', dimensions: { FunctionName: 'welcome-email' } })).toBe(1);
    expect(cloud.sqs.receiveMessage({ QueueUrl }).Messages).toBeUndefined();
  });

  it('lets an invocation in progress finish with the old code, and runs the next with the new', async () => {
    const { lambda } = account();
    lambda.createFunction({ name: 'slow', handler: 'handler.handler', files: { 'handler.ts': `export const handler = () => new Promise((r) => setTimeout(() => r('old'), 300));` } });
    const first = lambda.invoke('slow', {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    lambda.updateFunctionCode('slow', { 'handler.ts': `export const handler = async () => 'new';` });
    const second = lambda.invoke('slow', {});
    expect((await first).payload).toBe('"old"');
    const next = await second;
    expect(next.payload).toBe('"new"');
    expect(next.coldStart).toBe(true);
  });
});

describe('a call the handler did not await', () => {
  it('waits for the next invocation even when it reaches the host in the same read as the result', async () => {
    // Under load the IPC channel hands the host several messages in one read, one after another in the same task:
    // the invocation's result, then the request of a send the handler left running. The environment is frozen from
    // the result on, so the message must not go out until the environment next runs.
    const cloud = new Cloud();
    const { QueueUrl } = cloud.sqs.createQueue({ QueueName: 'welcome' });
    const sendMessage = {
      method: 'POST',
      path: '/',
      headers: { host: 'sqs.us-east-1.amazonaws.com', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl, MessageBody: 'welcome user@example.com' }),
    };
    let invocations = 0;
    const batched: SandboxHost = {
      start: ({ onMessage }) => ({
        send: (sent) => {
          if (sent.type === 'init') queueMicrotask(() => onMessage({ type: 'ready' }));
          if (sent.type === 'invoke' && ++invocations === 1) {
            queueMicrotask(() => {
              onMessage({ type: 'result', requestId: sent.requestId, ok: true, payload: '"done"' });
              onMessage({ type: 'aws-request', id: 1, request: sendMessage });
            });
          }
          if (sent.type === 'invoke' && invocations === 2) queueMicrotask(() => onMessage({ type: 'result', requestId: sent.requestId, ok: true, payload: '"again"' }));
        },
        terminate: () => {},
        memoryUsedMb: async () => undefined,
      }),
    };
    const lambda = new LambdaService(cloud, batched);
    lambda.createFunction({ name: 'f', handler: 'handler.handler', files: { 'handler.ts': 'export const handler = async () => 1;' } });
    expect((await lambda.invoke('f', {})).payload).toBe('"done"');
    expect(cloud.sqs.peek('welcome')).toEqual([]);
    expect((await lambda.invoke('f', {})).payload).toBe('"again"');
    expect(cloud.sqs.peek('welcome').map((m) => m.body)).toEqual(['welcome user@example.com']);
    lambda.dispose();
  });
});

describe('a sandbox that breaks the protocol', () => {
  /** A host whose sandbox answers every invocation with the given message, as a compromised runtime might. */
  const forging = (message: unknown): SandboxHost => ({
    start: ({ onMessage }) => ({
      send: (sent) => {
        if (sent.type === 'init') queueMicrotask(() => onMessage({ type: 'ready' }));
        if (sent.type === 'invoke') queueMicrotask(() => onMessage(message as never));
      },
      terminate: () => {},
      memoryUsedMb: async () => undefined,
    }),
  });

  it.each([
    ['an aws-request without a request', { type: 'aws-request', id: 1 }],
    ['a log line that is not text', { type: 'log', level: 'INFO', text: 42 }],
    ['a failed result without an error', { type: 'result', requestId: 'x', ok: false, error: {} }],
    ['an unknown message', { type: 'take-over' }],
  ])('ends that sandbox, and the host carries on, after %s', async (_what, message) => {
    const cloud = new Cloud();
    const lambda = new LambdaService(cloud, forging(message));
    lambda.createFunction({ name: 'f', handler: 'handler.handler', files: { 'handler.ts': 'export const handler = async () => 1;' }, timeout: 1 });
    const result = await lambda.invoke('f', {});
    expect(result.error).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: the sandbox broke the runtime protocol`, stack: [] });
  });
});

describe('function settings', () => {
  it('refuses settings outside Lambda’s limits in Lambda’s words', () => {
    const { lambda } = account();
    expect(() => lambda.createFunction({ name: 'f', handler: 'handler.handler', files: {}, timeout: 901, eventInvokeConfig: { maximumRetryAttempts: 3 } })).toThrow(
      "2 validation errors detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900; Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
    );
  });
});

describe('a frozen environment', () => {
  it('is stopped when it keeps sending after its invocation returned, and the next invocation starts fresh', async () => {
    const { lambda } = account();
    // The handler returns and leaves a timer that sends thousands of AWS requests: a frozen environment's requests
    // wait for its next invocation, so without a limit the host would hold every one of them. (A timer, not requests
    // merely left in flight at return: those may reach the host before the invocation's end, depending on load.)
    lambda.createFunction({
      name: 'chatty',
      handler: 'handler.handler',
      memorySize: 1024,
      files: {
        'handler.ts': `import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler = async () => {
  // One call first, so the client has resolved its credentials and endpoint: the pump's calls go straight out.
  await sns.send(new ListTopicsCommand({}));
  setTimeout(() => {
    for (let i = 0; i < 2_500; i++) void sns.send(new ListTopicsCommand({})).catch(() => {});
  }, 0);
  return 'done';
};`,
      },
    });
    expect((await lambda.invoke('chatty', {})).payload).toBe('"done"');
    // Generous: on a machine busy with other tests, the sandbox needs a while to send two thousand messages.
    await expect.poll(() => lambda.environmentCount('chatty'), { timeout: 30_000 }).toBe(0);
    expect((await lambda.invoke('chatty', {})).coldStart).toBe(true);
  }, 60_000);
});

describe('scaling out: concurrent invocations', () => {
  const counterTable = (cloud: Cloud) =>
    cloud.dynamodb.createTable({
      TableName: 'counts',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    });
  const countOf = (cloud: Cloud) => Number((cloud.dynamodb.items('counts')[0]?.count as { N?: string } | undefined)?.N ?? 0);
  const readThenWrite = `import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});
export const handler = async () => {
  const { Item } = await db.send(new GetItemCommand({ TableName: 'counts', Key: { id: { S: 'all' } } }));
  const count = Number(Item?.count?.N ?? 0);
  await db.send(new PutItemCommand({ TableName: 'counts', Item: { id: { S: 'all' }, count: { N: String(count + 1) } } }));
};`;
  const atomicAdd = `import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});
export const handler = async () => {
  await db.send(new UpdateItemCommand({ TableName: 'counts', Key: { id: { S: 'all' } }, UpdateExpression: 'ADD #c :one', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': { N: '1' } } }));
};`;

  it('runs invocations that arrive together in separate execution environments, each a cold start', async () => {
    const { cloud, lambda } = account();
    lambda.createFunction({ name: 'seen', handler: 'handler.handler', files: { 'handler.ts': 'const seen = new Set<string>();\nexport const handler = async (event: { id: string }) => { const again = seen.has(event.id); seen.add(event.id); return again; };' } });
    const results = await Promise.all([lambda.invoke('seen', { id: 'e-1' }), lambda.invoke('seen', { id: 'e-1' })]);
    // Module scope is per environment: neither copy sees what the other remembered.
    expect(results.map((r) => r.payload)).toEqual(['false', 'false']);
    expect(results.map((r) => r.coldStart)).toEqual([true, true]);
    expect(lambda.environmentCount('seen')).toBe(2);
    expect(cloud.logs.streams('/aws/lambda/seen').length).toBe(2);
    // One after the other, the warm environment is reused and remembers.
    const again = await lambda.invoke('seen', { id: 'e-1' });
    expect([again.coldStart, again.payload]).toEqual([false, 'true']);
    expect(lambda.environmentCount('seen')).toBe(2);
  });

  it('starts a fresh environment after idle ones are reclaimed', async () => {
    const { lambda } = account();
    lambda.createFunction({ name: 'seen', handler: 'handler.handler', files: { 'handler.ts': 'let calls = 0;\nexport const handler = async () => ++calls;' } });
    expect((await lambda.invoke('seen', {})).payload).toBe('1');
    lambda.reclaimIdleEnvironments('seen');
    const next = await lambda.invoke('seen', {});
    expect([next.coldStart, next.payload]).toEqual([true, '1']);
  });

  // Five accounts, each booting two sandboxes: seconds on a machine busy with the lesson self-test.
  it('answers concurrent invocations’ AWS calls in lockstep, so a read-then-write counter loses an update every time', async () => {
    for (let run = 0; run < 5; run++) {
      const { cloud, lambda } = account();
      counterTable(cloud);
      lambda.createFunction({ name: 'count', handler: 'handler.handler', files: { 'handler.ts': readThenWrite } });
      await Promise.all([lambda.invoke('count', {}), lambda.invoke('count', {}), lambda.invoke('count', {})]);
      expect(countOf(cloud)).toBe(1);
      lambda.dispose();
    }
  }, 30_000);


  it('loses nothing when the update is one atomic request', async () => {
    const { cloud, lambda } = account();
    counterTable(cloud);
    lambda.createFunction({ name: 'count', handler: 'handler.handler', files: { 'handler.ts': atomicAdd } });
    await Promise.all([lambda.invoke('count', {}), lambda.invoke('count', {}), lambda.invoke('count', {})]);
    expect(countOf(cloud)).toBe(3);
  });

  it('delivers events put together to their function at once, in as many environments', async () => {
    const { cloud, lambda } = account();
    counterTable(cloud);
    lambda.createFunction({ name: 'count', handler: 'handler.handler', files: { 'handler.ts': readThenWrite } });
    routeSignupsTo(cloud, 'count');
    cloud.events.putEvents({ Entries: [SIGNUP, SIGNUP] });
    await cloud.clock.runUntilIdle();
    expect(lambda.environmentCount('count')).toBe(2);
    expect(countOf(cloud)).toBe(1);
  });

  it('notices a handler that returns while an SDK command it sent is still running', async () => {
    const { cloud, lambda } = account();
    cloud.ses.createEmailIdentity({ EmailIdentity: 'welcome@myapp.example' });
    const send = (awaited: boolean) => `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
const ses = new SESv2Client({});
export const handler = async () => {
  ${awaited ? 'await ' : ''}ses.send(new SendEmailCommand({ FromEmailAddress: 'welcome@myapp.example', Destination: { ToAddresses: ['a@example.com'] }, Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hi' } } } } }));
};`;
    lambda.createFunction({ name: 'careful', handler: 'handler.handler', files: { 'handler.ts': send(true) } });
    lambda.createFunction({ name: 'hasty', handler: 'handler.handler', files: { 'handler.ts': send(false) } });
    await lambda.invoke('careful', {});
    const hasty = await lambda.invoke('hasty', {});
    expect(lambda.callsAfterReturn()).toEqual([{ functionName: 'hasty', requestId: hasty.requestId, calls: ['SendEmailCommand'] }]);
  });

  it('gives the handler the simulated account’s clock, so its times agree with the services it calls', async () => {
    const { cloud, lambda } = account();
    const clockReader = `const loadedAt = new Date().toISOString();
export const handler = async () => ({ loadedAt, now: Date.now(), iso: new Date().toISOString(), text: typeof Date(), isDate: new Date() instanceof Date });`;
    lambda.createFunction({ name: 'clock', handler: 'handler.handler', files: { 'handler.ts': clockReader } });
    await cloud.clock.advance(3 * 60 * 60_000);
    const result = JSON.parse((await lambda.invoke('clock', {})).payload) as { loadedAt: string; now: number; iso: string; text: string; isDate: boolean };
    const virtual = cloud.clock.now();
    // Read while the code ran: the account's time then, plus the moments the invocation took.
    expect(result.now - virtual).toBeGreaterThanOrEqual(0);
    expect(result.now - virtual).toBeLessThan(5_000);
    expect(Date.parse(result.iso) - virtual).toBeLessThan(5_000);
    expect(Date.parse(result.loadedAt) - virtual).toBeLessThan(5_000);
    expect(result.text).toBe('string');
    expect(result.isDate).toBe(true);
  });

  it('notices an unawaited command of a client built on another, such as the DynamoDB document client', async () => {
    const { cloud, lambda } = account();
    counterTable(cloud);
    const hasty = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => {
  db.send(new PutCommand({ TableName: 'counts', Item: { id: 'all', count: 1 } }));
};`;
    lambda.createFunction({ name: 'hasty', handler: 'handler.handler', files: { 'handler.ts': hasty } });
    const result = await lambda.invoke('hasty', {});
    // Named as the learner wrote it.
    expect(lambda.callsAfterReturn()).toEqual([{ functionName: 'hasty', requestId: result.requestId, calls: ['PutCommand'] }]);
  });

  it('does not count the wait for a slower invocation’s round against a function’s timeout', async () => {
    const { cloud, lambda } = account();
    counterTable(cloud);
    const call = `await db.send(new GetItemCommand({ TableName: 'counts', Key: { id: { S: 'all' } } }));`;
    const header = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst db = new DynamoDBClient({});\n`;
    lambda.createFunction({ name: 'quick', handler: 'handler.handler', timeout: 2, files: { 'handler.ts': `${header}export const handler = async () => { ${call} return 'done'; };` } });
    // Busy for 3 s before its first call: the quick function's call waits for it, longer than its own 2-second timeout.
    lambda.createFunction({ name: 'slow', handler: 'handler.handler', timeout: 6, files: { 'handler.ts': `${header}export const handler = async () => { const until = Date.now() + 3000; while (Date.now() < until) {} ${call} return 'done'; };` } });
    const [quick, slow] = await Promise.all([lambda.invoke('quick', {}), lambda.invoke('slow', {})]);
    expect([quick.functionError, quick.payload, slow.payload]).toEqual([undefined, '"done"', '"done"']);
  });

  const seenTable = (cloud: Cloud) =>
    cloud.dynamodb.createTable({
      TableName: 'seen',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    });
  /** Processes an event once per id, remembering ids in a table; `conditional` makes the check and the write one request. */
  const recordOnce = (conditional: boolean) => `import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});
export const handler = async (event: { id: string }, context: { awsRequestId: string }) => {
  const marker = { TableName: 'seen', Item: { id: { S: event.id }, by: { S: context.awsRequestId } } };
  ${
    conditional
      ? `try {
    await db.send(new PutItemCommand({ ...marker, ConditionExpression: 'attribute_not_exists(id)' }));
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return 'duplicate';
    throw error;
  }`
      : `const { Item } = await db.send(new GetItemCommand({ TableName: 'seen', Key: { id: { S: event.id } } }));
  if (Item) return 'duplicate';
  await db.send(new PutItemCommand(marker));`
  }
  await db.send(new PutItemCommand({ TableName: 'seen', Item: { id: { S: 'record#' + context.awsRequestId } } }));
  return 'recorded';
};`;

  it('gives each concurrent cold start its own REPORT with Init Duration', async () => {
    const { lambda } = account();
    lambda.createFunction({ name: 'f', handler: 'handler.handler', files: { 'handler.ts': 'export const handler = async () => 1;' } });
    const results = await Promise.all([lambda.invoke('f', {}), lambda.invoke('f', {})]);
    for (const result of results) expect(result.logs.find((l) => l.startsWith('REPORT'))).toMatch(/\tInit Duration: \d+\.\d\d ms\t$/);
  });

  it('lets a get-then-put "if absent" record an event twice when two copies run at once, and a conditional put only once', async () => {
    for (const [conditional, expected] of [
      [false, ['recorded', 'recorded']],
      [true, ['recorded', 'duplicate']],
    ] as const) {
      const { cloud, lambda } = account();
      seenTable(cloud);
      lambda.createFunction({ name: 'once', handler: 'handler.handler', files: { 'handler.ts': recordOnce(conditional) } });
      const results = await Promise.all([lambda.invoke('once', { id: 'e-1' }), lambda.invoke('once', { id: 'e-1' })]);
      expect(results.map((r) => JSON.parse(r.payload))).toEqual(expected);
      expect(cloud.dynamodb.items('seen').filter((item) => (item.id as { S: string }).S.startsWith('record#'))).toHaveLength(expected.filter((r) => r === 'recorded').length);
      lambda.dispose();
    }
  });

  it('repeats a run with a duplicate delivery exactly: request ids, log streams and items', async () => {
    const run = async () => {
      const { cloud, lambda } = account();
      seenTable(cloud);
      lambda.createFunction({ name: 'once', handler: 'handler.handler', files: { 'handler.ts': recordOnce(false) } });
      routeSignupsTo(cloud, 'once');
      const arn = `arn:aws:lambda:us-east-1:${cloud.account}:function:once`;
      cloud.events.injectTargetFailure(arn, { mode: 'duplicate' });
      cloud.events.putEvents({ Entries: [SIGNUP] });
      await cloud.clock.runUntilIdle();
      const streams = cloud.logs
        .streams('/aws/lambda/once')
        .map((stream) => ({ name: stream.name, starts: stream.events.filter((e) => e.message.startsWith('START')).map((e) => e.message) }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const items = cloud.dynamodb.items('seen').sort((a, b) => (a.id as { S: string }).S.localeCompare((b.id as { S: string }).S));
      lambda.dispose();
      return { streams, items };
    };
    const first = await run();
    // Both copies ran at once, each in its own environment, and both recorded the event.
    expect(first.streams).toHaveLength(2);
    expect(first.items).toHaveLength(3);
    expect(await run()).toEqual(first);
  });

  it('reports concurrent invocations’ ends in the order they started, whichever finished first', async () => {
    const { lambda } = account();
    lambda.createFunction({ name: 'slow', handler: 'handler.handler', files: { 'handler.ts': 'export const handler = async () => { const until = Date.now() + 300; while (Date.now() < until) {} return 1; };' } });
    lambda.createFunction({ name: 'fast', handler: 'handler.handler', files: { 'handler.ts': 'export const handler = async () => 1;' } });
    const ended: string[] = [];
    lambda.onInvocation((name) => ended.push(name));
    await Promise.all([lambda.invoke('slow', {}), lambda.invoke('fast', {})]);
    expect(ended).toEqual(['slow', 'fast']);
  });
});

describe('concurrency limits', () => {
  const slowly = { 'handler.ts': `export const handler = () => new Promise((resolve) => setTimeout(() => resolve('done'), 300));` };

  it('throttles a synchronous invocation past the function’s reserved concurrency, and runs a throttled event later', async () => {
    const { cloud, lambda } = account();
    lambda.createFunction({ name: 'one-at-a-time', handler: 'handler.handler', files: slowly, reservedConcurrentExecutions: 1 });
    const start = cloud.clock.now();
    const first = lambda.invoke('one-at-a-time', {});
    await expect(lambda.invoke('one-at-a-time', {})).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Rate Exceeded.',
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      httpStatus: 429,
    });
    expect(lambda.invokeAsync('one-at-a-time', '{}')).toEqual({ accepted: true });
    await cloud.clock.advance(0); // Lambda's queue tries the event at once: throttled, back to the queue
    expect((await first).payload).toBe('"done"');
    await cloud.clock.runUntilIdle();

    const starts = cloud.logs.events('/aws/lambda/one-at-a-time').filter((e) => e.message.startsWith('START'));
    expect(starts).toHaveLength(2);
    expect(starts[1]!.timestamp - start).toBeGreaterThanOrEqual(1_000);
    const metric = (name: string, dimensions: Record<string, string> = { FunctionName: 'one-at-a-time' }) => cloud.metrics.minutes({ namespace: 'AWS/Lambda', name, dimensions });
    expect(metric('Throttles').reduce((n, m) => n + m.sum, 0)).toBe(2);
    expect(metric('Throttles', {}).reduce((n, m) => n + m.sum, 0)).toBe(2);
    expect(metric('Invocations').reduce((n, m) => n + m.sum, 0)).toBe(2);
    expect(Math.max(...metric('ConcurrentExecutions').map((m) => m.maximum))).toBe(1);
  });

  it('counts every running function against the account’s limit', async () => {
    const cloud = new Cloud({ startTime: Date.UTC(2026, 10, 22, 9, 0, 0) });
    const lambda = (service = new LambdaService(cloud, nodeHost, { concurrencyLimit: 2 }));
    lambda.createFunction({ name: 'a', handler: 'handler.handler', files: slowly });
    lambda.createFunction({ name: 'b', handler: 'handler.handler', files: slowly });
    const running = [lambda.invoke('a', {}), lambda.invoke('b', {})];
    await expect(lambda.invoke('a', {})).rejects.toMatchObject({ name: 'TooManyRequestsException', Reason: 'ConcurrentInvocationLimitExceeded' });
    await Promise.all(running);
    expect(Math.max(...cloud.metrics.minutes({ namespace: 'AWS/Lambda', name: 'ConcurrentExecutions', dimensions: {} }).map((m) => m.maximum))).toBe(2);
    expect((await lambda.invoke('a', {})).payload).toBe('"done"');
  });

  it('keeps a throttled event until its maximum age, retrying 1, 2, 4 ... seconds apart, then sends the on-failure record', async () => {
    const { cloud, lambda } = account();
    const { QueueUrl } = cloud.sqs.createQueue({ QueueName: 'failures' });
    lambda.createFunction({
      name: 'stopped',
      handler: 'handler.handler',
      files: slowly,
      reservedConcurrentExecutions: 0,
      eventInvokeConfig: { maximumEventAgeInSeconds: 60, onFailure: `arn:aws:sqs:us-east-1:${cloud.account}:failures` },
    });
    lambda.invokeAsync('stopped', JSON.stringify({ id: 'e-1' }));
    await cloud.clock.runUntilIdle();
    // Tried at 0, 1, 3, 7, 15 and 31 seconds; the next try, at 63 seconds, would be past the event's age.
    expect(cloud.metrics.sum({ namespace: 'AWS/Lambda', name: 'Throttles', dimensions: { FunctionName: 'stopped' } })).toBe(6);
    expect(cloud.metrics.sum({ namespace: 'AWS/Lambda', name: 'AsyncEventsDropped', dimensions: { FunctionName: 'stopped' } })).toBe(1);
    expect(cloud.logs.events('/aws/lambda/stopped')).toEqual([]);
    const [record] = cloud.sqs.receiveMessage({ QueueUrl }).Messages!;
    expect(JSON.parse(record!.Body!)).toMatchObject({ requestContext: { condition: 'EventAgeExceeded', approximateInvokeCount: 0 }, requestPayload: { id: 'e-1' } });
  });

  it('refuses a reserved concurrency below 0, or one that leaves the account less than 100 unreserved, in Lambda’s words', () => {
    const { lambda } = account();
    const reserving = (reservedConcurrentExecutions: number, name = 'f') => () => lambda.createFunction({ name, handler: 'handler.handler', files: slowly, reservedConcurrentExecutions });
    expect(reserving(-1)).toThrow("1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0");
    reserving(800)();
    expect(reserving(101, 'g')).toThrow("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].");
    reserving(100, 'g')();
    // Replacing a function's own reservation does not count it twice.
    reserving(800)();
  });
});
