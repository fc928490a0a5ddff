import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { EventBridgeEvent } from 'aws-lambda';

// Given, not to edit: this lesson is about which events reach this function, not about the function.

interface PackageStatusChanged {
  packageId: string;
  status: string;
  recipient: { name: string; phone?: string; email: string };
}

const sns = new SNSClient({});
const ses = new SESv2Client({});

export const handler = async (event: EventBridgeEvent<'PackageStatusChanged', PackageStatusChanged>) => {
  const { packageId, recipient } = event.detail;
  const text = `Hi ${recipient.name}, your package ${packageId} is out for delivery and arrives today.`;
  if (recipient.phone) {
    // Transactional: a message someone is waiting for, which SNS delivers with the higher reliability.
    await sns.send(
      new PublishCommand({
        PhoneNumber: recipient.phone,
        Message: text,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
  } else {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: process.env.FROM_ADDRESS,
        Destination: { ToAddresses: [recipient.email] },
        Content: { Simple: { Subject: { Data: `Package ${packageId} is out for delivery` }, Body: { Text: { Data: text } } } },
      }),
    );
  }
  console.log(`Told ${recipient.name} that ${packageId} is out for delivery`);
};
