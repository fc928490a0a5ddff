import { describe, expect, it } from 'vitest';
import { Cloud } from '../cloud.ts';

const START = Date.UTC(2026, 10, 22, 9, 0, 0);

function alarmOnErrors(cloud: Cloud, evaluationPeriods = 1) {
  const { TopicArn } = cloud.sns.createTopic({ Name: 'oncall' });
  cloud.sqs.createQueue({ QueueName: 'pager' });
  cloud.sns.subscribe({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${cloud.account}:pager` });
  cloud.alarms.putMetricAlarm({
    AlarmName: 'welcome-email-errors',
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: 'welcome-email' }],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: evaluationPeriods,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    AlarmActions: [TopicArn!],
  });
}

const errors = (cloud: Cloud, value: number) => cloud.metrics.record('AWS/Lambda', 'Errors', { FunctionName: 'welcome-email' }, value, 'Count', cloud.clock.now());
const state = (cloud: Cloud) => cloud.alarms.describeAlarms().MetricAlarms[0]!.StateValue;

describe('CloudWatch alarms', () => {
  it('goes to ALARM when a minute breaches, notifies its topic, and back to OK when a minute does not', async () => {
    const cloud = new Cloud({ startTime: START });
    alarmOnErrors(cloud);
    expect(state(cloud)).toBe('INSUFFICIENT_DATA');
    errors(cloud, 2);
    await cloud.clock.advance(60_000);
    expect(state(cloud)).toBe('ALARM');
    expect(cloud.alarms.describeAlarms().MetricAlarms[0]!.StateReason).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (22/11/26 09:00:00)] was greater than the threshold (0.0) (minimum 1 datapoint for OK -> ALARM transition).',
    );
    const [message] = cloud.sqs.peek('pager');
    expect(JSON.parse(JSON.parse(message!.body).Message)).toMatchObject({ AlarmName: 'welcome-email-errors', NewStateValue: 'ALARM', OldStateValue: 'INSUFFICIENT_DATA' });

    errors(cloud, 0);
    await cloud.clock.advance(60_000);
    expect(state(cloud)).toBe('OK');
    expect(cloud.alarms.history().map((t) => t.newState)).toEqual(['ALARM', 'OK']);
  });

  it('needs every one of its evaluation periods to breach', async () => {
    const cloud = new Cloud({ startTime: START });
    alarmOnErrors(cloud, 3);
    errors(cloud, 1);
    await cloud.clock.advance(60_000);
    errors(cloud, 0);
    await cloud.clock.advance(60_000);
    errors(cloud, 1);
    await cloud.clock.advance(60_000);
    expect(state(cloud)).toBe('OK');
  });

  it('refuses a period that is not a whole number of minutes', () => {
    const cloud = new Cloud();
    expect(() => cloud.alarms.putMetricAlarm({ AlarmName: 'a', Namespace: 'n', MetricName: 'm', Statistic: 'Sum', Period: 90, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' })).toThrow(
      'The parameter Period must be a multiple of 60 for metrics at standard resolution.',
    );
  });
});
