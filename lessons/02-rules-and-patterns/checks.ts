import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const RULE = 'user-signed-up';
const QUEUE = 'signups';

/** An event the learner never sees as a sample: a check's own near miss or new kind of signup. */
interface HiddenEvent {
  name: string;
  entry: PutEventsRequestEntry;
}

const hidden = (name: string, source: string, detailType: string, detail: Record<string, unknown>): HiddenEvent => ({
  name,
  entry: { Source: source, DetailType: detailType, Detail: JSON.stringify(detail) },
});

/** Signups the pattern must take, though no sample shows them: a method added next month, a detail with fewer fields. */
const UNSEEN_SIGNUPS: HiddenEvent[] = [
  hidden('UserSignedUp via Apple (a method no sample uses)', 'myapp.users', 'UserSignedUp', { userId: '20001', email: 'ivy@example.com', signupMethod: 'apple' }),
  hidden('UserSignedUp with no signupMethod', 'myapp.users', 'UserSignedUp', { userId: '20002', email: 'joe@example.com' }),
  hidden('UserSignedUp with no email yet (phone signup)', 'myapp.users', 'UserSignedUp', { userId: '20003', phone: '+15555550100', signupMethod: 'phone' }),
];

/** Events that look like a signup to a pattern that is too loose. None of them is a signup from the users service. */
const NEAR_MISSES: HiddenEvent[] = [
  hidden('UserSignedUpFailed from myapp.users', 'myapp.users', 'UserSignedUpFailed', { userId: '30001', email: 'kim@example.com', signupMethod: 'email' }),
  hidden('usersignedup (lower case) from myapp.users', 'myapp.users', 'usersignedup', { userId: '30002', email: 'lea@example.com', signupMethod: 'email' }),
  hidden('UserSignupFollowUp from myapp.users', 'myapp.users', 'UserSignupFollowUp', { userId: '30003', email: 'max@example.com', signupMethod: 'email' }),
  hidden('UserEmailChanged (with an email) from myapp.users', 'myapp.users', 'UserEmailChanged', { userId: '30004', email: 'ned@example.com', signupMethod: 'email' }),
  hidden('UserSignedUp from otherapp.users', 'otherapp.users', 'UserSignedUp', { userId: '30005', email: 'oli@example.com', signupMethod: 'email' }),
  hidden('UserSignedUp from myapp.users.staging', 'myapp.users.staging', 'UserSignedUp', { userId: '30006', email: 'pat@example.com', signupMethod: 'email' }),
  hidden('UserSignedUp from MyApp.Users', 'MyApp.Users', 'UserSignedUp', { userId: '30007', email: 'quin@example.com', signupMethod: 'email' }),
  hidden('NewsletterSignedUp from myapp.users', 'myapp.users', 'NewsletterSignedUp', { userId: '30008', email: 'rae@example.com', signupMethod: 'email' }),
  // The same misses with other signup methods: a pattern must not let an event in for its signupMethod alone.
  hidden('UserSignedUpFailed (a Google signup) from myapp.users', 'myapp.users', 'UserSignedUpFailed', { userId: '30009', email: 'sam@example.com', signupMethod: 'google' }),
  hidden('UserDeleted (of a GitHub user) from myapp.users', 'myapp.users', 'UserDeleted', { userId: '30010', signupMethod: 'github' }),
  hidden('UserSignedUp (GitHub) from otherapp.users', 'otherapp.users', 'UserSignedUp', { userId: '30011', email: 'tia@example.com', signupMethod: 'github' }),
];

/** Why pattern.json does or does not match an event, field by field, as `npm run pattern -- explain` prints it. */
const whyEntry = (t: CheckContext, entry: PutEventsRequestEntry): string => indent(t.match(t.world.files['pattern.json'] ?? '', t.envelope(entry)).reasons);
const why = (t: CheckContext, sampleName: string): string => whyEntry(t, t.sample(sampleName));
const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');

const userIdOf = (entry: PutEventsRequestEntry): string => String((JSON.parse(entry.Detail ?? '{}') as { userId?: unknown }).userId);

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
  hints: {
    sourceAndDetailType: 'Which field of the event says who produced it, and which says what happened? What are their values in a UserSignedUp from the users service? Is each value in the pattern inside an array?',
    detailType: 'Both events come from myapp.users. Which field tells a UserDeleted apart from a UserSignedUp, and does your pattern name that field? Does it compare the value exactly, or does it also let through values that only start, end or look alike?',
    source: 'Both events say UserSignedUp. Which field tells the users service’s signups apart from the admin tool’s? Does your pattern name it, and are a pattern’s fields combined with AND or with OR?',
    nothingMore: 'Does your pattern ask for anything the signups do not all share, such as a value inside `detail`? What does a field the pattern leaves out do?',
  },
  checks: [
    {
      name: 'matches a UserSignedUp from myapp.users',
      hint: 'sourceAndDetailType',
      async run(t) {
        await expectDelivered(t, 'UserSignedUp');
      },
    },
    {
      name: 'does not match UserDeleted from the same source',
      hint: 'detailType',
      async run(t) {
        await expectIgnored(t, 'UserDeleted');
      },
    },
    {
      name: 'does not match a UserSignedUp from another source (myapp.admin)',
      hint: 'source',
      async run(t) {
        await expectIgnored(t, 'UserSignedUp from myapp.admin');
      },
    },
    {
      name: 'matches every signup from myapp.users, even a kind no sample shows',
      hint: 'nothingMore',
      async run(t) {
        await t.send(...UNSEEN_SIGNUPS.map((event) => event.entry));
        const got = delivered(t);
        const missed = UNSEEN_SIGNUPS.filter((event) => !got.includes(userIdOf(event.entry)));
        if (missed.length > 0) {
          t.fail(`Expected every UserSignedUp from myapp.users to reach the queue ${QUEUE}, whatever its detail holds, but these did not:\n${missed.map((event) => `  "${event.name}":\n${whyEntry(t, event.entry)}`).join('\n')}`);
        }
      },
    },
    {
      name: 'ignores events that only look like a signup: other detail-types, spellings and sources',
      hint: 'detailType',
      async run(t) {
        await t.sendAll(NEAR_MISSES.map((event) => event.entry));
        const got = delivered(t);
        const leaked = NEAR_MISSES.filter((event) => got.includes(userIdOf(event.entry)));
        if (leaked.length > 0) {
          t.fail(
            `Expected the rule ${RULE} to let through only UserSignedUp, spelled exactly so, from myapp.users, but it also delivered:\n${leaked.map((event) => `  "${event.name}":\n${whyEntry(t, event.entry)}`).join('\n')}`,
          );
        }
      },
    },
    {
      name: 'matches signups in whichever account and Region the rule is deployed to',
      hint: 'nothingMore',
      // The lesson deployed by an instructor lands in their own account: the pattern must not pin the sample's.
      deployedTo: { account: '210987654321', region: 'eu-west-1' },
      async run(t) {
        await expectDelivered(t, 'UserSignedUp');
      },
    },
    {
      name: 'delivers exactly the signups, however they signed up, when several events arrive together',
      hint: 'nothingMore',
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
