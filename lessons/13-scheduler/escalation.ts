import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
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

export const handler = async (event: TicketEvent) => {
  const name = `escalate-${event.detail.ticketId}`;

  // TODO: on TicketOpened, create the schedule `name` with CreateScheduleCommand:
  //       - GroupName: the group in SCHEDULE_GROUP;
  //       - ScheduleExpression: at(yyyy-mm-ddThh:mm:ss), four hours after openedAt (UTC, no fractions, no "Z"),
  //         with ScheduleExpressionTimezone 'UTC';
  //       - FlexibleTimeWindow { Mode: 'OFF' }, and ActionAfterCompletion 'DELETE' so that it removes itself;
  //       - Target: { Arn: ESCALATE_FUNCTION_ARN, RoleArn: SCHEDULER_ROLE_ARN, Input: '{"ticketId": …}' }.
  //       A ConflictException means the ticket is scheduled already (a repeated TicketOpened): return normally.

  // TODO: on TicketResolved, delete the schedule `name` (DeleteScheduleCommand, in the same group). A
  //       ResourceNotFoundException means it has run (or never existed): there is nothing to cancel.
};
