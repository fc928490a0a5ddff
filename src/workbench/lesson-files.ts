// The course as a lesson page sees it, bundled by Vite: each lesson's architecture and checks as modules, its
// starter and solution files as text, each lesson loaded only when its page asks for it. A lesson that continues
// an earlier one (`from: 3`) starts from that lesson's solution view, resolved as the Node loader does
// (src/lessons/lineage.ts), so the page's lesson 04 runs the same handler.ts as `npm test` does.

import type { LessonArchitecture } from '../lessons/architecture.ts';
import type { LessonChecks } from '../lessons/checks.ts';
import { lessonRef } from '../lessons/catalog.ts';
import { inheritedFiles, lineage, type LessonLink } from '../lessons/lineage.ts';
import { checkArchitecture } from '../lessons/references.ts';
import type { LessonFrontmatter } from '../lessons/schema.ts';
import { learnerView, solutionView } from '../lessons/views.ts';

const architectures = import.meta.glob<unknown>('/lessons/*/architecture.ts', { import: 'default' });
const checkModules = import.meta.glob<LessonChecks>('/lessons/*/checks.ts', { import: 'default' });
// import.meta.glob takes literals only: these exclusions are src/lessons/views.ts's `describesLesson`.
const lessonTexts = import.meta.glob<string>(
  ['/lessons/*/**', '!/lessons/*/index.mdx', '!/lessons/*/architecture.ts', '!/lessons/*/checks.ts', '!/lessons/*/mutants/**', '!/lessons/*/alternatives/**'],
  { query: '?raw', import: 'default' },
);
const solutionTexts = import.meta.glob<string>('/solutions/*/**', { query: '?raw', import: 'default' });
// Each lesson's frontmatter, for its `from` and `files`, parsed at build time (src/lessons/vite-plugin.ts): only the
// lessons a chain passes through are fetched.
const frontmatters = import.meta.glob<LessonFrontmatter>('/lessons/*/index.mdx', { query: '?frontmatter', import: 'default' });

export interface WorkbenchLesson {
  id: string;
  /** The files the learner edits, from the lesson's frontmatter. */
  editable: readonly string[];
  architecture: LessonArchitecture;
  checks: LessonChecks;
  /** The lesson's starter files: its own over the solution view of the lesson it continues, if it says `from`. */
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
  const own = await texts(lessonTexts, `/lessons/${id}/`);
  const inherited = await startingPoint(id);
  return { id, editable, architecture: built, checks: await checks(), starter: { ...inherited, ...own }, solution };
}

/** What lesson `id` inherits through its frontmatter's `from`: {} for a lesson that starts afresh. */
async function startingPoint(id: string): Promise<Record<string, string>> {
  const frontmatterOf = async (lesson: string) => {
    const load = frontmatters[`/lessons/${lesson}/index.mdx`];
    if (!load) throw new Error(`lessons/${lesson} has no index.mdx: every lesson starts with its text and frontmatter.`);
    return load();
  };
  const ids = Object.keys(frontmatters).map((path) => path.split('/')[2]!);
  const find = async (number: number): Promise<LessonLink | undefined> => {
    const found = ids.find((lesson) => lessonRef(lesson).number === number);
    return found === undefined ? undefined : { id: found, from: (await frontmatterOf(found)).from };
  };
  const from = frontmatters[`/lessons/${id}/index.mdx`] ? (await frontmatterOf(id)).from : undefined;
  if (from === undefined) return {};
  const ancestors = await lineage({ id, from }, find);
  const chain = await Promise.all(
    ancestors.toReversed().map(async (lesson) => ({
      own: await texts(lessonTexts, `/lessons/${lesson.id}/`),
      editable: (await frontmatterOf(lesson.id)).files,
      solution: await texts(solutionTexts, `/solutions/${lesson.id}/`),
    })),
  );
  return inheritedFiles(chain);
}

export const learnerFiles = (lesson: WorkbenchLesson, saved: Readonly<Record<string, string>>) => learnerView(lesson.starter, lesson.editable, saved);
export const solutionFiles = (lesson: WorkbenchLesson) => solutionView(lesson.starter, lesson.editable, lesson.solution);

async function texts(modules: Record<string, () => Promise<string>>, folder: string): Promise<Record<string, string>> {
  const entries = Object.entries(modules).filter(([path]) => path.startsWith(folder));
  return Object.fromEntries(await Promise.all(entries.map(async ([path, load]) => [path.slice(folder.length), await load()] as const)));
}
