// Connections, API destinations and partner event sources through the real AWS SDK v3 client, answered in
// process by the same code the local endpoint (`npm run bus`) runs.

import {
  ActivateEventSourceCommand,
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DeauthorizeConnectionCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  DescribeEventSourceCommand,
  EventBridgeClient,
  ListApiDestinationsCommand,
  ListConnectionsCommand,
  ListEventSourcesCommand,
  PutEventsCommand,
  PutPartnerEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { beforeEach, describe, expect, it } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { handleAwsRequest } from '../../services/endpoint.ts';
import { localClient } from '../../services/local-request-handler.ts';

let cloud: Cloud;
let client: EventBridgeClient;

beforeEach(() => {
  cloud = new Cloud();
  let n = 0;
  client = localClient(EventBridgeClient, (request) => handleAwsRequest(cloud, request, `req-${++n}`));
});

describe('connections and API destinations over the wire', () => {
  it('creates, describes, lists, updates and deletes them, and a rule calls the destination', async () => {
    const connection = await client.send(
      new CreateConnectionCommand({ Name: 'invoicing', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k-1' } } }),
    );
    expect(connection.ConnectionState).toBe('AUTHORIZED');
    expect(connection.CreationTime).toEqual(new Date(cloud.clock.now()));
    const described = await client.send(new DescribeConnectionCommand({ Name: 'invoicing' }));
    expect(described.AuthParameters).toEqual({ ApiKeyAuthParameters: { ApiKeyName: 'x-api-key' } });
    expect((await client.send(new ListConnectionsCommand({}))).Connections!.map((c) => c.Name)).toEqual(['invoicing']);

    const destination = await client.send(
      new CreateApiDestinationCommand({ Name: 'issue-invoice', ConnectionArn: connection.ConnectionArn, InvocationEndpoint: 'https://invoices.example.com/deals/*', HttpMethod: 'PUT' }),
    );
    expect(destination.ApiDestinationArn).toMatch(/^arn:aws:events:us-east-1:123456789012:api-destination\/issue-invoice\/[0-9a-f-]{36}$/);
    await client.send(new UpdateApiDestinationCommand({ Name: 'issue-invoice', InvocationRateLimitPerSecond: 10 }));
    expect(await client.send(new DescribeApiDestinationCommand({ Name: 'issue-invoice' }))).toMatchObject({ HttpMethod: 'PUT', InvocationRateLimitPerSecond: 10, ApiDestinationState: 'ACTIVE' });
    expect((await client.send(new ListApiDestinationsCommand({ ConnectionArn: connection.ConnectionArn }))).ApiDestinations).toHaveLength(1);

    cloud.http.serve('https://invoices.example.com', () => ({ status: 200 }));
    await client.send(new PutRuleCommand({ Name: 'deal-closed', EventPattern: JSON.stringify({ source: ['crm'] }) }));
    await client.send(
      new PutTargetsCommand({
        Rule: 'deal-closed',
        Targets: [{ Id: 'invoice', Arn: destination.ApiDestinationArn, HttpParameters: { PathParameterValues: ['D-7'], HeaderParameters: { 'X-Kind': 'invoice' }, QueryStringParameters: { dryRun: 'false' } } }],
      }),
    );
    await client.send(new PutEventsCommand({ Entries: [{ Source: 'crm', DetailType: 'DealClosed', Detail: '{"dealId":"D-7"}' }] }));
    await cloud.clock.runUntilIdle();
    const [call] = cloud.http.requests();
    expect(call!.request).toMatchObject({ method: 'PUT', url: 'https://invoices.example.com/deals/D-7?dryRun=false', headers: { 'x-api-key': 'k-1', 'X-Kind': 'invoice' } });

    await client.send(new UpdateConnectionCommand({ Name: 'invoicing', AuthParameters: { ApiKeyAuthParameters: { ApiKeyValue: 'k-2' } } }));
    expect((await client.send(new DeauthorizeConnectionCommand({ Name: 'invoicing' }))).ConnectionState).toBe('DEAUTHORIZING');
    await client.send(new DeleteApiDestinationCommand({ Name: 'issue-invoice' }));
    expect((await client.send(new DeleteConnectionCommand({ Name: 'invoicing' }))).ConnectionState).toBe('DELETING');
    await expect(client.send(new DescribeConnectionCommand({ Name: 'invoicing' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('answers the recorded CreateConnection validation error as the SDK’s ValidationException', async () => {
    const error = await client
      .send(new CreateConnectionCommand({ Name: 'bad name', AuthorizationType: 'INVALID' as never, AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } }))
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('ValidationException');
    expect((error as Error).message).toBe(
      "2 validation errors detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; " +
        "Value 'INVALID' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]",
    );
  });
});

describe('partner event sources over the wire', () => {
  it('lists the offered source, associates a bus, and routes PutPartnerEvents to its rules', async () => {
    const name = 'aws.partner/crm.example.com/1234567/deals';
    cloud.events.partnerSources.offer(name);
    expect((await client.send(new ListEventSourcesCommand({ NamePrefix: 'aws.partner/crm' }))).EventSources!.map((s) => [s.Name, s.State])).toEqual([[name, 'PENDING']]);
    await client.send(new CreateEventBusCommand({ Name: name, EventSourceName: name }));
    await client.send(new ActivateEventSourceCommand({ Name: name }));
    expect((await client.send(new DescribeEventSourceCommand({ Name: name }))).State).toBe('ACTIVE');
    cloud.sqs.createQueue({ QueueName: 'finance' });
    await client.send(new PutRuleCommand({ Name: 'closed', EventBusName: name, EventPattern: JSON.stringify({ source: [name] }) }));
    await client.send(new PutTargetsCommand({ Rule: 'closed', EventBusName: name, Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:123456789012:finance' }] }));
    const put = await client.send(new PutPartnerEventsCommand({ Entries: [{ Source: name, DetailType: 'Deal Closed', Detail: '{"dealId":"D-1"}', Time: new Date(cloud.clock.now()) }] }));
    expect(put.FailedEntryCount).toBe(0);
    await cloud.clock.runUntilIdle();
    expect(JSON.parse(cloud.sqs.peek('finance')[0]!.body)).toMatchObject({ source: name, 'detail-type': 'Deal Closed', detail: { dealId: 'D-1' } });
  });
});
