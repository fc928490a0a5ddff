import { EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';

const events = new EventBridgeClient({});

/** Run by hand with the window to replay: { "from": "2026-11-22T08:00:00Z", "to": "2026-11-22T09:00:00Z" }. */
export const handler = async (input: { from: string; to: string }, context: Context) => {
  // The ARNs as the workbench shows them.
  const archive = { ArchiveArn: 'arn:aws:events:us-east-1:123456789012:archive/orders-archive', EventSourceArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' };
  const rule = { Arn: 'arn:aws:events:us-east-1:123456789012:rule/award-points' };
  // A replay's name is unique in the account and Region, for good: name each run after its own request id.
  const replayName = `points-${context.awsRequestId}`;
  await events.send(
    new StartReplayCommand({
      ReplayName: replayName,
      EventSourceArn: archive.ArchiveArn,
      EventStartTime: new Date(input.from),
      EventEndTime: new Date(input.to),
      // Back to the bus the archive keeps, and to this one rule only: receipts and every other rule stay quiet.
      Destination: { Arn: archive.EventSourceArn, FilterArns: [rule.Arn!] },
    }),
  );
  console.log(`Started replay ${replayName} of ${input.from} to ${input.to}`);
  return replayName;
};
