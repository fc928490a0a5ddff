import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const RULE = 'user-signed-up';
const QUEUE = 'signups';

/** The event as the rule sees it: the envelope EventBridge builds around a sample's entry. */
function envelope(t: CheckContext, sampleName: string): object {
  const entry = t.sample(sampleName);
  return {
    version: '0',
    id: '00000000-0000-4000-8000-000000000000',
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: t.cloud.account,
    time: '2026-11-22T09:00:00Z',
    region: t.cloud.region,
    resources: [],
    detail: JSON.parse(entry.Detail ?? '{}') as unknown,
  };
}

/** Why pattern.json does or does not match a sample, field by field, as `npm run pattern -- explain` prints it. */
const why = (t: CheckContext, sampleName: string): string => indent(t.match(t.world.files['pattern.json'] ?? '', envelope(t, sampleName)).reasons);
const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');

/** The user ids of the events the rule delivered to its queue. */
const delivered = (t: CheckContext): string[] => t.queue(QUEUE).map((body) => String((JSON.parse(body) as { detail?: { userId?: unknown } }).detail?.userId));

async function expectDelivered(t: CheckContext, sampleName: string) {
  await t.send(t.sample(sampleName));
  if (delivered(t).length !== 1) {
    t.fail(`Expected the rule ${RULE} to deliver the event "${sampleName}" to the queue ${QUEUE}, but nothing arrived. pattern.json against that event:\n${why(t, sampleName)}`);
  }
}

async function expectIgnored(t: CheckContext, sampleName: string) {
  await t.send(t.sample(sampleName));
  if (delivered(t).length !== 0) {
    t.fail(`Expected the rule ${RULE} to ignore the event "${sampleName}", but it delivered it to the queue ${QUEUE}. pattern.json against that event:\n${why(t, sampleName)}`);
  }
}

export default defineChecks({
  hints: [
    'Which field of the event says who produced it, and which says what happened? What are their values in a UserSignedUp from the users service? Is each value in the pattern inside an array?',
    'Both events come from myapp.users. Which field tells a UserDeleted apart from a UserSignedUp, and does your pattern name that field?',
    'Both events say UserSignedUp. Which field tells the users service’s signups apart from the admin tool’s? Does your pattern name it, and are a pattern’s fields combined with AND or with OR?',
    'Does your pattern ask for anything the signups do not all share, such as a value inside `detail`? What does a field the pattern leaves out do?',
  ],
  checks: [
    {
      name: 'matches a UserSignedUp from myapp.users',
      hint: 0,
      async run(t) {
        await expectDelivered(t, 'UserSignedUp');
      },
    },
    {
      name: 'does not match UserDeleted from the same source',
      hint: 1,
      async run(t) {
        await expectIgnored(t, 'UserDeleted');
      },
    },
    {
      name: 'does not match a UserSignedUp from another source (myapp.admin)',
      hint: 2,
      async run(t) {
        await expectIgnored(t, 'UserSignedUp from myapp.admin');
      },
    },
    {
      name: 'delivers exactly the signups, however they signed up, when several events arrive together',
      hint: 3,
      async run(t) {
        const samples = t.world.architecture.sampleEvents.map((sample) => sample.name);
        await t.send(...samples.map((name) => t.sample(name)));
        const wanted = ['UserSignedUp', 'UserSignedUp via Google', 'UserSignedUp via GitHub'];
        const got = delivered(t);
        const wrong = samples.filter((name) => {
          const userId = (JSON.parse(t.sample(name).Detail ?? '{}') as { userId?: string }).userId;
          return wanted.includes(name) !== got.includes(String(userId));
        });
        if (wrong.length > 0 || got.length !== wanted.length) {
          const lines = wrong.map((name) => `  "${name}" was ${wanted.includes(name) ? 'not delivered, but should be' : 'delivered, but should not be'}:\n${why(t, name)}`);
          t.fail(`Expected the ${samples.length} events sent together to deliver exactly ${wanted.map((n) => `"${n}"`).join(' and ')}, but the queue ${QUEUE} received ${got.length}.\n${lines.join('\n')}`);
        }
      },
    },
  ],
});
