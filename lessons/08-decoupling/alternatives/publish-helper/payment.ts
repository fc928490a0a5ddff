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

/** Puts one event from the payment service on the commerce bus, or throws. */
async function announce(detailType: string, detail: object): Promise<void> {
  const answer = await events.send(
    new PutEventsCommand({ Entries: [{ EventBusName: process.env.BUS_NAME, Source: 'myapp.payments', DetailType: detailType, Detail: JSON.stringify(detail) }] }),
  );
  const refused = answer.Entries?.find((entry) => entry.ErrorCode);
  if (answer.FailedEntryCount || refused) throw new Error(`${detailType} was refused: ${refused?.ErrorCode}: ${refused?.ErrorMessage}`);
}

export const handler = async ({ detail }: EventBridgeEvent<'OrderPlaced', OrderPlaced>) => {
  const charged = await charge(detail.orderId, detail.amount, detail.currency);
  console.log(charged ? `Charged ${detail.orderId}` : `${detail.orderId} had been charged before`);
  await announce('PaymentConfirmed', { orderId: detail.orderId, amount: detail.amount, currency: detail.currency, address: detail.address });
};
