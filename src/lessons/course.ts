import { getCollection, type CollectionEntry } from 'astro:content';
import { inCourseOrder } from './catalog.ts';

export type Lesson = CollectionEntry<'lessons'>;

/** Every lesson of the course, in teaching order. */
export async function getCourse(): Promise<Lesson[]> {
  return inCourseOrder(await getCollection('lessons'));
}

/** `01-events-and-the-bus` → `01`, the label learners see beside a title. */
export function lessonLabel(lesson: Lesson): string {
  return lesson.id.slice(0, 2);
}

export function lessonHref(lesson: Lesson): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}/lessons/${lesson.id}/`;
}
