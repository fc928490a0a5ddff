// Least privilege for lesson functions, derived from their code: the architecture says which resources exist,
// the handler's imports say which AWS calls it makes. A function that imports `SendEmailCommand` from
// `@aws-sdk/client-sesv2` may send email and nothing else; one that imports `PutCommand` from
// `@aws-sdk/lib-dynamodb` may put items into the lesson's tables. A call not listed here gets no permission
// and a synth warning, so a learner's new call fails on AWS with AccessDenied instead of silently widening the role.

/** Which service an SDK package talks to, and the IAM actions of each of its commands. */
const PACKAGES: Record<string, { service: Service; commands: Record<string, string[]> }> = {
  '@aws-sdk/client-sesv2': { service: 'ses', commands: { SendEmailCommand: ['ses:SendEmail'], SendBulkEmailCommand: ['ses:SendBulkEmail'] } },
  '@aws-sdk/client-ses': { service: 'ses', commands: { SendEmailCommand: ['ses:SendEmail'], SendRawEmailCommand: ['ses:SendRawEmail'] } },
  '@aws-sdk/client-eventbridge': {
    service: 'events',
    commands: {
      PutEventsCommand: ['events:PutEvents'],
      // A replay (lesson 12): the archive and rule it names, and the replay itself.
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
      DescribeArchiveCommand: ['events:DescribeArchive'],
      DescribeRuleCommand: ['events:DescribeRule'],
      ListRulesCommand: ['events:ListRules'],
      StartReplayCommand: ['events:StartReplay'],
      DescribeReplayCommand: ['events:DescribeReplay'],
    },
  },
  '@aws-sdk/client-sns': { service: 'sns', commands: { PublishCommand: ['sns:Publish'], PublishBatchCommand: ['sns:Publish'] } },
  '@aws-sdk/client-sqs': {
    service: 'sqs',
    commands: {
      SendMessageCommand: ['sqs:SendMessage'],
      SendMessageBatchCommand: ['sqs:SendMessage'],
      ReceiveMessageCommand: ['sqs:ReceiveMessage'],
      DeleteMessageCommand: ['sqs:DeleteMessage'],
      DeleteMessageBatchCommand: ['sqs:DeleteMessage'],
      ChangeMessageVisibilityCommand: ['sqs:ChangeMessageVisibility'],
      GetQueueUrlCommand: ['sqs:GetQueueUrl'],
    },
  },
  '@aws-sdk/client-dynamodb': { service: 'dynamodb', commands: dynamo('Item') },
  // Schedules created at run time (lesson 13: one per support ticket). Creating or updating one passes its execution
  // role to Scheduler, hence iam:PassRole, which the stack limits to the lesson's scheduler roles.
  // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
  '@aws-sdk/client-scheduler': {
    service: 'scheduler',
    commands: {
      CreateScheduleCommand: ['scheduler:CreateSchedule', 'iam:PassRole'],
      UpdateScheduleCommand: ['scheduler:UpdateSchedule', 'iam:PassRole'],
      GetScheduleCommand: ['scheduler:GetSchedule'],
      DeleteScheduleCommand: ['scheduler:DeleteSchedule'],
      ListSchedulesCommand: ['scheduler:ListSchedules'],
    },
  },
  '@aws-sdk/lib-dynamodb': { service: 'dynamodb', commands: dynamo('') },
};

export type Service = 'ses' | 'events' | 'sns' | 'sqs' | 'dynamodb' | 'scheduler';

