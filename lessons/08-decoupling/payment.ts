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
  // TODO: charge the order with `charge(orderId, amount, currency)`. It charges an order once, and returns false
  //       when the order had been charged already (this OrderPlaced arrived twice, or an earlier attempt failed
  //       after charging).
  // TODO: then announce PaymentConfirmed on the bus in process.env.BUS_NAME, from source myapp.payments, with the
  //       orderId, the amount and the address shipping needs. Let any error fail the invocation, so that Lambda
  //       retries it, and fail it too when PutEvents refused the entry (the answer's FailedEntryCount): what should
  //       a retry announce if the charge had already gone through?
};
