import { describe, expect, it } from 'vitest';
import { defineArchitecture } from './architecture.ts';
import { referenceProblems } from './references.ts';

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
});
