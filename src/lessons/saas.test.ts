// A lesson with SaaS resources, built and checked end to end: a CRM partner's event arrives on its partner bus, a
// rule sends it to an API destination, and the invoicing service, a lesson file run in the sandbox, answers.

import { describe, expect, it } from 'vitest';
import { nodeHost } from '../lambda/host/node-host.ts';
import { defineArchitecture, type LessonArchitecture } from './architecture.ts';
import { buildLesson, LessonFileError } from './build.ts';
import { defineChecks, runCheck, type Check } from './checks.ts';

const CRM = 'aws.partner/crm.example.com/1234567890/deals';
const INVOICES = 'https://invoices.example.com';

const architecture = defineArchitecture({
  partnerSources: [{ name: CRM }],
  partnerBuses: [CRM],
  queues: [{ name: 'invoices-dlq' }, { name: 'own-events' }],
  connections: [
    {
      name: 'invoicing',
      authorization: { apiKey: { name: 'x-api-key', value: 'test-key-123' } },
      invocationHttpParameters: { headerParameters: { 'X-Tenant': 'acme' }, queryStringParameters: { source: 'eventbridge' } },
    },
  ],
  apiDestinations: [{ name: 'issue-invoice', connection: 'invoicing', endpoint: `${INVOICES}/deals/*/invoices`, method: 'POST', rateLimitPerSecond: 10 }],
  httpEndpoints: [{ origin: INVOICES, handler: 'invoicing-api.respond' }],
  rules: [
    {
      name: 'closed-deals',
      bus: CRM,
      eventPattern: { source: [CRM], 'detail-type': ['Deal Closed'] },
      targets: [
        {
          id: 'invoice',
          to: { apiDestination: 'issue-invoice' },
          httpParameters: { pathParameterValues: ['D-42'], headerParameters: { 'X-Kind': 'invoice' }, queryStringParameters: { currency: 'EUR' } },
          inputTransformer: { inputPathsMap: { deal: '$.detail.dealId', amount: '$.detail.amount' }, inputTemplate: '{"deal": <deal>, "total": <amount>}' },
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
          deadLetterQueue: 'invoices-dlq',
        },
      ],
    },
    { name: 'own', eventPattern: { source: ['myapp.shop'] }, targets: [{ id: 'own', to: { queue: 'own-events' } }] },
  ],
  sampleEvents: [
    { name: 'Deal closed', entry: { Source: CRM, DetailType: 'Deal Closed', Detail: { dealId: 'D-42', amount: 1200 } } },
    { name: 'Shop order', entry: { Source: 'myapp.shop', DetailType: 'OrderPlaced', Detail: { orderId: 'o-1' } } },
  ],
});

const files = {
  'invoicing-api.ts': `import type { HttpResponder } from '../../src/lessons/http-endpoint.ts';

// The invoicing service: issues an invoice for each call that carries its API key.
let issued = 0;
export const respond: HttpResponder = (request) => {
  if (request.headers['x-api-key'] !== 'test-key-123') return { status: 401 };
  issued++;
  console.log('issued', request.path);
  return { status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invoice: 'INV-' + issued, for: JSON.parse(request.body).deal }) };
};

export const broken = () => {
  throw new Error('the ledger is locked');
};
`,
};

/** Runs one check against the architecture and files; the check's result. */
async function check(run: Check['run'], given: { architecture?: LessonArchitecture; files?: Record<string, string> } = {}) {
  const checks = defineChecks({ hints: {}, checks: [{ name: 'the check', run }] });
  return runCheck({ architecture: given.architecture ?? architecture, checks, files: given.files ?? files }, checks.checks[0]!, nodeHost);
}

