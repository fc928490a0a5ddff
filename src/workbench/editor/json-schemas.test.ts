// The editor's schemas for the learner's alarms and input transformer files are generated from the lesson
// contract (src/lessons/architecture.ts): these pin what the learner sees, hovers included.
import { describe, expect, it } from 'vitest';
import { alarmSpec } from '../../lessons/architecture.ts';
import { alarmsSchema, INPUT_TRANSFORMER_SCHEMA } from './json-schemas.ts';

type Node = Record<string, any>;

describe('the alarms file schema', () => {
  const schema = alarmsSchema({ topics: [{ name: 'oncall' }, { name: 'pager' }], sampleEvents: [] }) as Node;
  const alarm = schema.items as Node;

  it('has exactly the keys of an alarm in the architecture, and refuses others', () => {
    expect(Object.keys(alarm.properties)).toEqual(Object.keys(alarmSpec.def.shape));
    expect(alarm.additionalProperties).toBe(false);
    expect(alarm.required).toEqual(['name', 'namespace', 'metricName', 'statistic', 'period', 'evaluationPeriods', 'threshold', 'comparisonOperator']);
  });

  it('offers only the lesson’s own topics for an alarm action', () => {
    expect(alarm.properties.alarmActions.items.properties.topic.enum).toEqual(['oncall', 'pager']);
  });

  it('hovers in Markdown, and guides values CloudWatch checks', () => {
    expect(alarm.properties.metricName).toMatchObject({
      markdownDescription: 'The metric, such as `"Errors"` (AWS/Lambda) or `"FailedInvocations"` (AWS/Events).',
      description: 'The metric, such as "Errors" (AWS/Lambda) or "FailedInvocations" (AWS/Events).',
    });
    expect(alarm.properties.period).toMatchObject({ type: 'integer', minimum: 60, multipleOf: 60, markdownDescription: 'Seconds per evaluated period: a multiple of 60.' });
    expect(alarm.properties.statistic.enum).toEqual(['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount']);
  });
});

describe('the input transformer file schema', () => {
  it('takes the API’s spelling or the architecture’s, each with its template required and no other keys', () => {
    const forms = (INPUT_TRANSFORMER_SCHEMA as Node).anyOf as Node[];
    expect(forms.map((form) => [Object.keys(form.properties), form.required, form.additionalProperties])).toEqual([
      [['InputPathsMap', 'InputTemplate'], ['InputTemplate'], false],
      [['inputPathsMap', 'inputTemplate'], ['inputTemplate'], false],
    ]);
    expect(forms[0]!.properties.InputPathsMap).toMatchObject({ maxProperties: 100, additionalProperties: { pattern: '^\\$', markdownDescription: 'A JSONPath into the event, starting at `$`.' } });
    expect(forms[0]!.properties.InputTemplate.markdownDescription).toMatch(/^What the target receives, with `<name>` placeholders/);
  });
});
