// CloudWatch metric alarms in memory: an alarm watches one metric's statistic over fixed periods and goes to
// ALARM when the last EvaluationPeriods periods all breach the threshold, back to OK when they do not, and
// notifies its SNS topics on the way into ALARM. Evaluated once a minute of virtual time.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
//
// Left out: DatapointsToAlarm other than EvaluationPeriods ("M out of N" with M < N), TreatMissingData other
// than `missing` (periods with no data are skipped; no data at all is INSUFFICIENT_DATA), percentiles,
// anomaly detection, composite alarms, and the CloudWatch API on the wire (alarms come from a lesson's
// architecture).

import type { VirtualClock } from '../../bus/clock.ts';
import { ValidationException } from '../../bus/errors.ts';
import type { Metrics, MinuteStatistic } from './metrics.ts';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type ComparisonOperator = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
export type Statistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount';

export interface MetricAlarmInput {
  AlarmName: string;
  AlarmDescription?: string;
  Namespace: string;
  MetricName: string;
  Dimensions?: { Name: string; Value: string }[];
  Statistic: Statistic;
  /** Seconds, a multiple of 60. */
  Period: number;
  EvaluationPeriods: number;
  Threshold: number;
  ComparisonOperator: ComparisonOperator;
  /** SNS topic ARNs notified on the transition into ALARM. */
  AlarmActions?: string[];
}

export interface MetricAlarm extends MetricAlarmInput {
  AlarmArn: string;
  StateValue: AlarmState;
  StateReason: string;
  StateUpdatedTimestamp: Date;
}

export interface AlarmTransition {
  alarmName: string;
  oldState: AlarmState;
  newState: AlarmState;
  reason: string;
  at: number;
}

const COMPARE: Record<ComparisonOperator, { test: (value: number, threshold: number) => boolean; words: string }> = {
  GreaterThanThreshold: { test: (v, t) => v > t, words: 'greater than' },
  GreaterThanOrEqualToThreshold: { test: (v, t) => v >= t, words: 'greater than or equal to' },
  LessThanThreshold: { test: (v, t) => v < t, words: 'less than' },
  LessThanOrEqualToThreshold: { test: (v, t) => v <= t, words: 'less than or equal to' },
};

const STATISTICS: Statistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

export interface AlarmOptions {
  metrics: Metrics;
  clock: VirtualClock;
  account: string;
  region: string;
  /** Publishes an alarm notification to an SNS topic ARN. */
  notify: (topicArn: string, message: string, subject: string) => void;
}

export class Alarms {
  readonly #options: AlarmOptions;
  readonly #alarms = new Map<string, MetricAlarm>();
  readonly #history: AlarmTransition[] = [];
  #ticking = false;

  constructor(options: AlarmOptions) {
    this.#options = options;
  }

