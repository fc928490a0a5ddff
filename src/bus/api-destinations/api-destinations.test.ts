// API destinations end to end on one simulated account: a rule's event goes out as the HTTP request EventBridge
// sends, to an endpoint on cloud.http, with AWS's timeout, retries, rate limit and connection states.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html

import type { Target } from '@aws-sdk/client-eventbridge';
import { beforeEach, describe, expect, it } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import type { HttpResponder } from '../../services/http/internet.ts';
import { AwsServiceError } from '../errors.ts';

let cloud: Cloud;
let dlqArn: string;

beforeEach(() => {
  cloud = new Cloud();
  const url = cloud.sqs.createQueue({ QueueName: 'invoices-dlq' }).QueueUrl!;
  dlqArn = cloud.sqs.getQueueAttributes({ QueueUrl: url, AttributeNames: ['QueueArn'] }).Attributes!.QueueArn!;
});

function apiKeyConnection(name = 'invoicing'): string {
  return cloud.events.createConnection({
    Name: name,
    AuthorizationType: 'API_KEY',
    AuthParameters: {
      ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'test-key-123' },
      InvocationHttpParameters: { HeaderParameters: [{ Key: 'X-Tenant', Value: 'acme', IsValueSecret: false }], QueryStringParameters: [{ Key: 'source', Value: 'eventbridge' }] },
    },
  }).ConnectionArn!;
}

function destination(connectionArn: string, extra: { endpoint?: string; method?: 'POST' | 'PUT'; rate?: number } = {}): string {
  return cloud.events.createApiDestination({
    Name: 'issue-invoice',
    ConnectionArn: connectionArn,
    InvocationEndpoint: extra.endpoint ?? 'https://invoices.example.com/deals/*/invoices',
    HttpMethod: extra.method ?? 'POST',
    ...(extra.rate ? { InvocationRateLimitPerSecond: extra.rate } : {}),
  }).ApiDestinationArn!;
}

function route(arn: string, target: Partial<Target> = {}): void {
  cloud.events.putRule({ Name: 'deal-closed', EventPattern: JSON.stringify({ source: ['crm'], 'detail-type': ['DealClosed'] }) });
  cloud.events.putTargets({
    Rule: 'deal-closed',
    Targets: [{ Id: 'invoice', Arn: arn, HttpParameters: { PathParameterValues: ['deal-42'] }, DeadLetterConfig: { Arn: dlqArn }, ...target }],
  });
}

async function closeDeal(amount = 1200): Promise<void> {
  cloud.events.putEvents({ Entries: [{ Source: 'crm', DetailType: 'DealClosed', Detail: JSON.stringify({ dealId: 'deal-42', amount }) }] });
  await cloud.clock.runUntilIdle();
}

const serve = (responder: HttpResponder) => cloud.http.serve('https://invoices.example.com', responder);
const deadLetters = () => cloud.sqs.peek('invoices-dlq');

describe('the request EventBridge sends', () => {
  it('calls the endpoint with the path wildcard filled, the query string, the API key and EventBridge headers, and the event as body', async () => {
    serve(() => ({ status: 201 }));
    route(destination(apiKeyConnection()), { HttpParameters: { PathParameterValues: ['deal-42'], HeaderParameters: { 'X-Request-Kind': 'invoice', 'User-Agent': 'mine' }, QueryStringParameters: { currency: 'EUR' } } });
    await closeDeal();
    const [sent, ...more] = cloud.http.requests();
    expect(more).toEqual([]);
    expect(sent!.request.method).toBe('POST');
    expect(sent!.request.url).toBe('https://invoices.example.com/deals/deal-42/invoices?currency=EUR&source=eventbridge');
    const body = sent!.request.body;
    expect(JSON.parse(body)).toMatchObject({ source: 'crm', 'detail-type': 'DealClosed', detail: { dealId: 'deal-42', amount: 1200 } });
    expect(sent!.request.headers).toEqual({
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html#eb-api-destination-headers
      'User-Agent': 'Amazon/EventBridge/ApiDestinations',
      'Content-Type': 'application/json; charset=utf-8',
      Range: 'bytes=0-1048575',
      'Accept-Encoding': 'gzip,deflate',
      Connection: 'close',
      'Content-Length': String(new TextEncoder().encode(body).length),
      Host: 'invoices.example.com',
      'X-Request-Kind': 'invoice',
      'X-Tenant': 'acme',
      'x-api-key': 'test-key-123',
    });
    expect(deadLetters()).toEqual([]);
  });

  it('sends the input transformer’s output as the body', async () => {
    serve(() => ({ status: 200 }));
    route(destination(apiKeyConnection()), { InputTransformer: { InputPathsMap: { deal: '$.detail.dealId', amount: '$.detail.amount' }, InputTemplate: '{"deal": <deal>, "total": <amount>}' } });
    await closeDeal(99);
    expect(JSON.parse(cloud.http.requests()[0]!.request.body)).toEqual({ deal: 'deal-42', total: 99 });
  });

  it('signs with HTTP Basic credentials for a BASIC connection', async () => {
    serve(() => ({ status: 200 }));
    const arn = cloud.events.createConnection({ Name: 'basic', AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'finance', Password: 's3cret' } } }).ConnectionArn!;
    route(destination(arn));
    await closeDeal();
    expect(cloud.http.requests()[0]!.request.headers.Authorization).toBe(`Basic ${btoa('finance:s3cret')}`);
  });

  it('fails the delivery, unretried, when the target gives fewer path values than the endpoint has wildcards', async () => {
    serve(() => ({ status: 200 }));
    route(destination(apiKeyConnection()), { HttpParameters: {} });
    await closeDeal();
    expect(cloud.http.requests()).toEqual([]);
    expect(deadLetters()[0]!.attributes.RETRY_ATTEMPTS).toBe('0');
  });
});

