// Event bus policies (PutPermission, RemovePermission, DescribeEventBus's Policy) through the real AWS SDK v3
// client, answered in process by the code `npm run bus` runs. The expected policies are the shapes AWS returned in
// LocalStack's AWS-validated snapshots (TestEventBus.test_put_permission and test_remove_permission; see bus-policy.ts).

import {
  CreateEventBusCommand,
  DescribeEventBusCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  PolicyLengthExceededException,
  PutEventsCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemovePermissionCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { beforeEach, describe, expect, it } from 'vitest';
import { Cloud } from '../services/cloud.ts';
import { handleAwsRequest } from '../services/endpoint.ts';
import { localClient } from '../services/local-request-handler.ts';

const COMMERCE = 'arn:aws:events:us-east-1:123456789012:event-bus/commerce';
const WAREHOUSE_ACCOUNT = '111122223333';

let cloud: Cloud;
let client: EventBridgeClient;

beforeEach(async () => {
  cloud = new Cloud();
  let n = 0;
  client = localClient(EventBridgeClient, (request) => handleAwsRequest(cloud, request, `req-${++n}`));
  await client.send(new CreateEventBusCommand({ Name: 'commerce' }));
});

const policyOf = async (bus: string) => {
  const { Policy } = await client.send(new DescribeEventBusCommand({ Name: bus }));
  return Policy === undefined ? undefined : JSON.parse(Policy);
};

/**
 * The error a request fails with, so a test can assert its class or name and its message together. (The SDK has no
 * class for ValidationException, a common error: it arrives as a service error of that name.)
 */
async function failure(command: PutPermissionCommand | RemovePermissionCommand): Promise<Error & { name: string }> {
  try {
    await (command instanceof PutPermissionCommand ? client.send(command) : client.send(command));
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error('the request succeeded');
}

describe('PutPermission with Action, Principal and StatementId', () => {
  it('adds one statement per call, naming the account as its root principal and the bus as the resource', async () => {
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: WAREHOUSE_ACCOUNT, StatementId: 'warehouse' }));
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: '*', StatementId: 'anyone' }));
    expect(await policyOf('commerce')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'warehouse', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${WAREHOUSE_ACCOUNT}:root` }, Action: 'events:PutEvents', Resource: COMMERCE },
        { Sid: 'anyone', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: COMMERCE },
      ],
    });
    // Only the bus it was given: the default bus still has none.
    expect(await policyOf('default')).toBeUndefined();
  });

  it('replaces the statement with the same StatementId where it stands, instead of adding another', async () => {
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: WAREHOUSE_ACCOUNT, StatementId: 'warehouse' }));
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: '444455556666', StatementId: 'billing' }));
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: '777788889999', StatementId: 'warehouse' }));
    const statements = (await policyOf('commerce')).Statement as { Sid: string; Principal: unknown }[];
    expect(statements.map((s) => [s.Sid, s.Principal])).toEqual([
      ['warehouse', { AWS: 'arn:aws:iam::777788889999:root' }],
      ['billing', { AWS: 'arn:aws:iam::444455556666:root' }],
    ]);
  });

  it('turns a Condition into the IAM condition it names, and uses the default bus when no bus is named', async () => {
    await client.send(
      new PutPermissionCommand({ Action: 'events:PutEvents', Principal: '*', StatementId: 'my-org', Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: 'o-1234567890' } }),
    );
    expect((await policyOf('default')).Statement).toEqual([
      {
        Sid: 'my-org',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1234567890' } },
      },
    ]);
  });

  it('refuses a principal, action or statement id outside the API’s constraints, all in one message', async () => {
    const error = await failure(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'PutEvents', Principal: '1111', StatementId: 'warehouse team' }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      "3 validation errors detected: Value 'PutEvents' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: events:[a-zA-Z]+; " +
        "Value '1111' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\d{12}|\\*); " +
        "Value 'warehouse team' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+",
    );
    const long = await failure(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: '*', StatementId: 'x'.repeat(65) }));
    expect(long.message).toBe(`1 validation error detected: Value '${'x'.repeat(65)}' at 'statementId' failed to satisfy constraint: Member must have length less than or equal to 64`);
  });

  it('refuses a request missing the principal, in the simulator’s words', async () => {
    const error = await failure(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', StatementId: 'warehouse' }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Parameter Principal is required when Policy is not given.');
  });
});

describe('PutPermission with a Policy', () => {
  const policy = (resource: string) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'WarehousePublishes',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${WAREHOUSE_ACCOUNT}:root` },
        Action: 'events:PutEvents',
        Resource: resource,
        Condition: { 'ForAllValues:StringEquals': { 'events:source': ['myapp.warehouse'] } },
      },
    ],
  });

  it('replaces every statement the bus had, and DescribeEventBus and ListEventBuses return it', async () => {
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: '*', StatementId: 'anyone' }));
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Policy: JSON.stringify(policy(COMMERCE)) }));
    expect(await policyOf('commerce')).toEqual(policy(COMMERCE));
    const { EventBuses } = await client.send(new ListEventBusesCommand({ NamePrefix: 'commerce' }));
    expect(JSON.parse(EventBuses![0]!.Policy!)).toEqual(policy(COMMERCE));
  });

  it('refuses a statement whose Resource is another bus, as AWS words it', async () => {
    const other = 'arn:aws:events:us-east-1:123456789012:event-bus/orders';
    const error = await failure(new PutPermissionCommand({ EventBusName: 'commerce', Policy: JSON.stringify(policy(other)) }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(`The relative-id "event-bus/orders" is invalid for ARN "${other}"`);
    expect(await policyOf('commerce')).toBeUndefined();
  });

  it('refuses a Policy given together with the legacy parameters, and one that is not JSON', async () => {
    const both = await failure(new PutPermissionCommand({ EventBusName: 'commerce', Policy: JSON.stringify(policy(COMMERCE)), StatementId: 'anyone' }));
    expect(both.message).toBe('Parameter Policy is not valid. Reason: give either Policy or StatementId, not both.');
    const broken = await failure(new PutPermissionCommand({ EventBusName: 'commerce', Policy: '{"Statement": [' }));
    expect(broken.name).toBe('ValidationException');
    expect(broken.message).toBe('Parameter Policy is not valid. Reason: the policy is not valid JSON.');
  });

  it('refuses a policy over 10 KB with PolicyLengthExceededException, keeping the one it had', async () => {
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Policy: JSON.stringify(policy(COMMERCE)) }));
    const sources = Array.from({ length: 700 }, (_, i) => `myapp.team-${i}`);
    const huge = { ...policy(COMMERCE), Statement: [{ ...policy(COMMERCE).Statement[0]!, Condition: { 'ForAllValues:StringEquals': { 'events:source': sources } } }] };
    expect(JSON.stringify(huge).length).toBeGreaterThan(10 * 1024);
    const error = await failure(new PutPermissionCommand({ EventBusName: 'commerce', Policy: JSON.stringify(huge) }));
    expect(error).toBeInstanceOf(PolicyLengthExceededException);
    expect(await policyOf('commerce')).toEqual(policy(COMMERCE));
  });
});

