// Lessons as they sit on disk, for the terminal (grading, `npm run lesson`) and the tests: each lesson's
// frontmatter, architecture, checks, and its three sets of files. Which copy of a file counts is one rule:
// the learner's view is workspace/ over the starter; the solution view is solutions/ over the starter. A lesson
// that continues an earlier one (`from: 3`) has as its starter its own files over that lesson's solution view.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'astro/zod';
import type { LessonArchitecture } from './architecture.ts';
import { inCourseOrder, LESSON_ID, lessonRef } from './catalog.ts';
import type { LessonChecks } from './checks.ts';
import { checkArchitecture } from './references.ts';
import { parseFrontmatter } from './frontmatter.ts';
import { inheritedFiles, lineage, type LessonLink } from './lineage.ts';
import type { LessonFrontmatter } from './schema.ts';
import { ANSWER_FOLDERS, describesLesson, learnerView, solutionView } from './views.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));


export interface LessonSource {
  id: string;
  number: number;
  frontmatter: LessonFrontmatter;
  architecture: LessonArchitecture;
  checks: LessonChecks;
  /** The lesson this one continues (its frontmatter's `from`), as a folder name; undefined for a fresh start. */
  from: string | undefined;
  /** What the lesson starts from: the solution view of the lesson it continues ({} without `from`). */
  inherited: Record<string, string>;
  /** The lesson's starter files: its own over the inherited ones. */
  starter: Record<string, string>;
  /** Only the files the solution changes. */
  solution: Record<string, string>;
  /** The learner's copies; undefined until the lesson is started. */
  workspace: Record<string, string> | undefined;
  /** Known-wrong answers (lessons/NN-slug/mutants/NAME/): each must fail the check it names. */
  mutants: GradedAnswer[];
  /** Other right answers (lessons/NN-slug/alternatives/NAME/): each must pass every check. */
  alternatives: GradedAnswer[];
}

/**
 * An answer a learner might give, kept with the lesson to prove its checks: only the files that differ from the
 * solution (the rest is the solution's), why it is wrong or right, and for a wrong one the check that must fail.
 */
export interface GradedAnswer {
  name: string;
  why: string;
  /** The name of the check this answer must fail (mutants only). */
  fails?: string;
  files: Record<string, string>;
}

const mutantAbout = z.strictObject({ why: z.string().min(1), fails: z.string().min(1) });
const alternativeAbout = z.strictObject({ why: z.string().min(1) });
const ABOUT = { mutants: 'mutant.json', alternatives: 'alternative.json' } as const;

export const learnerFiles = (lesson: LessonSource) => learnerView(lesson.starter, lesson.frontmatter.files, lesson.workspace);
export const solutionFiles = (lesson: LessonSource) => solutionView(lesson.starter, lesson.frontmatter.files, lesson.solution);
/** A mutant's or alternative's files over the solution view: the answer as the checks see it. */
export const answerFiles = (lesson: LessonSource, answer: GradedAnswer) => ({ ...solutionFiles(lesson), ...answer.files });

export interface LoadOptions {
  root?: string;
  /** Only these lessons (by number). */
  only?: number[];
}

/** Every lesson that has checks, in course order. Throws, naming the file, for a lesson that breaks the rules. */
export async function loadLessons(options: LoadOptions = {}): Promise<LessonSource[]> {
  const root = options.root ?? REPO_ROOT;
  const lessonsDir = join(root, 'lessons');
  const course = inCourseOrder(readdirSync(lessonsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => ({ id: d.name }))).map((l) => l.id);
  const ids = course
    .filter((id) => !options.only || options.only.includes(lessonRef(id).number))
    .filter((id) => existsSync(join(lessonsDir, id, 'checks.ts')));
  // An earlier lesson a chain passes through is read too, even when `only` leaves it out.
  const own = new CourseFiles(root, course);
  const lessons: LessonSource[] = [];
  for (const id of ids) lessons.push(await loadLesson(root, id, own));
  return lessons;
}

/** Each lesson's frontmatter, own starter files and solution, read once however many chains pass through it. */
class CourseFiles {
  private readonly read = new Map<string, { frontmatter: LessonFrontmatter; own: Record<string, string>; solution: Record<string, string> }>();

  private readonly root: string;
  private readonly course: readonly string[];

  constructor(root: string, course: readonly string[]) {
    this.root = root;
    this.course = course;
  }

  of(id: string) {
    let files = this.read.get(id);
    if (!files) {
      const dir = join(this.root, 'lessons', id);
      if (!existsSync(join(dir, 'index.mdx'))) throw new Error(`lessons/${id} has no index.mdx: every lesson starts with its text and frontmatter.`);
      const solutionDir = join(this.root, 'solutions', id);
      files = {
        frontmatter: readFrontmatter(join(dir, 'index.mdx'), id),
        own: readTree(dir, (path) => !describesLesson(path)),
        solution: existsSync(solutionDir) ? readTree(solutionDir) : {},
      };
      this.read.set(id, files);
    }
    return files;
  }

  /** The lesson numbered `number`, for src/lessons/lineage.ts. */
  readonly find = (number: number): LessonLink | undefined => {
    const id = this.course.find((candidate) => lessonRef(candidate).number === number);
    return id === undefined ? undefined : { id, from: this.of(id).frontmatter.from };
  };
}