describe('how answers are retried', () => {
  it('retries a 503 and delivers when the endpoint recovers', async () => {
    let calls = 0;
    serve(() => ({ status: ++calls < 3 ? 503 : 201 }));
    route(destination(apiKeyConnection()));
    await closeDeal();
    expect(cloud.http.requests().map((r) => r.response?.status)).toEqual([503, 503, 201]);
    expect(deadLetters()).toEqual([]);
  });

  // 401 and 407 are retried too, but de-authorize an API_KEY connection first (see "connections" below).
  it.each([409, 429, 500, 502, 504])('retries %i', async (status) => {
    serve(() => ({ status }));
    route(destination(apiKeyConnection()), { RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } });
    await closeDeal();
    const [message] = deadLetters();
    expect(message!.attributes.RETRY_ATTEMPTS).toBe('2');
    expect(message!.attributes.EXHAUSTED_RETRY_CONDITION).toBe('MaximumRetryAttempts');
  });

  it.each([400, 403, 404, 301, 100])('does not retry %i: the event goes to the dead-letter queue at once', async (status) => {
    serve(() => ({ status }));
    route(destination(apiKeyConnection()));
    await closeDeal();
    expect(cloud.http.requests()).toHaveLength(1);
    const [message] = deadLetters();
    expect(message!.attributes).toMatchObject({ ERROR_CODE: 'SDK_CLIENT_ERROR', RETRY_ATTEMPTS: '0' });
    expect(message!.attributes.EXHAUSTED_RETRY_CONDITION).toBeUndefined();
  });

  it('times out an endpoint that takes longer than 5 seconds, and retries it', async () => {
    serve(() => ({ status: 200, delayMs: 5_001 }));
    route(destination(apiKeyConnection()), { RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600 } });
    const start = cloud.clock.now();
    await closeDeal();
    const [first, second] = cloud.http.requests();
    expect(first!.failure?.kind).toBe('timeout');
    expect(first!.completedAt - first!.sentAt).toBe(5_000);
    expect(second!.sentAt).toBeGreaterThan(start + 5_000);
    expect(deadLetters()[0]!.attributes).toMatchObject({
      ERROR_CODE: 'UNKNOWN',
      ERROR_MESSAGE: 'Unable to invoke ApiDestination endpoint: Timeout calling endpoint for API Destination: socket closed.',
      RETRY_ATTEMPTS: '1',
    });
  });

  it('delivers an answer that takes 5 seconds or less, when it arrives', async () => {
    serve(() => ({ status: 200, delayMs: 4_000 }));
    route(destination(apiKeyConnection()));
    await closeDeal();
    expect(cloud.http.requests()[0]!.completedAt - cloud.http.requests()[0]!.sentAt).toBe(4_000);
    expect(deadLetters()).toEqual([]);
  });

  it('retries a host nobody serves, as AWS does a host it cannot reach', async () => {
    route(destination(apiKeyConnection()), { RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600 } });
    await closeDeal();
    expect(cloud.http.requests().map((r) => r.failure?.kind)).toEqual(['unreachable', 'unreachable']);
    expect(deadLetters()[0]!.attributes).toMatchObject({ ERROR_CODE: 'SDK_CLIENT_ERROR', ERROR_MESSAGE: 'Unable to invoke ApiDestination endpoint: API destination endpoint cannot be reached.' });
  });

  it('waits at least as long as Retry-After says, and stops on a negative one', async () => {
    let calls = 0;
    serve(() => (++calls === 1 ? { status: 429, headers: { 'Retry-After': '120' } } : { status: 200 }));
    route(destination(apiKeyConnection()));
    await closeDeal();
    const [first, second] = cloud.http.requests();
    expect(second!.sentAt - first!.sentAt).toBeGreaterThanOrEqual(120_000);

    cloud.events.removeTargets({ Rule: 'deal-closed', Ids: ['invoice'] });
    serve(() => ({ status: 503, headers: { 'retry-after': '-1' } }));
    route(cloud.events.listApiDestinations().ApiDestinations![0]!.ApiDestinationArn!);
    const before = cloud.http.requests().length;
    await closeDeal();
    expect(cloud.http.requests().length - before).toBe(1);
    expect(deadLetters()[0]!.attributes.RETRY_ATTEMPTS).toBe('0');
  });
});

