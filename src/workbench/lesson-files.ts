// The course as a lesson page sees it, bundled by Vite: each lesson's architecture and checks as modules, its
// starter and solution files as text, each lesson loaded only when its page asks for it.

import type { LessonArchitecture } from '../lessons/architecture.ts';
import type { LessonChecks } from '../lessons/checks.ts';
import { checkArchitecture } from '../lessons/references.ts';
import { learnerView, solutionView } from '../lessons/views.ts';

const architectures = import.meta.glob<unknown>('/lessons/*/architecture.ts', { import: 'default' });
const checkModules = import.meta.glob<LessonChecks>('/lessons/*/checks.ts', { import: 'default' });
// import.meta.glob takes literals only: these exclusions are src/lessons/views.ts's `describesLesson`.
const lessonTexts = import.meta.glob<string>(
  ['/lessons/*/**', '!/lessons/*/index.mdx', '!/lessons/*/architecture.ts', '!/lessons/*/checks.ts', '!/lessons/*/mutants/**', '!/lessons/*/alternatives/**'],
  { query: '?raw', import: 'default' },
);
const solutionTexts = import.meta.glob<string>('/solutions/*/**', { query: '?raw', import: 'default' });

export interface WorkbenchLesson {
  id: string;
  /** The files the learner edits, from the lesson's frontmatter. */
  editable: readonly string[];
  architecture: LessonArchitecture;
  checks: LessonChecks;
  starter: Record<string, string>;
  /** Only the files the solution changes. */
  solution: Record<string, string>;
}

/** One lesson's modules and files, fetched on demand; `editable` comes from the page (the lesson's frontmatter). */
export async function loadWorkbenchLesson(id: string, editable: readonly string[]): Promise<WorkbenchLesson> {
  const architecture = architectures[`/lessons/${id}/architecture.ts`];
  const checks = checkModules[`/lessons/${id}/checks.ts`];
  if (!architecture || !checks) throw new Error(`Lesson ${id} has no architecture.ts and checks.ts, so it has no workbench.`);
  const solution = await texts(solutionTexts, `/solutions/${id}/`);
  const stray = Object.keys(solution).filter((path) => !editable.includes(path));
  // The page's list of editable files comes from the lesson's frontmatter; the terminal's loader refuses the same.
  if (stray.length > 0) throw new Error(`solutions/${id}/${stray[0]} is not one of the files the learner edits (the lesson lists: ${editable.join(', ')}).`);
  // The site build checks it too; this is for a page that outlives an edit to architecture.ts (`npm run dev`).
  const built = checkArchitecture(await architecture(), `lessons/${id}/architecture.ts`);
  return { id, editable, architecture: built, checks: await checks(), starter: await texts(lessonTexts, `/lessons/${id}/`), solution };
}

export const learnerFiles = (lesson: WorkbenchLesson, saved: Readonly<Record<string, string>>) => learnerView(lesson.starter, lesson.editable, saved);
export const solutionFiles = (lesson: WorkbenchLesson) => solutionView(lesson.starter, lesson.editable, lesson.solution);

async function texts(modules: Record<string, () => Promise<string>>, folder: string): Promise<Record<string, string>> {
  const entries = Object.entries(modules).filter(([path]) => path.startsWith(folder));
  return Object.fromEntries(await Promise.all(entries.map(async ([path, load]) => [path.slice(folder.length), await load()] as const)));
}