async function loadLesson(root: string, id: string, course: CourseFiles): Promise<LessonSource> {
  const dir = join(root, 'lessons', id);
  if (!existsSync(join(dir, 'index.mdx'))) throw new Error(`lessons/${id} has checks.ts but no index.mdx: every lesson starts with its text and frontmatter.`);
  const { frontmatter, own, solution } = course.of(id);
  const ancestors = await lineage({ id, from: frontmatter.from }, course.find);
  const inherited = inheritedFiles(ancestors.toReversed().map((a) => ({ ...course.of(a.id), editable: course.of(a.id).frontmatter.files })));
  const from = ancestors[0]?.id;
  for (const [path, text] of Object.entries(own)) {
    if (inherited[path] === text) {
      throw new Error(
        `lessons/${id}/${path} is identical to the ${path} lesson ${id.slice(0, 2)} starts from (lessons/${from}'s solution view, through "from: ${frontmatter.from}"): a lesson holds only the files it changes. Delete it, and a fix to the earlier lesson reaches this one too.`,
      );
    }
  }
  const starter = { ...inherited, ...own };
  const architecture = checkArchitecture(((await import(pathToFileURL(join(dir, 'architecture.ts')).href)) as { default: unknown }).default, `lessons/${id}/architecture.ts`);
  const checks = ((await import(pathToFileURL(join(dir, 'checks.ts')).href)) as { default: LessonChecks }).default;
  const where = (file: string) => (file in own || !from ? `lessons/${id}/${file}` : `lessons/${id}/${file} (inherited from lessons/${from})`);
  for (const file of frontmatter.files) {
    if (!(file in starter)) {
      throw new Error(`lessons/${id}/index.mdx lists "${file}" among the files the learner edits, but lessons/${id}/${file} does not exist${from ? ` and lessons/${from}'s solution view has no ${file}` : ''}.`);
    }
  }
  for (const [path, text] of Object.entries(solution)) {
    if (!frontmatter.files.includes(path)) {
      throw new Error(`solutions/${id}/${path} is not one of the files the learner edits (index.mdx lists: ${frontmatter.files.join(', ')}).`);
    }
    if (starter[path] === text) {
      throw new Error(`solutions/${id}/${path} is identical to ${where(path)}: a solution holds only the files it changes. Delete it, or change it.`);
    }
  }
  const workspaceDir = join(root, 'workspace', id);
  const workspace = existsSync(workspaceDir) ? readTree(workspaceDir) : undefined;
  const answers = (folder: (typeof ANSWER_FOLDERS)[number]) => readAnswers(dir, id, folder, frontmatter.files, checks, solutionView(starter, frontmatter.files, solution));
  return {
    id,
    number: lessonRef(id).number,
    frontmatter,
    architecture,
    checks,
    from,
    inherited,
    starter,
    solution,
    workspace,
    mutants: answers('mutants'),
    alternatives: answers('alternatives'),
  };
}

function readAnswers(dir: string, id: string, folder: (typeof ANSWER_FOLDERS)[number], editable: string[], checks: LessonChecks, solution: Record<string, string>): GradedAnswer[] {
  const root = join(dir, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const where = `lessons/${id}/${folder}/${name}`;
      const { [ABOUT[folder]]: aboutText, ...files } = readTree(join(root, name));
      if (aboutText === undefined) throw new Error(`${where} has no ${ABOUT[folder]}: say why the answer is ${folder === 'mutants' ? 'wrong, and which check must fail' : 'right'}.`);
      let json: unknown;
      try {
        json = JSON.parse(aboutText);
      } catch (error) {
        throw new Error(`${where}/${ABOUT[folder]} is not valid JSON: ${(error as Error).message}`);
      }
      const parsed = (folder === 'mutants' ? mutantAbout : alternativeAbout).safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${where}/${ABOUT[folder]}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
      }
      const about = parsed.data as { why: string; fails?: string };
      if (about.fails !== undefined && !checks.checks.some((check) => check.name === about.fails)) {
        throw new Error(`${where}/${ABOUT[folder]} says it fails "${about.fails}", but lessons/${id}/checks.ts has no check of that name.`);
      }
      if (Object.keys(files).length === 0) throw new Error(`${where} holds no answer files: put the files that differ from the solution there.`);
      for (const [path, text] of Object.entries(files)) {
        if (!editable.includes(path)) throw new Error(`${where}/${path} is not one of the files the learner edits (index.mdx lists: ${editable.join(', ')}).`);
        if (solution[path] === text) throw new Error(`${where}/${path} is identical to the solution's: an answer holds only the files it changes.`);
      }
      return { name, why: about.why, ...(about.fails !== undefined ? { fails: about.fails } : {}), files };
    });
}

/** The files a learner edits in a lesson (its frontmatter's `files`), or undefined for a folder that is no lesson. */
export function editableFilesOf(root: string, id: string): string[] | undefined {
  const path = join(root, 'lessons', id, 'index.mdx');
  return LESSON_ID.test(id) && existsSync(path) ? readFrontmatter(path, id).files : undefined;
}

function readFrontmatter(path: string, id: string): LessonFrontmatter {
  return parseFrontmatter(readFileSync(path, 'utf8'), id);
}

/** Every file under `dir`, by path relative to it, with `/` separators. */
function readTree(dir: string, keep: (path: string) => boolean = () => true): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const path = relative(dir, full).split('\\').join('/');
        if (keep(path)) files[path] = readFileSync(full, 'utf8');
      }
    }
  };
  walk(dir);
  return files;
}
