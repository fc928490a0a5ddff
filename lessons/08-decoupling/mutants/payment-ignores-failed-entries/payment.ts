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
  // Charged once, whatever happens: a second delivery of the same OrderPlaced finds the order charged.
  const chargedNow = await charge(orderId, amount, currency);
  if (!chargedNow) console.log(`Order ${orderId} was charged already`);
  // Announced every time, though. If an earlier attempt charged the order and then failed to publish, this retry is
  // the only chance left to tell shipping; and shipping books an order once, however often it hears of it.
  await events.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: process.env.BUS_NAME, Source: 'myapp.payments', DetailType: 'PaymentConfirmed', Detail: JSON.stringify({ orderId, amount, currency, address }) }],
    }),
  );
  console.log(`Payment of ${orderId} confirmed`);
};
