import type { EventBridgeEvent } from 'aws-lambda';
import { bookShipment } from './carrier-api.ts';

// Given, not to edit: the shipping service books the carrier for every paid order.

interface PaymentConfirmed {
  orderId: string;
  address: { country: string; postcode: string };
}

export const handler = async (event: EventBridgeEvent<'PaymentConfirmed', PaymentConfirmed>) => {
  await bookShipment(event.detail.orderId, event.detail.address);
  console.log(`Shipment booked for ${event.detail.orderId}`);
};
