import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

// Given, not to edit: what happens when a ticket's four hours are up. EventBridge Scheduler invokes this function
// with the schedule's Input, { "ticketId": "…" }; it records the escalation once per ticket (a second invocation
// for the same ticket, as Scheduler's retries can make, changes nothing) and pages the team lead.

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (input: { ticketId?: string }) => {
  if (!input?.ticketId) throw new Error(`Expected { "ticketId": "…" } as the schedule's Input, but got ${JSON.stringify(input)}`);
  try {
    await db.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: { ticketId: input.ticketId, escalatedAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(ticketId)',
      }),
    );
    console.log(`Escalated ticket ${input.ticketId} to the team lead`);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
};
