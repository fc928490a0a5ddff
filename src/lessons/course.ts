import { getCollection, type CollectionEntry } from 'astro:content';
import { inCourseOrder, lessonRef } from './catalog.ts';
import { lineage, type LessonLink } from './lineage.ts';
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

/**
 * The lesson `lesson` continues (its frontmatter's `from`), or undefined. Throws, naming the index.mdx, for a `from`
 * that names a missing, the same or a later lesson (src/lessons/lineage.ts), so a bad one fails the site build.
 */
export async function continuedLesson(course: Lesson[], lesson: Lesson): Promise<Lesson | undefined> {
  const find = (number: number): LessonLink | undefined => {
    const found = course.find((l) => lessonRef(l.id).number === number);
    return found && { id: found.id, from: found.data.from };
  };
  const [earlier] = await lineage({ id: lesson.id, from: lesson.data.from }, find);
  return earlier && course.find((l) => l.id === earlier.id);
}

/** `01-events-and-the-bus` → `01`, the label learners see beside a title. */
export function lessonLabel(lesson: Lesson): string {
  return lesson.id.slice(0, 2);
}

export function lessonHref(lesson: Lesson): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}/lessons/${lesson.id}/`;
}
