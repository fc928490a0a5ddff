// Lessons that continue each other. A lesson whose frontmatter says `from: 3` starts where lesson 03 ended: lesson
// 03's solution view (its starter with its solution over it) is the starting point, and the lesson's own files go
// over that. A file it does not carry itself comes from there, so it carries no copies, and a fix to lesson 03's
// solution reaches it. Chains resolve (05 from 04 from 03); `from` may only name an earlier lesson, so a chain
// always ends. One rule for the Node loader (the self-test, `npm run grade`, `npm run lesson`, the CDK app), the
// site build and the page's loader: each finds lessons its own way and hands them to these functions.

import { lessonRef } from './catalog.ts';
import { solutionView } from './views.ts';

type Files = Readonly<Record<string, string>>;

/** A lesson as far as its place in a chain goes: its folder name and the number its frontmatter's `from` gives. */
export interface LessonLink {
  id: string;
  from?: number | undefined;
}

/** Finds the lesson numbered `number` (its link), or undefined when the course has none. */
export type FindLesson = (number: number) => LessonLink | undefined | Promise<LessonLink | undefined>;

/** A `from` that names no earlier lesson; the message starts with the index.mdx that says it. */
export class LessonLineageError extends Error {
  readonly file: string;

  constructor(id: string, from: number, problem: string) {
    const file = `lessons/${id}/index.mdx`;
    super(`${file} says "from: ${from}", ${problem}`);
    this.name = 'LessonLineageError';
    this.file = file;
  }
}

const label = (number: number) => String(number).padStart(2, '0');
const EARLIER_ONLY = 'a lesson can only start where an earlier one ended.';

/**
 * The lessons `lesson` continues, nearest first (`[04, 03]` for lesson 05 from 04 from 03); empty without `from`.
 * Throws a LessonLineageError naming the index.mdx whose `from` names a missing lesson, itself or a later one
 * (which is how every cycle shows: one of its lessons points forward).
 */
export async function lineage(lesson: LessonLink, find: FindLesson): Promise<LessonLink[]> {
  const chain: LessonLink[] = [];
  let current = lesson;
  while (current.from !== undefined) {
    const from = current.from;
    const own = lessonRef(current.id).number;
    const earlier = await find(from);
    if (!earlier) throw new LessonLineageError(current.id, from, `but the course has no lesson ${label(from)}: name an earlier lesson by its number.`);
    if (from === own) throw new LessonLineageError(current.id, from, `its own number: ${EARLIER_ONLY}`);
    if (from > own) {
      const cycle = await cycleBack(current, earlier, find);
      throw new LessonLineageError(
        current.id,
        from,
        cycle
          ? `and lesson ${label(from)} leads back to it, a cycle (${cycle.map((n) => label(n)).join(' from ')}): ${EARLIER_ONLY}`
          : `but lesson ${label(from)} (${earlier.id}) comes after it: ${EARLIER_ONLY}`,
      );
    }
    chain.push(earlier);
    current = earlier;
  }
  return chain;
}

/** The lesson numbers around the cycle `start` → `next` → … → `start`, or undefined when the chain ends elsewhere. */
async function cycleBack(start: LessonLink, next: LessonLink, find: FindLesson): Promise<number[] | undefined> {
  const numbers = [lessonRef(start.id).number];
  const seen = new Set<string>([start.id]);
  let current: LessonLink | undefined = next;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    numbers.push(lessonRef(current.id).number);
    current = current.from === undefined ? undefined : await find(current.from);
  }
  return current?.id === start.id ? [...numbers, numbers[0]!] : undefined;
}

/** What a lesson in a chain contributes: the files it carries, the files its learner edits, and its solution. */
export interface LessonFiles {
  /** The files in the lesson's folder that are starter code (src/lessons/views.ts `describesLesson` leaves out the rest). */
  own: Files;
  editable: readonly string[];
  /** Only the files the solution changes. */
  solution: Files;
}

/**
 * The files a lesson inherits: the solution view of the lesson it continues, each earlier lesson's own files over
 * the one before it. `earliestFirst` is the lesson's lineage in reverse (`[03, 04]` for lesson 05); empty gives {}.
 */
export function inheritedFiles(earliestFirst: readonly LessonFiles[]): Record<string, string> {
  let view: Record<string, string> = {};
  for (const lesson of earliestFirst) view = solutionView({ ...view, ...lesson.own }, lesson.editable, lesson.solution);
  return view;
}
