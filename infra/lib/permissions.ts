// Least privilege for lesson functions, derived from their code: the architecture says which resources exist,
// the handler's imports say which AWS calls it makes. A function that imports `SendEmailCommand` from
// `@aws-sdk/client-sesv2` may send email and nothing else; one that imports `PutCommand` from
// `@aws-sdk/lib-dynamodb` may put items into the lesson's tables. A call not listed here gets no permission
// and a synth warning, so a learner's new call fails on AWS with AccessDenied instead of silently widening the role.

/** Which service an SDK package talks to, and the IAM actions of each of its commands. */
const PACKAGES: Record<string, { service: Service; commands: Record<string, string[]> }> = {
  '@aws-sdk/client-sesv2': { service: 'ses', commands: { SendEmailCommand: ['ses:SendEmail'], SendBulkEmailCommand: ['ses:SendBulkEmail'] } },
  '@aws-sdk/client-ses': { service: 'ses', commands: { SendEmailCommand: ['ses:SendEmail'], SendRawEmailCommand: ['ses:SendRawEmail'] } },
  '@aws-sdk/client-eventbridge': { service: 'events', commands: { PutEventsCommand: ['events:PutEvents'] } },
  '@aws-sdk/client-sns': { service: 'sns', commands: { PublishCommand: ['sns:Publish'], PublishBatchCommand: ['sns:Publish'] } },
  '@aws-sdk/client-sqs': {
    service: 'sqs',
    commands: {
      SendMessageCommand: ['sqs:SendMessage'],
      SendMessageBatchCommand: ['sqs:SendMessage'],
      ReceiveMessageCommand: ['sqs:ReceiveMessage'],
      DeleteMessageCommand: ['sqs:DeleteMessage'],
      GetQueueUrlCommand: ['sqs:GetQueueUrl'],
    },
  },
  '@aws-sdk/client-dynamodb': { service: 'dynamodb', commands: dynamo('Item') },
  '@aws-sdk/lib-dynamodb': { service: 'dynamodb', commands: dynamo('') },
};

export type Service = 'ses' | 'events' | 'sns' | 'sqs' | 'dynamodb';

function dynamo(suffix: '' | 'Item'): Record<string, string[]> {
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
      for (const name of names.filter((n) => n.endsWith('Command'))) {
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
  return { actions, unknown };
}

/** Value imports (`import { A, B as C } from 'x'`), without `import type`. */
function imports(source: string): { names: string[]; from: string }[] {
  const found: { names: string[]; from: string }[] = [];
  for (const match of source.matchAll(/import\s+(?!type\b)\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
    const names = match[1]!
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part && !part.startsWith('type '))
      .map((part) => part.split(/\s+as\s+/)[0]!.trim());
    found.push({ names, from: match[2]! });
  }
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
