/**
 * The course's order: lessons live in `lessons/NN-slug/` and are taught in the order of NN.
 * Plain data in, plain data out, so pages and tests share one rule.
 */

export interface LessonRef {
  /** The folder name, `NN-slug`; also the lesson's URL segment. */
  id: string;
  /** NN as a number. */
  number: number;
}

export const LESSON_ID = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function lessonRef(id: string): LessonRef {
  const match = LESSON_ID.exec(id);
  if (!match) {
    throw new Error(
      `Lesson folder "${id}" must be named NN-slug: two digits, a dash, then lowercase words joined by dashes (for example "01-events-and-the-bus").`,
    );
  }
  return { id, number: Number(match[1]) };
}

/** Sorts lessons by number and refuses two lessons with the same number. */
export function inCourseOrder<T extends { id: string }>(lessons: readonly T[]): T[] {
  const seen = new Map<number, string>();
  for (const { id } of lessons) {
    const { number } = lessonRef(id);
    const other = seen.get(number);
    if (other) throw new Error(`Lessons "${other}" and "${id}" share the number ${String(number).padStart(2, '0')}.`);
    seen.set(number, id);
  }
  return [...lessons].sort((a, b) => lessonRef(a.id).number - lessonRef(b.id).number);
}

export interface Neighbours<T> {
  previous: T | undefined;
  next: T | undefined;
}

/** The lessons before and after `id` in an ordered list. */
export function neighbours<T extends { id: string }>(ordered: readonly T[], id: string): Neighbours<T> {
  const index = ordered.findIndex((lesson) => lesson.id === id);
  if (index === -1) throw new Error(`No lesson "${id}" in the course.`);
  return { previous: ordered[index - 1], next: ordered[index + 1] };
}
