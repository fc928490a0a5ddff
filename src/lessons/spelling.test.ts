import { describe, expect, it } from 'vitest';
import { nearestWord, unknownKeyProblem } from './spelling.ts';

describe('unknown keys in a learner’s JSON', () => {
  const known = ['name', 'alarmActions', 'statistic', 'period'];

  it('names a misspelt key and the key that was meant', () => {
    expect(unknownKeyProblem({ name: 'a', alarmAction: [] }, known)).toBe('has an unknown key "alarmAction" (did you mean "alarmActions"?)');
    expect(unknownKeyProblem({ Statistic: 'Sum' }, known)).toBe('has an unknown key "Statistic" (did you mean "statistic"?)');
  });

  it('lists the keys it takes when nothing is close', () => {
    expect(unknownKeyProblem({ colour: 'red' }, known)).toBe('has an unknown key "colour" (the keys it takes are "name", "alarmActions", "statistic", "period")');
  });

  it('says nothing when every key is known', () => {
    expect(unknownKeyProblem({ name: 'a', period: 60 }, known)).toBeUndefined();
  });

  it('suggests only words that are close', () => {
    expect(nearestWord('perod', known)).toBe('period');
    expect(nearestWord('threshold', known)).toBeUndefined();
  });
});
