import { DescribeArchiveCommand, DescribeRuleCommand, EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';

const events = new EventBridgeClient({});

/** Run by hand with the window to replay: { "from": "2026-11-22T08:00:00Z", "to": "2026-11-22T09:00:00Z" }. */
export const handler = async (input: { from: string; to: string }, context: Context) => {
  // TODO: find the archive named in ARCHIVE_NAME (DescribeArchiveCommand: its ArchiveArn, and the bus it archives,
  //       EventSourceArn) and the rule named in RULE_NAME (DescribeRuleCommand: its Arn).
  // TODO: StartReplayCommand: a ReplayName unique to this run (a replay's name cannot be used twice), the archive
  //       as EventSourceArn, the window as EventStartTime and EventEndTime, and a Destination of the archive's bus
  //       with FilterArns naming only the points rule, so that no other rule sees the orders again.
  // TODO: return the replay's name.
  return undefined;
};
