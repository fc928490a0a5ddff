// Partner event sources from the customer's side: a source offered by a SaaS partner, the partner event bus
// that receives its events, and what happens to events while the source is not ACTIVE.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-saas.html

import { beforeEach, describe, expect, it } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { AwsServiceError } from '../errors.ts';

const SOURCE = 'aws.partner/crm.example.com/1234567/deals';
let cloud: Cloud;

beforeEach(() => {
  cloud = new Cloud();
  cloud.sqs.createQueue({ QueueName: 'finance' });
});

const queueArn = 'arn:aws:sqs:us-east-1:123456789012:finance';

async function partnerSends(detailType = 'Deal Closed'): Promise<ReturnType<Cloud['events']['putPartnerEvents']>> {
  const answer = cloud.events.putPartnerEvents({ Entries: [{ Source: SOURCE, DetailType: detailType, Detail: JSON.stringify({ dealId: 'D-42', amount: 1200 }) }] });
  await cloud.clock.runUntilIdle();
  return answer;
}

function partnerBusWithRule(): void {
  cloud.events.createEventBus({ Name: SOURCE, EventSourceName: SOURCE });
  cloud.events.putRule({ Name: 'deal-closed', EventBusName: SOURCE, EventPattern: JSON.stringify({ source: [SOURCE], 'detail-type': ['Deal Closed'] }) });
  cloud.events.putTargets({ Rule: 'deal-closed', EventBusName: SOURCE, Targets: [{ Id: 'finance', Arn: queueArn }] });
}

const error = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsServiceError) return `${e.name}: ${e.message}`;
    throw e;
  }
  throw new Error('expected an error');
};

describe('partner event sources', () => {
  it('lists an offered source as PENDING, with its partner and expiry, until the account creates its bus', () => {
    cloud.events.partnerSources.offer(SOURCE);
    expect(cloud.events.listEventSources().EventSources).toEqual([
      {
        Arn: `arn:aws:events:us-east-1::event-source/${SOURCE}`,
        CreatedBy: 'crm.example.com',
        CreationTime: new Date(cloud.clock.now()),
        ExpirationTime: new Date(cloud.clock.now() + 14 * 86_400_000),
        Name: SOURCE,
        State: 'PENDING',
      },
    ]);
    cloud.events.createEventBus({ Name: SOURCE, EventSourceName: SOURCE });
    expect(cloud.events.describeEventSource({ Name: SOURCE }).State).toBe('ACTIVE');
  });

  it('delivers the partner’s events to the partner bus with source = the event source name and the account’s own id', async () => {
    cloud.events.partnerSources.offer(SOURCE);
    partnerBusWithRule();
    const answer = await partnerSends();
    expect(answer.FailedEntryCount).toBe(0);
    const [message] = cloud.sqs.peek('finance');
    const event = JSON.parse(message!.body);
    expect(event).toMatchObject({ version: '0', id: answer.Entries![0]!.EventId, 'detail-type': 'Deal Closed', source: SOURCE, account: '123456789012', region: 'us-east-1', resources: [], detail: { dealId: 'D-42', amount: 1200 } });
  });

  it('drops events while the source is deactivated, and delivers again once activated', async () => {
    cloud.events.partnerSources.offer(SOURCE);
    partnerBusWithRule();
    cloud.events.deactivateEventSource({ Name: SOURCE });
    expect(cloud.events.describeEventSource({ Name: SOURCE }).State).toBe('PENDING');
    await partnerSends();
    expect(cloud.sqs.peek('finance')).toEqual([]);
    cloud.events.activateEventSource({ Name: SOURCE });
    await partnerSends();
    expect(cloud.sqs.peek('finance')).toHaveLength(1);
  });

  it('drops events of a source with no partner bus', async () => {
    cloud.events.partnerSources.offer(SOURCE);
    expect((await partnerSends()).FailedEntryCount).toBe(0);
    expect(cloud.events.trace!.journeys()).toEqual([]);
  });

  it('refuses events for a source the partner never created', () => {
    expect(cloud.events.putPartnerEvents({ Entries: [{ Source: SOURCE, DetailType: 'x', Detail: '{}' }] }).Entries).toEqual([
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
    ]);
  });
});

describe('partner event buses', () => {
  it('refuses an aws. bus name without EventSourceName, in AWS’s words', () => {
    // https://github.com/hashicorp/terraform-provider-aws/issues/35065
    expect(error(() => cloud.events.createEventBus({ Name: SOURCE }))).toBe("ValidationException: EventBus name starting with 'aws.' is not valid.");
  });

  it('refuses a bus for a source that does not exist, or named differently from its source', () => {
    expect(error(() => cloud.events.createEventBus({ Name: SOURCE, EventSourceName: SOURCE }))).toBe(`ResourceNotFoundException: Event source ${SOURCE} does not exist.`);
    cloud.events.partnerSources.offer(SOURCE);
    expect(error(() => cloud.events.createEventBus({ Name: 'deals', EventSourceName: SOURCE }))).toMatch(/^ValidationException: /);
  });

  it('answers ActivateEventSource for a source without a bus as AWS does', () => {
    // https://github.com/aws/aws-sdk-js-v3/issues/4788
    cloud.events.partnerSources.offer(SOURCE);
    expect(error(() => cloud.events.activateEventSource({ Name: SOURCE }))).toBe(`ResourceNotFoundException: Event source ${SOURCE} or event bus ${SOURCE} does not exist.`);
  });

  it('goes back to PENDING when its bus is deleted', () => {
    cloud.events.partnerSources.offer(SOURCE);
    cloud.events.createEventBus({ Name: SOURCE, EventSourceName: SOURCE });
    cloud.events.deleteEventBus({ Name: SOURCE });
    expect(cloud.events.describeEventSource({ Name: SOURCE }).State).toBe('PENDING');
  });
});