describe('a lesson with a partner source, an API destination and an HTTP endpoint', () => {
  it('delivers a partner sample through its partner bus to the API destination, answered by the lesson’s responder', async () => {
    const result = await check(async (t) => {
      const { FailedEntryCount, Entries } = await t.send(t.sample('Deal closed'), t.sample('Shop order'));
      t.expect(FailedEntryCount, 'the entries refused').toBe(0);
      t.expect(Entries!.every((e) => e.EventId), 'every entry has an event id').toBe(true);
      const [call, ...more] = t.httpRequests(INVOICES);
      t.expect(more.length, 'further calls').toBe(0);
      t.expect(call!.request.method, 'the method').toBe('POST');
      t.expect(call!.request.url, 'the URL').toBe(`${INVOICES}/deals/D-42/invoices?currency=EUR&source=eventbridge`);
      t.expect(call!.request.headers['x-api-key'], 'the API key header').toBe('test-key-123');
      t.expect(call!.request.headers['X-Tenant'], 'the connection’s header').toBe('acme');
      t.expect(call!.request.headers['X-Kind'], 'the target’s header').toBe('invoice');
      t.expect(JSON.parse(call!.request.body), 'the body').toEqual({ deal: 'D-42', total: 1200 });
      t.expect(call!.response, 'the answer').toEqual({ status: 201, headers: { 'content-type': 'application/json' }, body: '{"invoice":"INV-1","for":"D-42"}' });
      t.expect(t.endpointPrinted(INVOICES), 'what the endpoint printed').toEqual(['issued /deals/D-42/invoices']);
      // The shop's own event went through PutEvents to the default bus.
      t.expect(t.queue('own-events').length, 'own events on the default bus').toBe(1);
      t.expect(t.queue('invoices-dlq'), 'the dead letters').toEqual([]);
    });
    expect(result).toEqual({ name: 'the check', status: 'pass' });
  }, 30_000);

  it('lets a check replace the responder, and the event is retried and dead-lettered', async () => {
    const result = await check(async (t) => {
      t.cloud.http.serve(INVOICES, () => ({ status: 503 }));
      await t.send(t.sample('Deal closed'));
      t.expect(t.httpRequests().map((r) => r.response?.status), 'the answers').toEqual([503, 503, 503]);
      const [dead] = t.cloud.sqs.peek('invoices-dlq');
      t.expect(dead?.attributes.RETRY_ATTEMPTS, 'the retries the DLQ message records').toBe('2');
    });
    expect(result).toEqual({ name: 'the check', status: 'pass' });
  }, 30_000);

  it('reports a responder that throws as a dropped connection, at the lesson file’s line', async () => {
    const failing = structuredClone(architecture);
    failing.httpEndpoints = [{ origin: INVOICES, handler: 'invoicing-api.broken' }];
    const result = await check(
      async (t) => {
        await t.send(t.sample('Deal closed'));
        t.fail(t.httpRequests()[0]!.failure!.message);
      },
      { architecture: failing },
    );
    expect(result.message).toBe('invoices.example.com closed the connection: the responder invoicing-api.broken failed: Error: the ledger is locked (broken (invoicing-api.ts:13:9))');
  }, 30_000);

  it('drops a partner event while its source has no partner bus, as AWS does', async () => {
    const result = await check(
      async (t) => {
        const { FailedEntryCount } = await t.send(t.sample('Deal closed'));
        t.expect(FailedEntryCount, 'the entries refused').toBe(0);
        t.expect(t.httpRequests().length, 'the calls made').toBe(0);
      },
      { architecture: { ...architecture, partnerBuses: [], rules: architecture.rules!.slice(1) } },
    );
    expect(result.status).toBe('pass');
  });

  it('refuses an endpoint whose file the lesson does not have, naming it', () => {
    expect(() => buildLesson(architecture, {}, nodeHost)).toThrow(LessonFileError);
    expect(() => buildLesson(architecture, {}, nodeHost)).toThrow(
      'architecture.ts: the HTTP endpoint https://invoices.example.com is answered by "invoicing-api.respond", but the lesson has no file invoicing-api.ts (or .js) to load it from.',
    );
  });

  it('creates the connection and the destination as the architecture says, without starting the endpoint', () => {
    const world = buildLesson(architecture, files, nodeHost);
    try {
      const { events } = world.cloud;
      expect(events.describeConnection({ Name: 'invoicing' })).toMatchObject({ AuthorizationType: 'API_KEY', ConnectionState: 'AUTHORIZED' });
      expect(events.describeApiDestination({ Name: 'issue-invoice' })).toMatchObject({ HttpMethod: 'POST', InvocationRateLimitPerSecond: 10, InvocationEndpoint: `${INVOICES}/deals/*/invoices` });
      expect(world.arn({ apiDestination: 'issue-invoice' })).toBe(events.describeApiDestination({ Name: 'issue-invoice' }).ApiDestinationArn);
      expect(events.describeEventSource({ Name: CRM }).State).toBe('ACTIVE');
      expect(events.listTargetsByRule({ Rule: 'closed-deals', EventBusName: CRM }).Targets![0]!.HttpParameters).toEqual({
        PathParameterValues: ['D-42'],
        HeaderParameters: { 'X-Kind': 'invoice' },
        QueryStringParameters: { currency: 'EUR' },
      });
    } finally {
      world.dispose();
    }
  });
});
