// The editor's language support in Chromium, with Monaco's real TypeScript and JSON workers: a learner's handler
// is checked against the real declarations of what it imports, and an event pattern against the engine.
import * as monaco from 'monaco-editor/editor';
import { getTypeScriptWorker } from 'monaco-editor/languages/features/typescript/register';
import { afterEach, describe, expect, it } from 'vitest';
import { modelFor } from './editor.ts';
import { enableLanguageSupport, MARKER_OWNER, type LanguageSupport } from './language-support.ts';
import { learnerFiles, loadWorkbenchLesson, solutionFiles, type WorkbenchLesson } from '../lesson-files.ts';

let support: LanguageSupport | undefined;
afterEach(() => {
  support?.dispose();
  support = undefined;
  for (const model of monaco.editor.getModels()) model.dispose();
});

/** Models for these files, as the workbench makes them, with language support on. */
async function open(lesson: WorkbenchLesson, files: Record<string, string>) {
  const models = new Map(Object.entries(files).map(([file, text]) => [file, modelFor(file, text)]));
  support = await enableLanguageSupport(lesson.architecture, models);
  return models;
}

type Chain = string | { messageText: string; next?: Chain[] };
const flatten = (chain: Chain): string => (typeof chain === 'string' ? chain : [chain.messageText, ...(chain.next ?? []).map(flatten)].join(' '));

