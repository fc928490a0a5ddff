import { describe, expect, it } from 'vitest';
import { inCourseOrder, lessonRef, neighbours } from './catalog.ts';

describe('lesson catalog', () => {
  it('reads the lesson number from the folder name', () => {
    expect(lessonRef('07-status-changes')).toEqual({ id: '07-status-changes', number: 7 });
  });

  it('refuses a folder not named NN-slug, saying what the name should look like', () => {
    expect(() => lessonRef('events')).toThrow(
      'Lesson folder "events" must be named NN-slug: two digits, a dash, then lowercase words joined by dashes (for example "01-events-and-the-bus").',
    );
    expect(() => lessonRef('1-events')).toThrow(/must be named NN-slug/);
    expect(() => lessonRef('01-Events')).toThrow(/must be named NN-slug/);
  });

  it('orders lessons by number, not by the order they were found', () => {
    const found = [{ id: '10-replay' }, { id: '02-rules-and-patterns' }, { id: '01-events-and-the-bus' }];
    expect(inCourseOrder(found).map((l) => l.id)).toEqual(['01-events-and-the-bus', '02-rules-and-patterns', '10-replay']);
  });

  it('refuses two lessons with the same number', () => {
    expect(() => inCourseOrder([{ id: '03-welcome-email' }, { id: '03-audit' }])).toThrow(
      'Lessons "03-welcome-email" and "03-audit" share the number 03.',
    );
  });

  it('gives the previous and next lesson, and none past either end', () => {
    const course = [{ id: '01-a' }, { id: '02-b' }, { id: '03-c' }];
    expect(neighbours(course, '02-b')).toEqual({ previous: { id: '01-a' }, next: { id: '03-c' } });
    expect(neighbours(course, '01-a').previous).toBeUndefined();
    expect(neighbours(course, '03-c').next).toBeUndefined();
    expect(() => neighbours(course, '09-z')).toThrow('No lesson "09-z" in the course.');
  });
});