describe('the invocation rate limit', () => {
  it('defaults to 300 a second', () => {
    const arn = destination(apiKeyConnection());
    expect(cloud.events.describeApiDestination({ Name: 'issue-invoice' })).toMatchObject({ ApiDestinationArn: arn, InvocationRateLimitPerSecond: 300, ApiDestinationState: 'ACTIVE' });
  });

  it('makes calls past the limit wait for a later second instead of failing', async () => {
    serve(() => ({ status: 200 }));
    route(destination(apiKeyConnection(), { rate: 2 }));
    cloud.events.putEvents({ Entries: Array.from({ length: 5 }, (_, i) => ({ Source: 'crm', DetailType: 'DealClosed', Detail: JSON.stringify({ dealId: `d${i}` }) })) });
    const start = cloud.clock.now();
    await cloud.clock.runUntilIdle();
    expect(cloud.http.requests().map((r) => Math.floor((r.sentAt - start) / 1000))).toEqual([0, 0, 1, 1, 2]);
    expect(deadLetters()).toEqual([]);
  });
});

describe('connections', () => {
  it('never shows a secret in Describe, and names its secret as EventBridge does', () => {
    apiKeyConnection();
    const described = cloud.events.describeConnection({ Name: 'invoicing' });
    expect(described).toMatchObject({ Name: 'invoicing', AuthorizationType: 'API_KEY', ConnectionState: 'AUTHORIZED' });
    expect(described.SecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection\/invoicing\/[0-9a-f-]{36}$/);
    expect(JSON.stringify(described)).not.toContain('test-key-123');
    expect(described.AuthParameters).toEqual({
      ApiKeyAuthParameters: { ApiKeyName: 'x-api-key' },
      InvocationHttpParameters: { HeaderParameters: [{ Key: 'X-Tenant', Value: 'acme', IsValueSecret: false }], QueryStringParameters: [{ Key: 'source', Value: 'eventbridge' }] },
    });
  });

  it('hides a parameter marked IsValueSecret', () => {
    cloud.events.createConnection({
      Name: 'c',
      AuthorizationType: 'BASIC',
      AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' }, InvocationHttpParameters: { HeaderParameters: [{ Key: 'X-Sig', Value: 'hidden', IsValueSecret: true }] } },
    });
    expect(cloud.events.describeConnection({ Name: 'c' }).AuthParameters).toEqual({
      BasicAuthParameters: { Username: 'u' },
      InvocationHttpParameters: { HeaderParameters: [{ Key: 'X-Sig', IsValueSecret: true }] },
    });
  });

  it('is de-authorized when the endpoint answers 401 to its API key, and later events fail without a call', async () => {
    serve(() => ({ status: 401 }));
    route(destination(apiKeyConnection()), { RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } });
    await closeDeal();
    expect(cloud.http.requests()).toHaveLength(1);
    expect(cloud.events.describeConnection({ Name: 'invoicing' }).ConnectionState).toBe('DEAUTHORIZED');
    expect(deadLetters()[0]!.attributes.ERROR_MESSAGE).toMatch(/^Unable to invoke ApiDestination endpoint: The connection invoicing is DEAUTHORIZED/);
  });

  it('gets an OAuth token from the authorization endpoint and sends it as a Bearer token', async () => {
    cloud.http.serve('https://auth.example.com', (request) =>
      request.headers.authorization === `Basic ${btoa('client-1:shh')}` && request.body === 'grant_type=client_credentials'
        ? { status: 200, body: JSON.stringify({ access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' }) }
        : { status: 400 },
    );
    serve(() => ({ status: 200 }));
    const created = cloud.events.createConnection({
      Name: 'oauth',
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: {
        OAuthParameters: {
          AuthorizationEndpoint: 'https://auth.example.com/oauth/token',
          HttpMethod: 'POST',
          ClientParameters: { ClientID: 'client-1', ClientSecret: 'shh' },
          OAuthHttpParameters: { BodyParameters: [{ Key: 'grant_type', Value: 'client_credentials' }] },
        },
      },
    });
    expect(created.ConnectionState).toBe('AUTHORIZING');
    await cloud.clock.runUntilIdle();
    expect(cloud.events.describeConnection({ Name: 'oauth' }).ConnectionState).toBe('AUTHORIZED');
    route(destination(created.ConnectionArn!));
    await closeDeal();
    const invoice = cloud.http.requests().find((r) => r.purpose === 'api-destination issue-invoice')!;
    expect(invoice.request.headers.Authorization).toBe('Bearer tok-1');
    expect(JSON.stringify(cloud.events.describeConnection({ Name: 'oauth' }))).not.toContain('shh');
  });

  it('fetches a new token after a 401 and retries with it', async () => {
    let tokens = 0;
    cloud.http.serve('https://auth.example.com', () => ({ status: 200, body: JSON.stringify({ access_token: `tok-${++tokens}`, expires_in: 3600 }) }));
    serve((request) => ({ status: request.headers.authorization === 'Bearer tok-1' ? 401 : 200 }));
    const arn = cloud.events.createConnection({
      Name: 'oauth',
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: { OAuthParameters: { AuthorizationEndpoint: 'https://auth.example.com/token', HttpMethod: 'POST', ClientParameters: { ClientID: 'a', ClientSecret: 'b' } } },
    }).ConnectionArn!;
    await cloud.clock.runUntilIdle(); // AUTHORIZING → AUTHORIZED
    route(destination(arn));
    await closeDeal();
    const calls = cloud.http.requests().filter((r) => r.purpose === 'api-destination issue-invoice');
    expect(calls.map((r) => [r.request.headers.Authorization, r.response?.status])).toEqual([
      ['Bearer tok-1', 401],
      ['Bearer tok-2', 200],
    ]);
    expect(cloud.events.describeConnection({ Name: 'oauth' }).ConnectionState).toBe('AUTHORIZED');
    expect(deadLetters()).toEqual([]);
  });

  it('is DEAUTHORIZED when the token request fails, and its deliveries fail', async () => {
    cloud.http.serve('https://auth.example.com', () => ({ status: 401 }));
    serve(() => ({ status: 200 }));
    const arn = cloud.events.createConnection({
      Name: 'oauth',
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: { OAuthParameters: { AuthorizationEndpoint: 'https://auth.example.com/token', HttpMethod: 'POST', ClientParameters: { ClientID: 'a', ClientSecret: 'b' } } },
    }).ConnectionArn!;
    await cloud.clock.runUntilIdle();
    expect(cloud.events.describeConnection({ Name: 'oauth' })).toMatchObject({ ConnectionState: 'DEAUTHORIZED', StateReason: expect.stringContaining('answered 401') });
    route(destination(arn));
    await closeDeal();
    expect(cloud.http.requests().filter((r) => r.purpose.startsWith('api-destination'))).toEqual([]);
    expect(deadLetters()).toHaveLength(1);
  });

  it('can be de-authorized and authorized again with UpdateConnection', async () => {
    apiKeyConnection();
    expect(cloud.events.deauthorizeConnection({ Name: 'invoicing' }).ConnectionState).toBe('DEAUTHORIZING');
    expect(cloud.events.describeConnection({ Name: 'invoicing' })).toMatchObject({ ConnectionState: 'DEAUTHORIZED' });
    expect(cloud.events.describeConnection({ Name: 'invoicing' }).SecretArn).toBeUndefined();
    cloud.events.updateConnection({ Name: 'invoicing', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'new' } } });
    expect(cloud.events.describeConnection({ Name: 'invoicing' }).ConnectionState).toBe('AUTHORIZED');
  });
});