describe('RemovePermission', () => {
  beforeEach(async () => {
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: WAREHOUSE_ACCOUNT, StatementId: 'warehouse' }));
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: '444455556666', StatementId: 'billing' }));
  });

  it('removes one statement by its id, and every statement with RemoveAllPermissions, leaving no Policy', async () => {
    await client.send(new RemovePermissionCommand({ EventBusName: 'commerce', StatementId: 'warehouse' }));
    expect((await policyOf('commerce')).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['billing']);
    await client.send(new RemovePermissionCommand({ EventBusName: 'commerce', RemoveAllPermissions: true }));
    const described = await client.send(new DescribeEventBusCommand({ Name: 'commerce' }));
    expect(described).not.toHaveProperty('Policy');
  });

  it('answers ResourceNotFoundException for a statement id the policy does not have, as AWS words it', async () => {
    for (const bus of ['commerce', 'default']) {
      const error = await failure(new RemovePermissionCommand({ EventBusName: bus, StatementId: 'non-existing-sid' }));
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.message).toBe('Statement with the provided id does not exist.');
    }
  });
});

describe('a bus that does not exist', () => {
  it('is ResourceNotFoundException for PutPermission and RemovePermission, as AWS words it', async () => {
    for (const command of [
      new PutPermissionCommand({ EventBusName: 'no-such-bus', Action: 'events:PutEvents', Principal: '*', StatementId: 'statement-id' }),
      new RemovePermissionCommand({ EventBusName: 'no-such-bus', RemoveAllPermissions: true }),
    ]) {
      const error = await failure(command);
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.message).toBe('Event bus no-such-bus does not exist.');
    }
  });

  it('a partner bus name is refused by the pattern PutPermission allows', async () => {
    const name = 'aws.partner/crm.example.com/123/deals';
    const error = await failure(new PutPermissionCommand({ EventBusName: name, Action: 'events:PutEvents', Principal: '*', StatementId: 'partner' }));
    expect(error.message).toBe(`1 validation error detected: Value '${name}' at 'eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
  });
});

describe('what the policy does not change in the simulator', () => {
  it('the account’s own PutEvents reaches the bus’s rules whatever the policy allows others (the simulator has no other account)', async () => {
    await client.send(new PutPermissionCommand({ EventBusName: 'commerce', Action: 'events:PutEvents', Principal: WAREHOUSE_ACCOUNT, StatementId: 'warehouse' }));
    cloud.sqs.createQueue({ QueueName: 'seen' });
    await client.send(new PutRuleCommand({ Name: 'all', EventBusName: 'commerce', EventPattern: '{"source":["myapp.orders"]}' }));
    await client.send(new PutTargetsCommand({ Rule: 'all', EventBusName: 'commerce', Targets: [{ Id: 'seen', Arn: 'arn:aws:sqs:us-east-1:123456789012:seen' }] }));
    const sent = await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'commerce', Source: 'myapp.orders', DetailType: 'OrderPlaced', Detail: '{}' }] }));
    expect(sent.FailedEntryCount).toBe(0);
    await cloud.clock.runUntilIdle();
    expect(cloud.sqs.peek('seen')).toHaveLength(1);
  });
});
