import { describe, expect, it } from 'vitest';
import type { SandboxHost } from '../lambda/host/host.ts';
import { defineArchitecture } from './architecture.ts';
import { defineChecks, expectThat, runCheck, runChecks } from './checks.ts';

const noCode: SandboxHost = {
  start() {
    throw new Error('these lessons have no functions');
  },
};

const architecture = defineArchitecture({
  queues: [{ name: 'signups' }],
  rules: [{ name: 'signups', eventPattern: { file: 'pattern.json' }, targets: [{ id: 'q', to: { queue: 'signups' } }] }],
  sampleEvents: [{ name: 'UserSignedUp', entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '1' } } }],
});

const checks = defineChecks({
  hints: { pattern: 'Which field says what happened?' },
  checks: [
    {
      name: 'delivers a signup',
      hint: 'pattern',
      async run(t) {
        await t.send(t.sample('UserSignedUp'));
        t.expect(t.queue('signups').length, 'the number of deliveries').toBe(1);
      },
    },
    {
      name: 'runs in the account it is deployed to',
      deployedTo: { account: '210987654321', region: 'eu-west-1' },
      arrange: (given) => ({ ...given, queues: [...(given.queues ?? []), { name: 'extra' }] }),
      run(t) {
        t.expect(`${t.cloud.account} ${t.cloud.region}`, 'the account and Region').toBe('210987654321 eu-west-1');
        t.expect(t.cloud.sqs.peek('extra').length, 'the messages in the arranged queue').toBe(0);
      },
    },
  ],
});

describe('running a lesson’s checks', () => {
  it('gives the hint with a requirement not met', async () => {
    const [result] = await runChecks({ architecture, checks, files: { 'pattern.json': '{"source":["nobody"]}' } }, noCode);
    expect(result).toEqual({ name: 'delivers a signup', status: 'fail', message: 'Expected the number of deliveries to be 1, but it was 0.', hint: 'Which field says what happened?' });
  });

  it('names the file AWS refused, without a hint written for another cause', async () => {
    const result = await runCheck({ architecture, checks, files: { 'pattern.json': '{"source":"myapp.users"}' } }, checks.checks[0]!, noCode);
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^pattern\.json: InvalidEventPatternException: Event pattern is not valid\. Reason: /);
    expect(result.hint).toBeUndefined();
  });

  it('builds a check’s own account and arrangement, leaving the lesson’s architecture as it was', async () => {
    const result = await runCheck({ architecture, checks, files: { 'pattern.json': '{"source":["myapp.users"]}' } }, checks.checks[1]!, noCode);
    expect(result).toEqual({ name: 'runs in the account it is deployed to', status: 'pass' });
    expect(architecture.queues).toEqual([{ name: 'signups' }]);
  });
});

describe('a check’s assertions', () => {
  it('compare JSON as data: objects with the same members in another order are equal, other values are not', () => {
    expect(() => expectThat({ a: 1, b: { c: [1, { d: true, e: null }] } }, 'the update').toEqual({ b: { c: [1, { e: null, d: true }] }, a: 1 })).not.toThrow();
    expect(() => expectThat([{ a: 1, b: 2 }], 'the updates').toContain({ b: 2, a: 1 })).not.toThrow();
    expect(() => expectThat({ weightKg: '2.4' }, 'the update').toEqual({ weightKg: 2.4 })).toThrow('Expected the update to be {"weightKg":2.4}, but it was {"weightKg":"2.4"}.');
    expect(() => expectThat([1, 2], 'the list').toEqual([2, 1])).toThrow();
  });
});