/** Monaco starts its TypeScript support once a TypeScript model exists, asynchronously: until then this rejects. */
async function typescriptWorkers(): ReturnType<typeof getTypeScriptWorker> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await getTypeScriptWorker();
    } catch (error) {
      if (attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** What the TypeScript worker reports for a model, as `line: message`. */
async function typeErrors(model: monaco.editor.ITextModel): Promise<string[]> {
  const worker = await (await typescriptWorkers())(model.uri);
  const file = model.uri.toString();
  const diagnostics = [...(await worker.getSyntacticDiagnostics(file)), ...(await worker.getSemanticDiagnostics(file))];
  return diagnostics.map((d) => `${model.getPositionAt(d.start ?? 0).lineNumber}: ${flatten(d.messageText as Chain)}`);
}

const markers = (model: monaco.editor.ITextModel) =>
  monaco.editor.getModelMarkers({ owner: MARKER_OWNER, resource: model.uri }).map(({ message, startLineNumber, startColumn, endColumn }) => ({ message, startLineNumber, startColumn, endColumn }));

describe('TypeScript in the editor', () => {
  it('resolves lesson 03’s imports (the SES client, aws-lambda) and reports a wrong type on a handler', { timeout: 60_000 }, async () => {
    const lesson = await loadWorkbenchLesson('03-welcome-email', ['handler.ts']);
    const handler = (await open(lesson, learnerFiles(lesson, {}))).get('handler.ts')!;
    expect(await typeErrors(handler)).toEqual([]);

    handler.setValue(
      `${handler.getValue()}
export const broken = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  console.log(event.detail.nope);
  await ses.send(new SendEmailCommand({ FromEmailAddress: 42 }));
  return process.env.FROM_ADDRESS.length;
};
`,
    );
    const errors = await typeErrors(handler);
    expect(errors.filter((e) => e.includes('Cannot find'))).toEqual([]);
    expect(errors).toEqual([
      expect.stringMatching(/^23: Property 'nope' does not exist on type 'UserSignedUp'/),
      expect.stringMatching(/^24: No overload matches this call.*Type 'number' is not assignable to type 'string'/),
      expect.stringMatching(/^25: 'process.env.FROM_ADDRESS' is possibly 'undefined'/),
    ]);
  });

  it('type-checks every lesson’s solution cleanly: the DynamoDB document client, EventBridge, node:crypto', { timeout: 90_000 }, async () => {
    const lessons: [string, string[]][] = [
      ['01-events-and-the-bus', ['producer.ts']],
      ['04-fan-out', ['audit.ts', 'analytics.ts']],
      ['05-monitoring', ['handler.ts', 'alarms.json']],
    ];
    for (const [id, editable] of lessons) {
      const lesson = await loadWorkbenchLesson(id, editable);
      const models = await open(lesson, solutionFiles(lesson));
      for (const [file, model] of models) if (file.endsWith('.ts')) expect({ file, errors: await typeErrors(model) }).toEqual({ file, errors: [] });
      support!.dispose();
      for (const model of models.values()) model.dispose();
    }
    // What the sandbox offers besides the SDK: node:crypto's randomUUID, and a lesson's own files.
    const lesson = await loadWorkbenchLesson('04-fan-out', ['audit.ts', 'analytics.ts']);
    const models = await open(lesson, {
      'ids.ts': `import { randomUUID } from 'node:crypto';\nexport const newId = (): string => randomUUID();\n`,
      'audit.ts': `import { newId } from './ids.ts';\nimport { newId as again } from './ids';\nexport const id: number = newId() + again();\n`,
    });
    expect(await typeErrors(models.get('audit.ts')!)).toEqual([expect.stringMatching(/^3: Type 'string' is not assignable to type 'number'/)]);
  });

  it('knows a function has the web globals Node shares but no page: fetch, URL and TextEncoder, but no document or window', { timeout: 60_000 }, async () => {
    const lesson = await loadWorkbenchLesson('03-welcome-email', ['handler.ts']);
    // A file of its own: Monaco's worker may still hold a disposed model's text under the same name a moment later.
    const handler = (await open(lesson, { 'globals.ts': `export const handler = async () => {\n  const url = new URL('https://example.com');\n  const bytes = new TextEncoder().encode(url.host);\n  await fetch(url, { signal: AbortSignal.timeout(1000) });\n  document.title = String(bytes.length);\n  return window.location.href;\n};\n` })).get('globals.ts')!;
    expect(await typeErrors(handler)).toEqual([expect.stringMatching(/^5: Cannot find name 'document'/), expect.stringMatching(/^6: Cannot find name 'window'/)]);
  });

  it('says "Cannot find module" for a package the sandbox lacks, and loads one it has when an edit imports it', { timeout: 60_000 }, async () => {
    const lesson = await loadWorkbenchLesson('03-welcome-email', ['handler.ts']);
    const handler = (await open(lesson, { 'handler.ts': `import { S3Client } from '@aws-sdk/client-s3';\nexport const s3 = new S3Client({});\n` })).get('handler.ts')!;
    expect(await typeErrors(handler)).toEqual([expect.stringMatching(/^1: Cannot find module '@aws-sdk\/client-s3'/)]);

    // One the sandbox has, typed in: its declarations arrive shortly after.
    handler.setValue(`import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nexport const sent = new SQSClient({}).send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: 1 }));\n`);
    await expect.poll(() => typeErrors(handler), { timeout: 20_000 }).toEqual([expect.stringMatching(/^2: .*Type 'number' is not assignable to type 'string'/)]);
  });
});

describe('event patterns in the editor', () => {
  it('marks a pattern the engine refuses with AWS’s message, where AWS says, and clears it once fixed', async () => {
    const lesson = await loadWorkbenchLesson('02-rules-and-patterns', ['pattern.json']);
    const pattern = (await open(lesson, { 'pattern.json': '{ "source": "myapp.users" }' })).get('pattern.json')!;
    // "…; line: 1, column: 14]": inside the string after "source"; the marker spans its word, myapp.users.
    expect(markers(pattern)).toEqual([
      { message: 'Event pattern is not valid. Reason: "source" must be an object or an array', startLineNumber: 1, startColumn: 14, endColumn: 25 },
    ]);

    pattern.setValue(lesson.solution['pattern.json']!);
    await expect.poll(() => markers(pattern)).toEqual([]);

    pattern.setValue('{\n  "source": ["myapp.users"],\n  "detail": { "age": [{ "numeric": [">", "ten"] }] }\n}');
    await expect.poll(() => markers(pattern)).toEqual([
      expect.objectContaining({ message: 'Event pattern is not valid. Reason: Value of > must be numeric', startLineNumber: 3 }),
    ]);
  });

  it('accepts every operator the engine supports without a schema warning, and warns on a misspelt one', { timeout: 30_000 }, async () => {
    const lesson = await loadWorkbenchLesson('02-rules-and-patterns', ['pattern.json']);
    const pattern = (await open(lesson, { 'pattern.json': '{ "source": [{ "prefx": "myapp." }] }' })).get('pattern.json')!;
    const all = () => monaco.editor.getModelMarkers({ resource: pattern.uri }).map((m) => `${m.owner}: ${m.message}`);
    await expect.poll(all, { timeout: 10_000 }).toEqual([
      'eventbridge: Event pattern is not valid. Reason: Unrecognized match type prefx',
      expect.stringMatching(/^json: Property prefx is not allowed/),
    ]);

    const every = {
      source: ['myapp.users', { prefix: 'myapp.' }, { suffix: { 'equals-ignore-case': '.USERS' } }],
      'detail-type': [{ 'anything-but': ['UserDeleted', 'UserBanned'] }, { 'anything-but': { prefix: 'Test' } }, { wildcard: 'User*' }],
      detail: {
        age: [{ numeric: ['>', 0, '<=', 150] }, 3, null, true],
        email: [{ exists: true }, { 'equals-ignore-case': 'A@EXAMPLE.COM' }],
        ip: [{ cidr: '10.0.0.0/24' }],
        $or: [{ plan: ['free'] }, { trial: [{ exists: false }] }],
      },
    };
    // The JSON worker's warning above goes only once it has validated this text too.
    pattern.setValue(JSON.stringify(every, null, 2));
    await expect.poll(all, { timeout: 10_000 }).toEqual([]);
  });
});

describe('other JSON lesson files in the editor', () => {
  it('checks an input transformer as PutTargets does, and alarms against the lesson’s own topics', { timeout: 30_000 }, async () => {
    const lesson = await loadWorkbenchLesson('05-monitoring', ['handler.ts', 'alarms.json']);
    const transformed = {
      ...lesson,
      architecture: {
        ...lesson.architecture,
        rules: [{ name: 'signups', targets: [{ id: 'welcome', to: { queue: 'oncall-inbox' }, inputTransformer: { file: 'transformer.json' } }] }],
      },
    };
    const models = await open(transformed, {
      'alarms.json': lesson.solution['alarms.json']!.replace('"topic": "oncall"', '"topic": "on-call"'),
      'transformer.json': '{\n  "InputPathsMap": { "email": "$.detail.email" },\n  "InputTemplate": "\\"Welcome <user>\\""\n}',
    });
    const all = (file: string) => monaco.editor.getModelMarkers({ resource: models.get(file)!.uri }).map((m) => `${m.startLineNumber}: ${m.owner}: ${m.message}`);
    expect(all('transformer.json')).toEqual(['3: eventbridge: InputTemplate for target welcome contains invalid placeholder user.']);
    await expect.poll(() => all('alarms.json'), { timeout: 10_000 }).toEqual([expect.stringMatching(/^13: json: Value is not accepted. Valid values: "oncall"/)]);
  });

  it('checks a pipe’s filter file as CreatePipe does: an operator pipes refuse is an error, a pattern that is not an object a warning', { timeout: 30_000 }, async () => {
    const lesson = await loadWorkbenchLesson('14-pipes', ['filter.json', 'enrich.ts']);
    const filter = (await open(lesson, { 'filter.json': '[{ "dynamodb": { "NewImage": { "type": { "S": [{ "anything-but": { "prefix": "cart" } }] } } } }]' })).get('filter.json')!;
    const all = () => monaco.editor.getModelMarkers({ resource: filter.uri }).map((m) => `${m.owner}: ${m.message}`);
    await expect.poll(all, { timeout: 10_000 }).toEqual([expect.stringMatching(/^eventbridge: .*anything-but/)]);
    filter.setValue('["order"]');
    await expect.poll(all, { timeout: 10_000 }).toEqual([expect.stringMatching(/^json: Incorrect type. Expected "object"/)]);
    filter.setValue(lesson.solution['filter.json']!);
    await expect.poll(all, { timeout: 10_000 }).toEqual([]);
  });
});