  putMetricAlarm(input: MetricAlarmInput): void {
    if (!(input.ComparisonOperator in COMPARE)) {
      throw new ValidationException(
        `1 validation error detected: Value '${input.ComparisonOperator}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(COMPARE).join(', ')}]`,
      );
    }
    if (!STATISTICS.includes(input.Statistic)) {
      throw new ValidationException(
        `1 validation error detected: Value '${input.Statistic}' at 'statistic' failed to satisfy constraint: Member must satisfy enum value set: [${STATISTICS.join(', ')}]`,
      );
    }
    if (typeof input.Threshold !== 'number') throw new ValidationException('The parameter Threshold must be a number.');
    if (input.Period < 60 || input.Period % 60 !== 0) throw new ValidationException('The parameter Period must be a multiple of 60 for metrics at standard resolution.');
    if (!Number.isInteger(input.EvaluationPeriods) || input.EvaluationPeriods < 1) throw new ValidationException('The parameter EvaluationPeriods must be greater than or equal to 1.');
    const { account, region, clock } = this.#options;
    this.#alarms.set(input.AlarmName, {
      ...structuredClone(input),
      AlarmArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${input.AlarmName}`,
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: new Date(clock.now()),
    });
    this.#startTicking();
  }

  describeAlarms(names?: string[]): { MetricAlarms: MetricAlarm[] } {
    const alarms = [...this.#alarms.values()].filter((a) => !names || names.includes(a.AlarmName));
    return { MetricAlarms: alarms.map((a) => structuredClone(a)) };
  }

  /** Every state change so far, oldest first. */
  history(alarmName?: string): AlarmTransition[] {
    return this.#history.filter((t) => !alarmName || t.alarmName === alarmName);
  }

  /** Evaluates every alarm as of `now` (the clock does this each minute). */
  evaluate(now = this.#options.clock.now()): void {
    for (const alarm of this.#alarms.values()) this.#evaluate(alarm, now);
  }

  #startTicking(): void {
    if (this.#ticking) return;
    this.#ticking = true;
    const { clock } = this.#options;
    const tick = () => {
      this.evaluate();
      clock.at(nextMinute(clock.now()), tick, { background: true });
    };
    clock.at(nextMinute(clock.now()), tick, { background: true });
  }

  #evaluate(alarm: MetricAlarm, now: number): void {
    const periodMs = alarm.Period * 1000;
    // The periods that have ended by now, newest last.
    const end = Math.floor(now / periodMs) * periodMs;
    const dimensions = Object.fromEntries((alarm.Dimensions ?? []).map((d) => [d.Name, d.Value]));
    const points: { at: number; value: number }[] = [];
    for (let i = alarm.EvaluationPeriods; i >= 1; i--) {
      const from = end - i * periodMs;
      const minutes = this.#options.metrics.minutes({ namespace: alarm.Namespace, name: alarm.MetricName, dimensions }, from, from + periodMs);
      if (minutes.length > 0) points.push({ at: from, value: statistic(alarm.Statistic, minutes) });
    }
    if (points.length === 0) {
      this.#transition(alarm, 'INSUFFICIENT_DATA', 'Insufficient Data: no datapoints were received for the evaluation periods.', now);
      return;
    }
    const compare = COMPARE[alarm.ComparisonOperator];
    const breaching = points.filter((p) => compare.test(p.value, alarm.Threshold));
    const shown = points.map((p) => `${p.value.toFixed(1)} (${stamp(p.at)})`).join(', ');
    if (breaching.length === alarm.EvaluationPeriods) {
      const reason = `Threshold Crossed: ${breaching.length} out of the last ${alarm.EvaluationPeriods} datapoints [${shown}] ${breaching.length === 1 ? 'was' : 'were'} ${compare.words} the threshold (${alarm.Threshold.toFixed(1)}) (minimum ${alarm.EvaluationPeriods} datapoint${alarm.EvaluationPeriods === 1 ? '' : 's'} for OK -> ALARM transition).`;
      this.#transition(alarm, 'ALARM', reason, now);
    } else {
      const reason = `Threshold Crossed: ${points.length - breaching.length} out of the last ${points.length} datapoints [${shown}] ${points.length - breaching.length === 1 ? 'was' : 'were'} not ${compare.words} the threshold (${alarm.Threshold.toFixed(1)}) (minimum 1 datapoint for ALARM -> OK transition).`;
      this.#transition(alarm, 'OK', reason, now);
    }
  }

  #transition(alarm: MetricAlarm, state: AlarmState, reason: string, now: number): void {
    if (alarm.StateValue === state) return;
    const oldState = alarm.StateValue;
    alarm.StateValue = state;
    alarm.StateReason = reason;
    alarm.StateUpdatedTimestamp = new Date(now);
    this.#history.push({ alarmName: alarm.AlarmName, oldState, newState: state, reason, at: now });
    if (state !== 'ALARM') return;
    // The notification CloudWatch publishes to an alarm's SNS topics.
    const message = JSON.stringify({
      AlarmName: alarm.AlarmName,
      AlarmDescription: alarm.AlarmDescription ?? null,
      AWSAccountId: this.#options.account,
      NewStateValue: state,
      NewStateReason: reason,
      StateChangeTime: new Date(now).toISOString().replace('Z', '+0000'),
      Region: this.#options.region,
      AlarmArn: alarm.AlarmArn,
      OldStateValue: oldState,
      Trigger: {
        MetricName: alarm.MetricName,
        Namespace: alarm.Namespace,
        StatisticType: 'Statistic',
        Statistic: alarm.Statistic.toUpperCase(),
        Dimensions: (alarm.Dimensions ?? []).map((d) => ({ value: d.Value, name: d.Name })),
        Period: alarm.Period,
        EvaluationPeriods: alarm.EvaluationPeriods,
        ComparisonOperator: alarm.ComparisonOperator,
        Threshold: alarm.Threshold,
      },
    });
    for (const topic of alarm.AlarmActions ?? []) this.#options.notify(topic, message, `ALARM: "${alarm.AlarmName}" in ${this.#options.region}`);
  }
}

function statistic(kind: Statistic, minutes: MinuteStatistic[]): number {
  const sum = minutes.reduce((s, m) => s + m.sum, 0);
  const count = minutes.reduce((s, m) => s + m.sampleCount, 0);
  switch (kind) {
    case 'Sum':
      return sum;
    case 'SampleCount':
      return count;
    case 'Average':
      return count === 0 ? 0 : sum / count;
    case 'Maximum':
      return Math.max(...minutes.map((m) => m.maximum));
    case 'Minimum':
      return Math.min(...minutes.map((m) => m.minimum));
  }
}

const nextMinute = (now: number) => Math.floor(now / 60_000) * 60_000 + 60_000;

/** `22/11/26 09:01:00`, as CloudWatch writes datapoint times in a state reason. */
function stamp(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
