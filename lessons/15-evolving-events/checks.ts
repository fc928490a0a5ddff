import { Validator } from '@cfworker/json-schema';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const PRODUCER = 'signup-producer';
const BILLING = 'billing-signups';
const SCHEMA_FILE = 'user-signed-up-v2.schema.json';

interface NewUser {
  userId: string;
  email: string;
  method: string;
  plan: string;
  country: string;
}

// Users no sample has: a method added after v1 was designed, a plan and a country of their own. The users service
// hands over its whole record, so a secret rides along and must stay out of both events.
const kai: NewUser = { userId: 'u-kai-7', email: 'kai@example.com', method: 'passkey', plan: 'team', country: 'JP' };
const lea: NewUser = { userId: 'u-lea-8', email: 'lea@example.com', method: 'github', plan: 'free', country: 'BR' };
const record = (user: NewUser) => ({ ...user, passwordHash: '$2b$12$not-for-events' });

type Delivered = EventBridgeEvent<string, Record<string, unknown>>;

/** What the default bus received, whether or not a rule matched it: the source and detail-type of each event. */
function received(t: CheckContext): string {
  const events = (t.cloud.events.trace?.journeys() ?? []).flatMap((journey) =>
    journey.steps.flatMap((step) => (step.type === 'received' ? [`${step.source} / ${step.detailType}`] : [])),
  );
  return events.length === 0 ? 'nothing' : events.join('; ');
}

/** The v2 events billing's rule delivered to its queue: exactly what a v2 consumer receives. */
const billing = (t: CheckContext): Delivered[] => t.queue(BILLING).map((body) => JSON.parse(body) as Delivered);

/** Runs the producer for a user and lets everything it started finish; a failed run fails the check, saying why. */
async function publish(t: CheckContext, user: NewUser): Promise<void> {
  const result = await t.invoke(PRODUCER, record(user));
  await t.settle();
  if (result.functionError) t.fail(`Expected publishSignup to publish the signup of ${user.userId}, but it failed with ${result.error?.errorType}: ${result.error?.errorMessage}`);
}

/** Each v1 consumer's work for one user: emails sent to them, audit records of them, and the count under their method. */
function v1Effects(t: CheckContext, user: NewUser) {
  const counts = t.table('signup-counts');
  return {
    emails: t.outbox().filter((email) => email.to.includes(user.email)).length,
    audited: t.table('signup-audit').filter((item) => item.userId === user.userId).length,
    counted: Number(counts.find((item) => item.signupMethod === user.method)?.count ?? 0),
    countedUnder: counts.map((item) => `${String(item.signupMethod)}: ${String(item.count)}`).join(', ') || 'nothing',
  };
}

const TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The first keyword in a schema that draft 4 does not read as written, at its JSON pointer; undefined if none. A
 * validator skips or trips over such keywords, so without this the learner would see a verdict and not its cause.
 */
function draft4Problem(schema: unknown, at = '#'): string | undefined {
  if (!isObject(schema)) return `${at} is ${JSON.stringify(schema)}, where draft 4 expects a schema (an object)`;
  const { required, type, enum: allowed } = schema;
  if (required !== undefined && !(Array.isArray(required) && required.length > 0 && required.every((name) => typeof name === 'string'))) {
    return `${at}/required is ${JSON.stringify(required)}: draft 4 takes "required" as a list of field names, on the object whose fields they are ("required": ["userId", …]); "required": true on a field is draft 3's spelling`;
  }
  const types = Array.isArray(type) ? type : [type];
  if (type !== undefined && !types.every((name) => typeof name === 'string' && TYPES.includes(name))) {
    return `${at}/type is ${JSON.stringify(type)}: draft 4's types are ${TYPES.join(', ')}`;
  }
  if (allowed !== undefined && !(Array.isArray(allowed) && allowed.length > 0)) return `${at}/enum is ${JSON.stringify(allowed)}: "enum" is a list of the values allowed`;
  const children: [string, unknown][] = [];
  for (const keyword of ['properties', 'definitions', 'patternProperties']) {
    const members = schema[keyword];
    if (members === undefined) continue;
    if (!isObject(members)) return `${at}/${keyword} is ${JSON.stringify(members)}: "${keyword}" maps names to schemas`;
    children.push(...Object.entries(members).map(([name, child]): [string, unknown] => [`${at}/${keyword}/${name}`, child]));
  }
  for (const keyword of ['additionalProperties', 'additionalItems']) if (isObject(schema[keyword])) children.push([`${at}/${keyword}`, schema[keyword]]);
  if (schema.not !== undefined) children.push([`${at}/not`, schema.not]);
  const items = schema.items;
  if (items !== undefined) children.push(...(Array.isArray(items) ? items.map((child, i): [string, unknown] => [`${at}/items/${i}`, child]) : [[`${at}/items`, items] as [string, unknown]]));
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (list !== undefined) children.push(...(Array.isArray(list) ? list.map((child, i): [string, unknown] => [`${at}/${keyword}/${i}`, child]) : [[`${at}/${keyword}`, list] as [string, unknown]]));
  }
  for (const [where, child] of children) {
    const problem = draft4Problem(child, where);
    if (problem) return problem;
  }
  return undefined;
}

