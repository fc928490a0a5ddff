import { CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { EventBridgeEvent } from 'aws-lambda';

interface TicketOpened {
  ticketId: string;
  priority: string;
  /** When the customer opened the ticket, as an ISO 8601 time in UTC. */
  openedAt: string;
}

interface TicketResolved {
  ticketId: string;
  resolvedAt: string;
}

type TicketEvent = EventBridgeEvent<'TicketOpened', TicketOpened> | EventBridgeEvent<'TicketResolved', TicketResolved>;

const scheduler = new SchedulerClient({});

/** Four hours: the support team's promise. */
const ESCALATE_AFTER_MS = 4 * 60 * 60 * 1000;

/** An at() expression: a date and time without zone or fractions, read in the schedule's time zone. */
const at = (epochMs: number) => `at(${new Date(epochMs).toISOString().slice(0, 19)})`;

export const handler = async (event: TicketEvent) => {
  // Named after the ticket: a repeated TicketOpened cannot make a second schedule, and the resolution finds it.
  const name = `escalate-${event.detail.ticketId}`;
  const group = process.env.SCHEDULE_GROUP;

  if (event['detail-type'] === 'TicketOpened') {
    try {
      await scheduler.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: group,
          // From when the ticket opened, not from when this event arrived: a late event must not buy more time.
          ScheduleExpression: at(Date.parse(event.detail.openedAt) + ESCALATE_AFTER_MS),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: process.env.ESCALATE_FUNCTION_ARN,
            RoleArn: process.env.SCHEDULER_ROLE_ARN,
            Input: JSON.stringify({ ticketId: event.detail.ticketId }),
          },
        }),
      );
      console.log(`Ticket ${event.detail.ticketId} escalates at ${new Date(Date.parse(event.detail.openedAt) + ESCALATE_AFTER_MS).toISOString()} unless resolved`);
    } catch (error) {
      // Logged, so nothing is lost without a trace... but the invocation succeeds and nobody retries it.
      console.error(`Could not schedule the escalation of ${event.detail.ticketId}`, error);
    }
    return;
  }

  try {
    await scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: group }));
    console.log(`Ticket ${event.detail.ticketId} resolved in time: escalation cancelled`);
  } catch (error) {
    // DELETE after completion removed it once it ran: a late resolution has nothing to cancel.
    if (error instanceof ResourceNotFoundException) return;
    throw error;
  }
};
