import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { charge } from './payments-api.ts';

interface OrderPlaced {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  address: { country: string; postcode: string };
}

const events = new EventBridgeClient({});

export const handler = async (event: EventBridgeEvent<'OrderPlaced', OrderPlaced>) => {
  const { orderId, amount, currency, address } = event.detail;
  // Tell shipping first, so the parcel leaves sooner; the charge follows.
  const { FailedEntryCount, Entries } = await events.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: process.env.BUS_NAME, Source: 'myapp.payments', DetailType: 'PaymentConfirmed', Detail: JSON.stringify({ orderId, amount, currency, address }) }],
    }),
  );
  if (FailedEntryCount) throw new Error(`PaymentConfirmed for ${orderId} was not published: ${Entries?.[0]?.ErrorCode} ${Entries?.[0]?.ErrorMessage}`);
  await charge(orderId, amount, currency);
  console.log(`Payment of ${orderId} confirmed`);
};
