import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { EventBridgeEvent } from 'aws-lambda';

const sqs = new SQSClient({});
const events = new EventBridgeClient({});

type DeadEvent = EventBridgeEvent<string, unknown>;

/**
 * The event a dead letter holds. EventBridge's dead-letter queue keeps the event itself (and says why in the
 * message's attributes); Lambda's on-failure record wraps it, with the function's error, as `requestPayload`.
 */
function eventIn(body: string): DeadEvent {
  const message = JSON.parse(body) as DeadEvent | { requestPayload: DeadEvent };
  return 'requestPayload' in message ? message.requestPayload : message;
}

/** Puts every dead letter of one queue back on the bus; deletes each only once its event was accepted. */
async function redrive(queueName: string): Promise<{ redriven: number; kept: number }> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  let redriven = 0;
  let kept = 0;
  for (;;) {
    // Received messages stay hidden for a minute: a second run at the same time gets other messages, and one this
    // run keeps does not come back to it in this loop.
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    if (Messages.length === 0) return { redriven, kept };
    const dead = Messages.map((message) => eventIn(message.Body ?? '{}'));
    const { Entries = [] } = await events.send(
      new PutEventsCommand({
        Entries: dead.map((event) => ({
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
          Resources: event.resources,
          // When it happened, not when it was redriven: consumers that order or date by it stay right.
          Time: event.time as unknown as Date,
        })),
      }),
    );
    // PutEvents answers 200 even when it refuses some entries: each entry says for itself.
    for (const [i, message] of Messages.entries()) {
      if (Entries[i]?.EventId) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
        redriven++;
      } else {
        console.warn(`Kept ${dead[i]?.['detail-type']} ${dead[i]?.id}: ${Entries[i]?.ErrorCode} ${Entries[i]?.ErrorMessage}`);
        kept++;
      }
    }
  }
}

// Run by hand (Run, or `aws lambda invoke`) once the fault that filled the queues is fixed.
export const handler = async () => {
  const fromEventBridge = await redrive(process.env.DLQ_NAME!);
  const fromLambda = await redrive(process.env.FAILURES_NAME!);
  const result = { redriven: fromEventBridge.redriven + fromLambda.redriven, kept: fromEventBridge.kept + fromLambda.kept };
  console.log(`Redrove ${result.redriven} events, kept ${result.kept}`);
  return result;
};