/** The learner's schema, parsed and checked to be a draft 4 JSON Schema; a problem fails the check, naming the file. */
function learnersSchema(t: CheckContext): Validator {
  const text = t.world.files[SCHEMA_FILE];
  if (text === undefined) t.fail(`Expected the schema in ${SCHEMA_FILE}, but the lesson has no such file.`);
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    t.fail(`${SCHEMA_FILE} is not JSON: ${(error as Error).message}`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) t.fail(`Expected ${SCHEMA_FILE} to hold a JSON object (a schema), but it holds ${JSON.stringify(schema)}.`);
  const declared = (schema as { $schema?: unknown }).$schema;
  // The registry's JSONSchemaDraft4 type: a reader (or a code generator) must know which draft the keywords are from.
  if (typeof declared !== 'string' || !/^https?:\/\/json-schema\.org\/draft-04\/schema#?$/.test(declared)) {
    t.fail(`Expected ${SCHEMA_FILE}'s "$schema" to name JSON Schema draft 4 ("http://json-schema.org/draft-04/schema#"), the draft EventBridge's schema registry takes, but it is ${JSON.stringify(declared)}.`);
  }
  const problem = draft4Problem(schema);
  if (problem) t.fail(`${SCHEMA_FILE} is not a draft 4 schema as written: ${problem}.`);
  try {
    return new Validator(schema as object, '4', false);
  } catch (error) {
    t.fail(`${SCHEMA_FILE} is not a schema the validator can use: ${(error as Error).message}`);
  }
}

/** A v2 event as EventBridge would deliver it, built around a PutEvents entry with this detail. */
const v2Event = (t: CheckContext, detail: Record<string, unknown>): Delivered =>
  t.envelope({ Source: 'myapp.users', DetailType: 'UserSignedUp.v2', Detail: JSON.stringify(detail) } satisfies PutEventsRequestEntry) as unknown as Delivered;