describe('errors in AWS’s words', () => {
  const error = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof AwsServiceError) return `${e.name}: ${e.message}`;
      throw e;
    }
    throw new Error('expected an error');
  };

  it('refuses a connection name twice, a method API destinations do not take, and a rate under 1', () => {
    const arn = apiKeyConnection();
    expect(error(() => apiKeyConnection())).toBe('ResourceAlreadyExistsException: Connection invoicing already exists.');
    expect(error(() => cloud.events.createApiDestination({ Name: 'd', ConnectionArn: arn, InvocationEndpoint: 'https://x.example.com', HttpMethod: 'TRACE' as never, InvocationRateLimitPerSecond: 0 }))).toBe(
      "ValidationException: 2 validation errors detected: Value 'TRACE' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE]; " +
        "Value '0' at 'invocationRateLimitPerSecond' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('needs the parameters of the authorization type it names', () => {
    expect(error(() => cloud.events.createConnection({ Name: 'c', AuthorizationType: 'API_KEY', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } }))).toBe(
      'ValidationException: ApiKeyAuthParameters must be specified for authorization type API_KEY.',
    );
  });

  it('answers ResourceNotFoundException for a connection or destination that does not exist', () => {
    expect(error(() => cloud.events.describeConnection({ Name: 'nope' }))).toMatch(/^ResourceNotFoundException: /);
    expect(error(() => cloud.events.describeApiDestination({ Name: 'nope' }))).toMatch(/^ResourceNotFoundException: /);
  });
});
