import { describe, expect, it } from 'vitest';
import { defineArchitecture, type LessonArchitecture } from './architecture.ts';
import { checkArchitecture, referenceProblems } from './references.ts';

const FILE = 'lessons/04-fan-out/architecture.ts';

/** What checkArchitecture says about `architecture`, as a lesson author reads it. */
function problem(architecture: unknown): string {
  try {
    checkArchitecture(architecture, FILE);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the architecture was accepted');
}

const lesson = defineArchitecture({
  queues: [{ name: 'inbox' }],
  functions: [{ name: 'welcome', handler: 'handler.handler', environment: { FROM_ADDRESS: 'a@b.example' } }],
  rules: [{ name: 'signups', eventPattern: { source: ['myapp.users'] }, targets: [{ id: 'welcome', to: { function: 'welcome' } }] }],
  sampleEvents: [{ name: 'UserSignedUp', entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '1' } } }],
});
/** `lesson` with one part replaced: JSON round trip, so the test can put wrong keys where types would refuse them. */
const edited = (edit: (a: any) => void): unknown => {
  const copy = structuredClone(lesson) as any;
  edit(copy);
  return copy;
};

describe('the shape an architecture must have', () => {
  it('accepts a correct architecture, and returns it as given', () => {
    expect(checkArchitecture(lesson, FILE)).toBe(lesson);
  });

  it('names a misspelt key, where it is, and the key that was meant', () => {
    expect(problem(edited((a) => (a.functions[0].enviroment = a.functions[0].environment)))).toBe(
      'lessons/04-fan-out/architecture.ts: functions[0] ("welcome") has an unknown key "enviroment" (did you mean "environment"?).',
    );
    expect(problem(edited((a) => (a.queus = [])))).toBe('lessons/04-fan-out/architecture.ts: has an unknown key "queus" (did you mean "queues"?).');
    expect(problem(edited((a) => (a.sampleEvents[0].entry.detail = {})))).toBe(
      'lessons/04-fan-out/architecture.ts: sampleEvents[0] ("UserSignedUp").entry has an unknown key "detail" (did you mean "Detail"?).',
    );
  });

  it('names the misspelling rather than the required key it leaves missing', () => {
    expect(problem(edited((a) => ((a.queues[0].nmae = 'inbox'), delete a.queues[0].name)))).toBe(
      'lessons/04-fan-out/architecture.ts: queues[0] has an unknown key "nmae" (did you mean "name"?).',
    );
  });

  it('names a missing key, a wrong type and a value that is not one of the choices', () => {
    expect(problem(edited((a) => delete a.sampleEvents))).toBe('lessons/04-fan-out/architecture.ts: has no "sampleEvents".');
    expect(problem(edited((a) => (a.functions[0].timeout = '10')))).toBe('lessons/04-fan-out/architecture.ts: functions[0] ("welcome").timeout: must be a number, not the string "10".');
    expect(problem(edited((a) => (a.rules[0].state = 'ENABLE')))).toBe(
      'lessons/04-fan-out/architecture.ts: rules[0] ("signups").state: "ENABLE" is not one of "ENABLED", "DISABLED" (did you mean "ENABLED"?).',
    );
  });

  it('says which resources a target may name when it names none of them', () => {
    expect(problem(edited((a) => (a.rules[0].targets[0].to = { fucntion: 'welcome' })))).toBe(
      'lessons/04-fan-out/architecture.ts: rules[0] ("signups").targets[0] ("welcome").to: must name one resource, as { queue: "…" }, { topic: "…" }, { bus: "…" }, { function: "…" }, { logGroup: "…" } or { apiDestination: "…" } (did you mean "function"?).',
    );
  });

  it('reads an inline input transformer, or a file, by what it plainly is', () => {
    expect(problem(edited((a) => (a.rules[0].targets[0].inputTransformer = { inputPathMap: {}, inputTemplate: '"x"' })))).toBe(
      'lessons/04-fan-out/architecture.ts: rules[0] ("signups").targets[0] ("welcome").inputTransformer has an unknown key "inputPathMap" (did you mean "inputPathsMap"?).',
    );
    expect(problem(edited((a) => (a.alarms = { file: 7 })))).toBe('lessons/04-fan-out/architecture.ts: alarms.file: must be a string, not number 7.');
  });

  it("takes a pipe's batch size, batching window and retries as whole numbers", () => {
    const withPipe = (source: Record<string, unknown>) =>
      edited((a) => {
        a.tables = [{ name: 'orders', partitionKey: { name: 'orderId', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' }];
        a.pipes = [{ name: 'outbox', source: { table: 'orders', ...source }, target: { bus: 'default' } }];
      });
    const whole = withPipe({ batchSize: 10, maximumBatchingWindowInSeconds: 1, maximumRetryAttempts: -1 });
    expect(checkArchitecture(whole, FILE)).toBe(whole);
    for (const key of ['batchSize', 'maximumBatchingWindowInSeconds', 'maximumRetryAttempts']) {
      expect(problem(withPipe({ [key]: 1.5 }))).toBe(`lessons/04-fan-out/architecture.ts: pipes[0] ("outbox").source.${key}: must be a whole number, not number 1.5.`);
    }
  });
});

describe('names an architecture uses for its own resources', () => {
  it('finds none wrong in a consistent architecture', () => {
    const architecture = defineArchitecture({
      queues: [{ name: 'inbox' }, { name: 'dlq' }],
      topics: [{ name: 'oncall', subscriptions: [{ protocol: 'sqs', endpoint: 'inbox' }] }],
      functions: [{ name: 'welcome', handler: 'handler.handler', onFailure: { queue: 'dlq' } }],
      rules: [{ name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 'w', to: { function: 'welcome' }, deadLetterQueue: 'dlq' }] }],
      alarms: [{ name: 'a', namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum', period: 60, evaluationPeriods: 1, threshold: 0, comparisonOperator: 'GreaterThanThreshold', alarmActions: [{ topic: 'oncall' }] }],
      sampleEvents: [],
    });
    expect(referenceProblems(architecture)).toEqual([]);
  });

  it('names an archive of an undeclared bus, and two archives of one name', () => {
    const architecture = defineArchitecture({
      buses: ['orders'],
      archives: [{ name: 'all-orders', bus: 'order' }, { name: 'all-orders', retentionDays: 7 }],
      sampleEvents: [],
    });
    expect(referenceProblems(architecture)).toEqual([
      'The archive all-orders names the bus "order", but the architecture declares no bus of that name (it has "default", "orders").',
      'Two archives are called all-orders: an archive\'s name is unique in the account.',
    ]);
  });

  it('names the resource and the undeclared name, with the names it has', () => {
    const architecture = defineArchitecture({
      queues: [{ name: 'inbox' }],
      functions: [{ name: 'welcome', handler: 'handler.handler', onFailure: { queue: 'welcome-failures' } }],
      rules: [{ name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 'audit', to: { function: 'audit' } }] }],
      failureSwitches: [{ label: 'Fail inbox', target: { queue: 'inbx' }, mode: 'error' }],
      sampleEvents: [],
    });
    expect(referenceProblems(architecture)).toEqual([
      'The function welcome\'s onFailure destination names the queue "welcome-failures", but the architecture declares no queue of that name (it has "inbox").',
      'The rule r\'s target audit names the function "audit", but the architecture declares no function of that name (it has "welcome").',
      'The failure switch "Fail inbox" names the queue "inbx", but the architecture declares no queue of that name (it has "inbox").',
    ]);
  });

  it('fails the check after the shape, naming the file', () => {
    const broken: LessonArchitecture = { ...lesson, rules: [{ name: 'signups', targets: [{ id: 'inbox', to: { queue: 'inbx' } }] }] };
    expect(problem(broken)).toBe('lessons/04-fan-out/architecture.ts: The rule signups\'s target inbox names the queue "inbx", but the architecture declares no queue of that name (it has "inbox").');
  });
});

describe('connections, API destinations, partner sources and HTTP endpoints', () => {
  const CRM = 'aws.partner/crm.example.com/1234567890/deals';
  const saas = defineArchitecture({
    partnerSources: [{ name: CRM }],
    partnerBuses: [CRM],
    connections: [{ name: 'invoicing', authorization: { apiKey: { name: 'x-api-key', value: 'k' } } }],
    apiDestinations: [{ name: 'issue-invoice', connection: 'invoicing', endpoint: 'https://invoices.example.com/invoices', method: 'POST' }],
    httpEndpoints: [{ origin: 'https://invoices.example.com', handler: 'invoicing-api.respond' }],
    rules: [{ name: 'closed', bus: CRM, eventPattern: { source: [CRM] }, targets: [{ id: 'invoice', to: { apiDestination: 'issue-invoice' }, httpParameters: { headerParameters: { 'X-Kind': 'invoice' } } }] }],
    sampleEvents: [{ name: 'Deal closed', entry: { Source: CRM, DetailType: 'Deal Closed', Detail: { dealId: 'D-1' } } }],
  });
  const editedSaas = (edit: (a: any) => void): unknown => {
    const copy = structuredClone(saas) as any;
    edit(copy);
    return copy;
  };

  it('accepts a consistent architecture, a rule on its partner bus included', () => {
    expect(checkArchitecture(saas, FILE)).toBe(saas);
  });

  it('says what a connection’s authorization may be, and names a misspelt key in one', () => {
    expect(problem(editedSaas((a) => (a.connections[0].authorization = { apikey: { name: 'x', value: 'y' } })))).toBe(
      'lessons/04-fan-out/architecture.ts: connections[0] ("invoicing").authorization: must be one of { apiKey: { name, value } }, { basic: { username, password } } or { oauthClientCredentials: { authorizationEndpoint, httpMethod, clientId, clientSecret } }.',
    );
    expect(problem(editedSaas((a) => (a.connections[0].authorization = { basic: { username: 'u', pasword: 'p' } })))).toBe(
      'lessons/04-fan-out/architecture.ts: connections[0] ("invoicing").authorization.basic has an unknown key "pasword" (did you mean "password"?).',
    );
    expect(problem(editedSaas((a) => (a.apiDestinations[0].method = 'post')))).toBe(
      'lessons/04-fan-out/architecture.ts: apiDestinations[0] ("issue-invoice").method: "post" is not one of "POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE" (did you mean "POST"?).',
    );
    expect(problem(editedSaas((a) => (a.rules[0].targets[0].httpParameters.pathParameters = ['x'])))).toBe(
      'lessons/04-fan-out/architecture.ts: rules[0] ("closed").targets[0] ("invoice").httpParameters has an unknown key "pathParameters" (the keys it takes are "pathParameterValues", "headerParameters", "queryStringParameters").',
    );
  });

  it('names a target’s undeclared API destination, a destination’s undeclared connection, and a partner bus without its source', () => {
    const broken = editedSaas((a) => {
      a.rules[0].targets[0].to = { apiDestination: 'issue-invoices' };
      a.apiDestinations[0].connection = 'invoice';
      a.partnerBuses = ['aws.partner/crm.example.com/1234567890/leads'];
    }) as LessonArchitecture;
    expect(referenceProblems(broken)).toEqual([
      'The partner bus aws.partner/crm.example.com/1234567890/leads names the partner source "aws.partner/crm.example.com/1234567890/leads", but the architecture declares no partner source of that name (it has "aws.partner/crm.example.com/1234567890/deals").',
      'The API destination issue-invoice names the connection "invoice", but the architecture declares no connection of that name (it has "invoicing").',
      `The rule closed names the bus "${CRM}", but the architecture declares no bus of that name (it has "default", "aws.partner/crm.example.com/1234567890/leads").`,
      'The rule closed\'s target invoice names the API destination "issue-invoices", but the architecture declares no API destination of that name (it has "issue-invoice").',
    ]);
  });

  it('refuses HTTP parameters on a target that is no API destination, an endpoint that is no origin, and a partner sample that names a bus', () => {
    const broken = editedSaas((a) => {
      a.queues = [{ name: 'q' }];
      a.rules[0].targets.push({ id: 'q', to: { queue: 'q' }, httpParameters: { headerParameters: { a: 'b' } } });
      a.httpEndpoints[0].origin = 'https://invoices.example.com/invoices';
      a.sampleEvents[0].entry.EventBusName = CRM;
    }) as LessonArchitecture;
    expect(referenceProblems(broken)).toEqual([
      'The HTTP endpoint invoicing-api.respond serves "https://invoices.example.com/invoices", which is not an origin: give the scheme and host only, as "https://invoices.example.com".',
      'The rule closed\'s target q has httpParameters, but only an API destination target sends HTTP requests: remove them, or send to { apiDestination: "…" }.',
      `The sample event "Deal closed" comes from the partner source ${CRM}, so it arrives on that source's partner bus: remove its EventBusName.`,
    ]);
  });
});

describe('schedule groups and schedules', () => {
  const scheduled = defineArchitecture({
    queues: [{ name: 'escalations-dlq' }],
    functions: [
      { name: 'open-ticket', handler: 'tickets.open', environment: { GROUP: 'ticket-escalations', ROLE_ARN: { arn: { schedulerRole: 'ticket-escalations' } }, TARGET_ARN: { arn: { function: 'escalate-ticket' } } } },
      { name: 'escalate-ticket', handler: 'tickets.escalate' },
    ],
    scheduleGroups: [{ name: 'ticket-escalations', role: { targets: [{ function: 'escalate-ticket' }, { queue: 'escalations-dlq' }] } }],
    schedules: [
      {
        name: 'morning-sweep',
        group: 'ticket-escalations',
        expression: 'cron(0 9 ? * MON-FRI *)',
        timezone: 'Europe/Berlin',
        flexibleWindowMinutes: 15,
        target: { to: { function: 'escalate-ticket' }, input: { sweep: true }, retryPolicy: { maximumRetryAttempts: 3 }, deadLetterQueue: 'escalations-dlq' },
      },
    ],
    sampleEvents: [],
  });
  const editedSchedules = (edit: (a: any) => void): LessonArchitecture => {
    const copy = structuredClone(scheduled) as any;
    edit(copy);
    return copy;
  };

  it('accepts a group with a role, a schedule in it, and environment values holding ARNs', () => {
    expect(checkArchitecture(scheduled, FILE)).toBe(scheduled);
  });

  it('says what a schedule may send to, and what an environment value may be', () => {
    expect(problem(editedSchedules((a) => (a.schedules[0].target.to = { fuction: 'escalate-ticket' })))).toBe(
      'lessons/04-fan-out/architecture.ts: schedules[0] ("morning-sweep").target.to: must name one resource, as { function: "…" }, { queue: "…" }, { topic: "…" } or { bus: "…" } (did you mean "function"?).',
    );
    expect(problem(editedSchedules((a) => (a.schedules[0].target.to = { logGroup: '/aws/events/x' })))).toBe(
      'lessons/04-fan-out/architecture.ts: schedules[0] ("morning-sweep").target.to: must name one resource, as { function: "…" }, { queue: "…" }, { topic: "…" } or { bus: "…" }.',
    );
    expect(problem(editedSchedules((a) => (a.functions[0].environment.ROLE_ARN = { arn: { schedulerRol: 'ticket-escalations' } })))).toBe(
      'lessons/04-fan-out/architecture.ts: functions[0] ("open-ticket").environment.ROLE_ARN.arn: must name one resource, as { function: "…" }, { queue: "…" }, { topic: "…" }, { bus: "…" } or { schedulerRole: "<schedule group>" } (did you mean "schedulerRole"?).',
    );
    expect(problem(editedSchedules((a) => (a.functions[0].environment.ROLE_ARN = 7)))).toBe(
      'lessons/04-fan-out/architecture.ts: functions[0] ("open-ticket").environment.ROLE_ARN: must be a string, or { arn: { function: "…" } } for the ARN of one of the lesson\'s resources (a function, queue, topic, bus, or a schedule group\'s schedulerRole).',
    );
    expect(problem(editedSchedules((a) => (a.schedules[0].timeZone = 'UTC')))).toBe(
      'lessons/04-fan-out/architecture.ts: schedules[0] ("morning-sweep") has an unknown key "timeZone" (did you mean "timezone"?).',
    );
  });

  it('names an undeclared group, target, dead-letter queue, role target and role', () => {
    const broken = editedSchedules((a) => {
      a.scheduleGroups[0].role.targets.push({ topic: 'alerts' });
      a.schedules[0].group = 'ticket-escalation';
      a.schedules[0].target.to = { function: 'escalate' };
      a.schedules[0].target.deadLetterQueue = 'dlq';
      a.functions[0].environment.ROLE_ARN = { arn: { schedulerRole: 'escalations' } };
      a.functions[0].environment.TARGET_ARN = { arn: { queue: 'escalations' } };
    });
    expect(referenceProblems(broken)).toEqual([
      'The schedule group ticket-escalations\'s role names the topic "alerts", but the architecture declares no topic of that name (it has none).',
      'The function open-ticket\'s environment value ROLE_ARN names the scheduler role of the schedule group "escalations", but the architecture declares no schedule group of that name with a role (it has "ticket-escalations").',
      'The function open-ticket\'s environment value TARGET_ARN names the queue "escalations", but the architecture declares no queue of that name (it has "escalations-dlq").',
      'The schedule morning-sweep names the schedule group "ticket-escalation", but the architecture declares no schedule group of that name (it has "default", "ticket-escalations").',
      'The schedule morning-sweep\'s target names the function "escalate", but the architecture declares no function of that name (it has "open-ticket", "escalate-ticket").',
      'The schedule morning-sweep\'s target (its dead-letter queue) names the queue "dlq", but the architecture declares no queue of that name (it has "escalations-dlq").',
    ]);
  });

  it('refuses the role of a group that has none, the default group, duplicates, a bus target without its event, and a date that is none', () => {
    const broken = editedSchedules((a) => {
      a.scheduleGroups.push({ name: 'reminders' }, { name: 'default' }, { name: 'reminders' });
      a.functions[0].environment.ROLE_ARN = { arn: { schedulerRole: 'reminders' } };
      a.buses = ['tickets'];
      a.schedules.push(
        { name: 'morning-sweep', group: 'ticket-escalations', expression: 'rate(1 day)', target: { to: { bus: 'tickets' }, source: 'myapp.tickets' } },
        { name: 'tick', expression: 'rate(1 hour)', startDate: '1 Dec', target: { to: { queue: 'escalations-dlq' }, detailType: 'Tick' } },
      );
    });
    expect(referenceProblems(broken)).toEqual([
      'The schedule group default exists in every account: leave it out of scheduleGroups, and leave out a schedule\'s group to put the schedule in it.',
      'Two schedule groups are called reminders: a schedule group\'s name is unique in the account.',
      'The function open-ticket\'s environment value ROLE_ARN names the scheduler role of the schedule group reminders, but that group has no role: give it one, as { name: "reminders", role: { targets: [ … ] } }.',
      'Two schedules in the group ticket-escalations are called morning-sweep: a schedule\'s name is unique in its group.',
      'The schedule morning-sweep puts events on the bus tickets, so its target needs the events\' detailType and source: add detailType: "…".',
      'The schedule tick\'s target has a detailType, but only a schedule that sends to a bus puts events: remove it, or send to { bus: "…" }.',
      'The schedule tick\'s startDate "1 Dec" is not a date and time with its offset: write it in ISO 8601, as "2026-12-01T00:00:00Z".',
    ]);
  });
});

describe('table streams and pipes', () => {
  // Lesson 14's transactional outbox, in the shape it declares.
  const outbox = defineArchitecture({
    tables: [{ name: 'orders', partitionKey: { name: 'orderId', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' }],
    queues: [{ name: 'outbox-failures' }],
    functions: [{ name: 'enrich-order-changes', handler: 'enrich.handler' }],
    pipes: [
      {
        name: 'orders-outbox',
        description: 'Changes to orders, from the table’s stream to the default bus.',
        source: { table: 'orders', startingPosition: 'LATEST', batchSize: 10, maximumBatchingWindowInSeconds: 1, maximumRetryAttempts: 2, deadLetter: { queue: 'outbox-failures' } },
        filter: { file: 'filter.json' },
        enrichment: { function: 'enrich-order-changes' },
        target: { bus: 'default' },
        eventBusParameters: { source: 'myapp.orders', detailType: '$.detailType' },
        inputTemplate: '<$.detail>',
      },
    ],
    sampleEvents: [],
  });
  const editedPipes = (edit: (a: any) => void): LessonArchitecture => {
    const copy = structuredClone(outbox) as any;
    edit(copy);
    return copy;
  };

  it('accepts a table with a stream and a pipe from it, with its filter inline or in a file', () => {
    expect(checkArchitecture(outbox, FILE)).toBe(outbox);
    const inline = editedPipes((a) => (a.pipes[0].filter = [{ eventName: ['INSERT', 'MODIFY'] }]));
    expect(checkArchitecture(inline, FILE)).toBe(inline);
  });

  it('names a misspelt key of a pipe, and says what its parts may be', () => {
    expect(problem(editedPipes((a) => (a.pipes[0].enrichement = a.pipes[0].enrichment)))).toBe(
      'lessons/04-fan-out/architecture.ts: pipes[0] ("orders-outbox") has an unknown key "enrichement" (did you mean "enrichment"?).',
    );
    expect(problem(editedPipes((a) => (a.pipes[0].source.startingPositon = 'LATEST')))).toBe(
      'lessons/04-fan-out/architecture.ts: pipes[0] ("orders-outbox").source has an unknown key "startingPositon" (did you mean "startingPosition"?).',
    );
    expect(problem(editedPipes((a) => (a.pipes[0].target = { buss: 'default' })))).toBe(
      'lessons/04-fan-out/architecture.ts: pipes[0] ("orders-outbox").target: must name one resource, as { bus: "…" }, { function: "…" }, { queue: "…" } or { topic: "…" } (did you mean "bus"?).',
    );
    expect(problem(editedPipes((a) => (a.pipes[0].source.deadLetter = { bus: 'default' })))).toBe(
      'lessons/04-fan-out/architecture.ts: pipes[0] ("orders-outbox").source.deadLetter: must name one resource, as { queue: "…" } or { topic: "…" }.',
    );
    expect(problem(editedPipes((a) => (a.pipes[0].filter = [{ eventName: ['INSERT'] }, 'MODIFY'])))).toBe(
      'lessons/04-fan-out/architecture.ts: pipes[0] ("orders-outbox").filter[1]: must be an object, not the string "MODIFY".',
    );
    expect(problem(editedPipes((a) => (a.pipes[0].filter = 'filter.json')))).toBe(
      'lessons/04-fan-out/architecture.ts: pipes[0] ("orders-outbox").filter: must be a list of filter patterns, or { file: "filter.json" } for a file the learner writes.',
    );
    expect(problem(editedPipes((a) => (a.tables[0].stream = 'NEW_AND_OLD_IMAGE')))).toBe(
      'lessons/04-fan-out/architecture.ts: tables[0] ("orders").stream: "NEW_AND_OLD_IMAGE" is not one of "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES" (did you mean "NEW_AND_OLD_IMAGES"?).',
    );
  });

  it('refuses a source table without a stream', () => {
    expect(problem(editedPipes((a) => delete a.tables[0].stream))).toBe(
      'lessons/04-fan-out/architecture.ts: The pipe orders-outbox reads the stream of the table orders, but that table has no stream: give it one, as { name: "orders", …, stream: "NEW_AND_OLD_IMAGES" }.',
    );
  });

  it('names an undeclared table, enrichment function, target and dead-letter queue', () => {
    const broken = editedPipes((a) => {
      a.pipes[0].source.table = 'order';
      a.pipes[0].source.deadLetter = { queue: 'outbox-failure' };
      a.pipes[0].enrichment = { function: 'enrich-orders' };
      a.pipes[0].target = { bus: 'orders' };
    });
    expect(referenceProblems(broken)).toEqual([
      'The pipe orders-outbox\'s source names the table "order", but the architecture declares no table of that name (it has "orders").',
      'The pipe orders-outbox\'s source (its dead-letter queue) names the queue "outbox-failure", but the architecture declares no queue of that name (it has "outbox-failures").',
      'The pipe orders-outbox\'s enrichment names the function "enrich-orders", but the architecture declares no function of that name (it has "enrich-order-changes").',
      'The pipe orders-outbox\'s target names the bus "orders", but the architecture declares no bus of that name (it has "default").',
    ]);
    expect(problem(editedPipes((a) => (a.pipes[0].enrichment = { function: 'enrich' })))).toBe(
      'lessons/04-fan-out/architecture.ts: The pipe orders-outbox\'s enrichment names the function "enrich", but the architecture declares no function of that name (it has "enrich-order-changes").',
    );
  });

  it('refuses two pipes of one name, and bus parameters for a target that is not a bus', () => {
    const broken = editedPipes((a) => a.pipes.push({ ...a.pipes[0], target: { queue: 'outbox-failures' } }));
    expect(referenceProblems(broken)).toEqual([
      'Two pipes are called orders-outbox: a pipe\'s name is unique in the account.',
      'The pipe orders-outbox has eventBusParameters, but only a pipe that sends to a bus puts events: remove them, or send to { bus: "…" }.',
    ]);
  });
});
