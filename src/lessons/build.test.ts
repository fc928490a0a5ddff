import { describe, expect, it } from 'vitest';
import type { SandboxHost } from '../lambda/host/host.ts';
import { defineArchitecture } from './architecture.ts';
import { buildLesson, LessonFileError } from './build.ts';

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
    expect(buildError(withAlarms, files)).toBe('alarms.json: alarm 1: an alarm action names the topic "on-call", but the lesson has only "oncall".');
  });

  it('builds a correct alarm', () => {
    const world = buildLesson(withAlarms, { 'alarms.json': JSON.stringify([{ ...alarm, alarmActions: [{ topic: 'oncall' }] }]) }, noCode);
    expect(world.cloud.alarms.describeAlarms().MetricAlarms.map((a) => a.AlarmName)).toEqual(['errors']);
    world.dispose();
  });

  it('names a misspelt key in an input transformer file', () => {
    const files = { 'transformer.json': JSON.stringify({ InputPathMap: { id: '$.id' }, InputTemplate: '"<id>"' }) };
    expect(buildError(withTransformer, files)).toBe('transformer.json: has an unknown key "InputPathMap" (did you mean "InputPathsMap"?).');
  });
});
