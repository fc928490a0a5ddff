// Lessons as they sit on disk, for the terminal (grading, `npm run lesson`) and the tests: each lesson's
// frontmatter, architecture, checks, and its three sets of files. Which copy of a file counts is one rule:
// the learner's view is workspace/ over the starter; the solution view is solutions/ over the starter.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { LessonArchitecture } from './architecture.ts';
import { inCourseOrder, LESSON_ID, lessonRef } from './catalog.ts';
import type { LessonChecks } from './checks.ts';
import { lessonFrontmatter, type LessonFrontmatter } from './schema.ts';
import { LESSON_DESCRIPTION, learnerView, solutionView } from './views.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));


export interface LessonSource {
  id: string;
  number: number;
  frontmatter: LessonFrontmatter;
  architecture: LessonArchitecture;
  checks: LessonChecks;
  starter: Record<string, string>;
  /** Only the files the solution changes. */
  solution: Record<string, string>;
  /** The learner's copies; undefined until the lesson is started. */
  workspace: Record<string, string> | undefined;
}

export const learnerFiles = (lesson: LessonSource) => learnerView(lesson.starter, lesson.frontmatter.files, lesson.workspace);
export const solutionFiles = (lesson: LessonSource) => solutionView(lesson.starter, lesson.frontmatter.files, lesson.solution);

export interface LoadOptions {
  root?: string;
  /** Only these lessons (by number). */
  only?: number[];
}

/** Every lesson that has checks, in course order. Throws, naming the file, for a lesson that breaks the rules. */
export async function loadLessons(options: LoadOptions = {}): Promise<LessonSource[]> {
  const root = options.root ?? REPO_ROOT;
  const lessonsDir = join(root, 'lessons');
  const ids = inCourseOrder(readdirSync(lessonsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => ({ id: d.name })))
    .map((l) => l.id)
    .filter((id) => !options.only || options.only.includes(lessonRef(id).number))
    .filter((id) => existsSync(join(lessonsDir, id, 'checks.ts')));
  const lessons: LessonSource[] = [];
  for (const id of ids) lessons.push(await loadLesson(root, id));
  return lessons;
}

async function loadLesson(root: string, id: string): Promise<LessonSource> {
  const dir = join(root, 'lessons', id);
  if (!existsSync(join(dir, 'index.mdx'))) throw new Error(`lessons/${id} has checks.ts but no index.mdx: every lesson starts with its text and frontmatter.`);
  const frontmatter = readFrontmatter(join(dir, 'index.mdx'), id);
  const architecture = ((await import(pathToFileURL(join(dir, 'architecture.ts')).href)) as { default: LessonArchitecture }).default;
  const checks = ((await import(pathToFileURL(join(dir, 'checks.ts')).href)) as { default: LessonChecks }).default;
  const starter = readTree(dir, (path) => !LESSON_DESCRIPTION.has(path));
  for (const file of frontmatter.files) {
    if (!(file in starter)) throw new Error(`lessons/${id}/index.mdx lists "${file}" among the files the learner edits, but lessons/${id}/${file} does not exist.`);
  }
  const solutionDir = join(root, 'solutions', id);
  const solution = existsSync(solutionDir) ? readTree(solutionDir) : {};
  for (const [path, text] of Object.entries(solution)) {
    if (!frontmatter.files.includes(path)) {
      throw new Error(`solutions/${id}/${path} is not one of the files the learner edits (index.mdx lists: ${frontmatter.files.join(', ')}).`);
    }
    if (starter[path] === text) {
      throw new Error(`solutions/${id}/${path} is identical to lessons/${id}/${path}: a solution holds only the files it changes. Delete it, or change it.`);
    }
  }
  const workspaceDir = join(root, 'workspace', id);
  const workspace = existsSync(workspaceDir) ? readTree(workspaceDir) : undefined;
  return { id, number: lessonRef(id).number, frontmatter, architecture, checks, starter, solution, workspace };
}

/** The files a learner edits in a lesson (its frontmatter's `files`), or undefined for a folder that is no lesson. */
export function editableFilesOf(root: string, id: string): string[] | undefined {
  const path = join(root, 'lessons', id, 'index.mdx');
  return LESSON_ID.test(id) && existsSync(path) ? readFrontmatter(path, id).files : undefined;
}

function readFrontmatter(path: string, id: string): LessonFrontmatter {
  const text = readFileSync(path, 'utf8');
  // \r?: a Windows checkout may have CRLF line endings.
  const yaml = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  if (yaml === undefined) throw new Error(`lessons/${id}/index.mdx has no frontmatter.`);
  const parsed = lessonFrontmatter.safeParse(parseYaml(yaml));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`lessons/${id}/index.mdx: ${issue.path.join('.') || 'frontmatter'}: ${issue.message}`);
  }
  return parsed.data;
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