function dynamo(suffix: '' | 'Item'): Record<string, string[]> {
  // A transaction has no IAM action of its own: each action inside it needs its single-item one (Put, Update,
  // Delete; ConditionCheck needs dynamodb:ConditionCheckItem; Get needs dynamodb:GetItem). An import cannot say
  // which actions a TransactWriteItems holds, so it gets all four on the function's tables.
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
  const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
  return {
    [`Get${suffix}Command`]: ['dynamodb:GetItem'],
    [`Put${suffix}Command`]: ['dynamodb:PutItem'],
    [`Update${suffix}Command`]: ['dynamodb:UpdateItem'],
    [`Delete${suffix}Command`]: ['dynamodb:DeleteItem'],
    QueryCommand: ['dynamodb:Query'],
    ScanCommand: ['dynamodb:Scan'],
    [suffix ? 'BatchGetItemCommand' : 'BatchGetCommand']: ['dynamodb:BatchGetItem'],
    [suffix ? 'BatchWriteItemCommand' : 'BatchWriteCommand']: ['dynamodb:BatchWriteItem'],
    [suffix ? 'TransactGetItemsCommand' : 'TransactGetCommand']: ['dynamodb:GetItem'],
    [suffix ? 'TransactWriteItemsCommand' : 'TransactWriteCommand']: write,
  };
}

export interface CodeCalls {
  /** IAM actions by service, for the commands the code imports. */
  actions: Map<Service, Set<string>>;
  /** Commands imported from a known SDK package that this table does not map: no permission is granted. */
  unknown: string[];
}

/** The AWS calls a function's code can make: the commands imported by its entry file and the lesson files it imports. */
export function codeCalls(files: Record<string, string>, entry: string): CodeCalls {
  const actions = new Map<Service, Set<string>>();
  const unknown: string[] = [];
  const seen = new Set<string>();
  const withCommands = new Set<Service>();
  const otherwise = new Map<string, string[]>();
  const visit = (path: string) => {
    if (seen.has(path) || files[path] === undefined) return;
    seen.add(path);
    for (const { names, from } of imports(files[path])) {
      if (from.startsWith('.')) {
        const base = join(dirOf(path), from).replace(/\.(js|mjs|cjs)$/, '');
        for (const ext of ['', '.ts', '.mts', '.js', '.mjs']) visit(base + ext);
        continue;
      }
      const pkg = PACKAGES[from];
      if (!pkg) continue;
      const commands = names.filter((n) => n.endsWith('Command'));
      if (commands.length > 0) withCommands.add(pkg.service);
      // A client to send commands with, or an error class to catch, makes no call by itself.
      const opaque = names.filter((n) => !n.endsWith('Command') && !/(Client|Exception)$/.test(n));
      if (opaque.length > 0) otherwise.set(from, [...(otherwise.get(from) ?? []), ...opaque]);
      for (const name of commands) {
        const granted = pkg.commands[name];
        if (!granted) {
          unknown.push(`${name} (${from})`);
          continue;
        }
        const set = actions.get(pkg.service) ?? new Set<string>();
        for (const action of granted) set.add(action);
        actions.set(pkg.service, set);
      }
    }
  };
  visit(entry);
  // A package reached only some other way (say `import * as ses`) makes calls this table cannot see.
  for (const [from, names] of otherwise) if (!withCommands.has(PACKAGES[from]!.service)) unknown.push(`${[...new Set(names)].join(', ')} (${from}) but no …Command by name`);
  return { actions, unknown };
}

/**
 * Value imports: `import { A, B as C } from 'x'` gives names [A, B]. Any other way to reach a module (a namespace
 * or default import, `require`, `import()`, or an aggregated client such as `new SESv2().sendEmail()` imported by
 * name) gives names that end in no `Command`, so a call this table cannot see still gets its synth warning.
 */
function imports(source: string): { names: string[]; from: string }[] {
  const found: { names: string[]; from: string }[] = [];
  for (const match of source.matchAll(/import\s+(?!type\b)([\w$]+\s*,\s*)?(\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+)\s*from\s*['"]([^'"]+)['"]/g)) {
    const names: string[] = [];
    if (match[1]) names.push('default import');
    const clause = match[2]!;
    if (clause.startsWith('{')) {
      names.push(
        ...clause
          .slice(1, -1)
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part && !part.startsWith('type '))
          .map((part) => part.split(/\s+as\s+/)[0]!.trim()),
      );
    } else names.push(clause.startsWith('*') ? 'namespace import' : 'default import');
    found.push({ names, from: match[3]! });
  }
  for (const match of source.matchAll(/\b(require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ names: [`${match[1]}()`], from: match[2]! });
  return found;
}

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
function join(dir: string, relative: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
