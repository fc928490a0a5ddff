import { getCollection, type CollectionEntry } from 'astro:content';
import { inCourseOrder } from './catalog.ts';
import { checkArchitecture } from './references.ts';

export type Lesson = CollectionEntry<'lessons'>;

/** Every lesson of the course, in teaching order. */
export async function getCourse(): Promise<Lesson[]> {
  return inCourseOrder(await getCollection('lessons'));
}

const architectures = import.meta.glob<unknown>('/lessons/*/architecture.ts', { import: 'default' });

/**
 * Checks each lesson's architecture.ts against the lesson contract (src/lessons/references.ts), so that a typo
 * in one fails the site build (and the page, under `npm run dev`), naming the file and the key.
 */
export async function checkArchitectures(course: Lesson[]): Promise<void> {
  for (const lesson of course) {
    const load = architectures[`/lessons/${lesson.id}/architecture.ts`];
    if (load) checkArchitecture(await load(), `lessons/${lesson.id}/architecture.ts`);
  }
}

/** `01-events-and-the-bus` → `01`, the label learners see beside a title. */
export function lessonLabel(lesson: Lesson): string {
  return lesson.id.slice(0, 2);
}

export function lessonHref(lesson: Lesson): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}/lessons/${lesson.id}/`;
}
