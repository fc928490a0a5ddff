import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const events = new EventBridgeClient({});

// Run by hand (Run, or `aws lambda invoke`) once the fault that filled the queues is fixed.
export const handler = async () => {
  // TODO: for each of the two queues (named in DLQ_NAME and FAILURES_NAME), find its URL with GetQueueUrlCommand,
  //       then receive its messages, ten at a time, until it has none left to give.
  // TODO: find the original event in each message. EventBridge's dead-letter queue holds the event itself; Lambda's
  //       on-failure record holds it in `requestPayload`.
  // TODO: put each event back on the bus with PutEventsCommand: its source, detail-type, detail and the time it
  //       happened.
  // TODO: delete a message only when its event was accepted (the entry has an EventId), so that nothing is lost and
  //       nothing is sent twice; keep the others for the next run.
  return { redriven: 0, kept: 0 };
};
