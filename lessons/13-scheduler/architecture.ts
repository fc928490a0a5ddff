import { defineArchitecture } from '../../src/lessons/architecture.ts';

// A support ticket still open four hours after it was opened is escalated to the team lead. The support system
// publishes TicketOpened and TicketResolved; the learner's schedule-escalation function gives each ticket a one-time
// EventBridge Scheduler schedule when it opens and deletes it when it is resolved in time. When a schedule comes
// due, Scheduler invokes escalate-ticket (given), with the group's execution role. A recurring schedule sends the
// team a digest every weekday morning, Berlin time.
export default defineArchitecture({
  tables: [{ name: 'escalations', partitionKey: { name: 'ticketId', type: 'S' } }],
  functions: [
    {
      name: 'schedule-escalation',
      handler: 'escalation.handler',
      description: 'Creates a ticket’s escalation schedule when it opens, and deletes it when the ticket is resolved.',
      environment: {
        SCHEDULE_GROUP: 'ticket-escalations',
        ESCALATE_FUNCTION_ARN: { arn: { function: 'escalate-ticket' } },
        SCHEDULER_ROLE_ARN: { arn: { schedulerRole: 'ticket-escalations' } },
      },
      timeout: 10,
    },
    {
      name: 'escalate-ticket',
      handler: 'escalate.handler',
      description: 'Records the escalation and pages the team lead (run by Scheduler).',
      environment: { TABLE_NAME: 'escalations' },
      timeout: 10,
    },
  ],
  scheduleGroups: [
    // Schedules that schedule-escalation creates run with this group's role, which may invoke escalate-ticket only.
    { name: 'ticket-escalations', role: { targets: [{ function: 'escalate-ticket' }] } },
  ],
  schedules: [
    {
      name: 'weekday-digest',
      description: 'The support digest, at nine on weekday mornings in Berlin, summer and winter.',
      expression: 'cron(0 9 ? * MON-FRI *)',
      timezone: 'Europe/Berlin',
      target: { to: { function: 'escalate-ticket' }, input: { ticketId: 'DIGEST' } },
    },
  ],
  rules: [
    {
      name: 'ticket-lifecycle',
      description: 'Tickets opened and resolved, to the escalation scheduler.',
      eventPattern: { source: ['myapp.support'], 'detail-type': ['TicketOpened', 'TicketResolved'] },
      targets: [{ id: 'schedule-escalation', to: { function: 'schedule-escalation' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'TicketOpened',
      description: 'A customer cannot log in.',
      entry: { Source: 'myapp.support', DetailType: 'TicketOpened', Detail: { ticketId: 'T-1042', priority: 'HIGH', openedAt: '2026-11-22T09:00:00Z' } },
    },
    {
      name: 'TicketResolved',
      description: 'Support answered and closed the ticket.',
      entry: { Source: 'myapp.support', DetailType: 'TicketResolved', Detail: { ticketId: 'T-1042', resolvedAt: '2026-11-22T10:30:00Z' } },
    },
  ],
  failureSwitches: [{ label: 'Deliver each event to schedule-escalation twice', target: { function: 'schedule-escalation' }, mode: 'duplicate' }],
});
