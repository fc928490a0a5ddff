import { describe, expect, it } from 'vitest';
import type { SandboxHost } from '../lambda/host/host.ts';
import { defineArchitecture } from './architecture.ts';
import { buildLesson, LessonFileError } from './build.ts';
import { ArchitectureError } from './references.ts';

const noCode: SandboxHost = {
  start() {
    throw new Error('these lessons have no functions');
  },
};

const alarm = { name: 'errors', namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum', period: 60, evaluationPeriods: 1, threshold: 0, comparisonOperator: 'GreaterThanThreshold' };

const withAlarms = defineArchitecture({ topics: [{ name: 'oncall' }], alarms: { file: 'alarms.json' }, sampleEvents: [] });
const withTransformer = defineArchitecture({
  queues: [{ name: 'out' }],
  rules: [{ name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 'out', to: { queue: 'out' }, inputTransformer: { file: 'transformer.json' } }] }],
  sampleEvents: [],
});

function buildError(architecture: typeof withAlarms, files: Record<string, string>): string {
  try {
    buildLesson(architecture, files, noCode).dispose();
  } catch (error) {
    expect(error).toBeInstanceOf(LessonFileError);
    return (error as Error).message;
  }
  throw new Error('the lesson was built');
}

describe('a learner’s JSON files are read strictly', () => {
  it('names a misspelt alarm key, and the key that was meant, instead of ignoring it', () => {
    const files = { 'alarms.json': JSON.stringify([{ ...alarm, alarmAction: [{ topic: 'oncall' }] }]) };
    expect(buildError(withAlarms, files)).toBe('alarms.json: alarm 1 has an unknown key "alarmAction" (did you mean "alarmActions"?).');
  });

  it('names an alarm action whose topic the lesson does not have', () => {
    const files = { 'alarms.json': JSON.stringify([{ ...alarm, alarmActions: [{ topic: 'on-call' }] }]) };
    expect(buildError(withAlarms, files)).toBe('alarms.json: alarm 1, alarmActions[0].topic: the lesson has no topic "on-call", only "oncall".');
  });

  it('builds a correct alarm', () => {
    const world = buildLesson(withAlarms, { 'alarms.json': JSON.stringify([{ ...alarm, alarmActions: [{ topic: 'oncall' }] }]) }, noCode);
    expect(world.cloud.alarms.describeAlarms().MetricAlarms.map((a) => a.AlarmName)).toEqual(['errors']);
    world.dispose();
  });

  it('names a missing alarm key, and a statistic CloudWatch does not have', () => {
    const { threshold: _, ...noThreshold } = alarm;
    expect(buildError(withAlarms, { 'alarms.json': JSON.stringify([alarm, noThreshold]) })).toBe('alarms.json: alarm 2 has no "threshold".');
    expect(buildError(withAlarms, { 'alarms.json': JSON.stringify([{ ...alarm, statistic: 'sum' }]) })).toBe(
      'alarms.json: alarm 1, statistic: "sum" is not one of "Sum", "Average", "Maximum", "Minimum", "SampleCount" (did you mean "Sum"?).',
    );
    expect(buildError(withAlarms, { 'alarms.json': JSON.stringify(alarm) })).toBe('alarms.json: must be a list, not an object.');
  });

  it('leaves the values CloudWatch judges to CloudWatch, in its words', () => {
    expect(buildError(withAlarms, { 'alarms.json': JSON.stringify([{ ...alarm, period: 90 }]) })).toBe(
      'alarms.json: ValidationException: The parameter Period must be a multiple of 60 for metrics at standard resolution.',
    );
  });

  it('names a misspelt key in an input transformer file', () => {
    const files = { 'transformer.json': JSON.stringify({ InputPathMap: { id: '$.id' }, InputTemplate: '"<id>"' }) };
    expect(buildError(withTransformer, files)).toBe('transformer.json: has an unknown key "InputPathMap" (did you mean "InputPathsMap"?).');
  });

  it('says what an input transformer file must hold when it is not one', () => {
    expect(buildError(withTransformer, { 'transformer.json': JSON.stringify({ template: '"x"' }) })).toBe(
      'transformer.json: must be a JSON object with an "InputTemplate" (and an "InputPathsMap" if the template has placeholders).',
    );
  });
});

describe('the simulator builds only an architecture that keeps the contract', () => {
  it('refuses a target that names a queue the architecture does not declare, naming the rule, the target and the name', () => {
    const broken = defineArchitecture({ queues: [{ name: 'out' }], rules: [{ name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 't', to: { queue: 'outt' } }] }], sampleEvents: [] });
    expect(() => buildLesson(broken, {}, noCode)).toThrow(ArchitectureError);
    expect(() => buildLesson(broken, {}, noCode)).toThrow('architecture.ts: The rule r\'s target t names the queue "outt", but the architecture declares no queue of that name (it has "out").');
  });
});