export default defineChecks({
  hints: {
    v1: 'What do the three older consumers read from the event, and under which names? Which field of the new user record fills the one whose name changed?',
    v2: 'How do the v1 rules decide which events they match, and what must differ in a v2 event so they let it pass? Which fields belong in its detail, under which names?',
    failures: 'When PutEvents answers FailedEntryCount 1, which of your entries is on the bus already? How do you find the one that failed, and what happens to every consumer if you put both again?',
    schema: 'Does your schema describe the whole event a consumer receives (the envelope, with the signup inside detail) or only the detail? Which detail fields does it require, and which keyword says a field must be there?',
  },
  checks: [
    {
      name: 'still welcomes, audits and counts every signup once, through version 1',
      hint: 'v1',
      async run(t: CheckContext) {
        await publish(t, kai);
        const seen = v1Effects(t, kai);
        const bus = `The default bus received: ${received(t)}.`;
        t.expect(seen.emails, `the number of welcome emails to ${kai.email} (welcome-email reads detail.email of UserSignedUp). ${bus} So:`).toBe(1);
        t.expect(seen.audited, `the number of audit records of ${kai.userId} (signup-audit reads detail.userId of UserSignedUp). ${bus} So:`).toBe(1);
        t.expect(seen.counted, `the count of ${kai.method} signups (signup-analytics counts by detail.signupMethod; the table holds ${seen.countedUnder})`).toBe(1);
      },
    },
    {
      name: 'publishes UserSignedUp.v2 beside it, with the new names and nothing more',
      hint: 'v2',
      async run(t: CheckContext) {
        // Billing's queue is what is judged: the v1 consumers need not run.
        t.deliverOnlyTo();
        await publish(t, kai);
        await publish(t, lea);
        const events = billing(t);
        if (events.length !== 2) {
          t.fail(`Expected two signups to deliver 2 events to billing's queue (its rule matches source "myapp.users" and detail-type "UserSignedUp.v2"), but it holds ${events.length}. The default bus received: ${received(t)}.`);
        }
        for (const user of [kai, lea]) {
          const event = events.find((e) => e.detail?.userId === user.userId);
          if (!event) t.fail(`Expected a v2 event whose detail.userId is ${JSON.stringify(user.userId)}, but the details delivered were ${events.map((e) => JSON.stringify(e.detail)).join(' and ')}.`);
          t.expect(event.detail, `the detail of ${user.userId}’s v2 event (the record it came from also held a passwordHash)`).toEqual(user);
        }
      },
    },
    {
      name: 'puts again only the entry EventBridge failed, so no signup is lost or doubled',
      hint: 'failures',
      async run(t: CheckContext) {
        // v1's delivery is counted by its welcome emails: of the v1 consumers, only the welcome function need run.
        t.deliverOnlyTo('welcome-email');
        // Four signups, each meeting failed PutEvents entries, as a real entry now and then fails: v1's, v2's, both,
        // then v2's twice. Which ones failed is in each answer's result entries, at their request entries' indexes.
        const failure = { errorCode: 'InternalFailure', errorMessage: 'Internal service error.' };
        const cases: [NewUser, string, Parameters<typeof t.cloud.events.injectPutEventsFailure>[0]][] = [
          [kai, 'its UserSignedUp entry', { ...failure, detailType: 'UserSignedUp' }],
          [lea, 'its UserSignedUp.v2 entry', { ...failure, detailType: 'UserSignedUp.v2' }],
          [{ userId: 'u-ola-9', email: 'ola@example.com', method: 'email', plan: 'pro', country: 'NO' }, 'both its entries', { ...failure, times: 2 }],
          // A second failure of v2 alone: the retry's one result entry answers for v2, not for v1.
          [{ userId: 'u-pia-10', email: 'pia@example.com', method: 'apple', plan: 'free', country: 'FI' }, 'its UserSignedUp.v2 entry twice', { ...failure, detailType: 'UserSignedUp.v2', times: 2 }],
        ];
        for (const [user, what, injected] of cases) {
          t.cloud.events.injectPutEventsFailure(injected);
          const result = await t.invoke(PRODUCER, record(user));
          await t.settle();
          const seen = v1Effects(t, user);
          const v2 = billing(t).filter((e) => e.detail?.userId === user.userId).length;
          if (seen.emails !== 1 || v2 !== 1) {
            t.fail(
              `Expected the signup of ${user.userId} to reach the v1 consumers once and billing once after PutEvents failed ${what} with InternalFailure, but ${seen.emails} welcome email${seen.emails === 1 ? '' : 's'} went out and billing received ${v2} v2 event${v2 === 1 ? '' : 's'}${result.functionError ? `; publishSignup failed with ${result.error?.errorMessage}` : ''}. The default bus received: ${received(t)}.`,
            );
          }
        }
      },
    },
    {
      name: 'gives up after a few attempts when an entry keeps failing, and says why',
      hint: 'failures',
      async run(t: CheckContext) {
        t.cloud.events.injectPutEventsFailure({ errorCode: 'InternalFailure', errorMessage: 'Internal service error.', times: 50 });
        const result = await t.invoke(PRODUCER, record(kai));
        await t.settle();
        if (!result.functionError) {
          t.fail(`Expected publishSignup to fail while PutEvents failed every entry with InternalFailure for 50 entries in a row, but it returned ${result.payload}: it kept putting them until EventBridge accepted them (retry a few times, not until it works), or it lost the signup without telling anyone. The default bus received: ${received(t)}.`);
        }
        t.expect(result.error?.errorMessage ?? '', 'the error’s message, which should name the failed entries’ ErrorCode,').toContain('InternalFailure');
      },
    },
    {
      name: 'the schema fits every UserSignedUp.v2 event as a consumer receives it',
      hint: 'schema',
      run(t: CheckContext) {
        const validator = learnersSchema(t);
        // Built from entries, not from the learner's producer: the schema is judged on its own.
        for (const user of [kai, lea, { userId: 'u-5521', email: 'mia@example.com', method: 'google', plan: 'pro', country: 'DE' }]) {
          const event = v2Event(t, { ...user });
          const { valid, errors } = validator.validate(event);
          if (!valid) {
            const why = errors.slice(-3).map((e) => `${e.instanceLocation}: ${e.error}`).join('; ');
            t.fail(`Expected ${SCHEMA_FILE} to accept this UserSignedUp.v2 event, as EventBridge delivers it:\n${JSON.stringify(event, null, 2)}\nbut it refused it (${why}).`);
          }
        }
      },
    },
    {
      name: 'the schema refuses events a v2 consumer could not use',
      hint: 'schema',
      run(t: CheckContext) {
        const validator = learnersSchema(t);
        const { passwordHash: _secret, ...good } = { ...record(kai) };
        const { userId: _id, ...noUserId } = good;
        const { plan: _plan, ...noPlan } = good;
        const { country: _country, ...noCountry } = good;
        const { email: _email, ...noEmail } = good;
        const { method, ...rest } = good;
        const unusable: [string, unknown][] = [
          ['a version 1 detail (signupMethod instead of method, no plan, no country)', v2Event(t, { userId: good.userId, email: good.email, signupMethod: method })],
          ['a detail without userId', v2Event(t, noUserId)],
          ['a detail without plan', v2Event(t, noPlan)],
          ['a detail without country', v2Event(t, noCountry)],
          ['a detail without email', v2Event(t, noEmail)],
          ['a detail without method', v2Event(t, rest)],
          ['an email that is a number', v2Event(t, { ...good, email: 42 })],
          ['a country that is a number', v2Event(t, { ...good, country: 81 })],
          ['an event without its detail', (({ detail: _d, ...envelope }) => envelope)(v2Event(t, good))],
        ];
        const accepted = unusable.filter(([, event]) => validator.validate(event).valid).map(([what]) => what);
        if (accepted.length > 0) t.fail(`Expected ${SCHEMA_FILE} to refuse events a v2 consumer could not use, but it accepted ${accepted.length} of ${unusable.length}: ${accepted.join('; ')}.`);
      },
    },
  ],
});
