// Grading the learner's work at the terminal: every started lesson (a folder in workspace/) is checked with
// the learner's files; lessons not started are listed and do not count against them. The result is a
// scoreboard for people and Exercism's test-runner interface (v3) for autograders such as GitHub Classroom.
// https://exercism.org/docs/building/tooling/test-runners/interface

import type { SandboxHost } from '../lambda/host/host.ts';
import { runChecks, type CheckResult } from './checks.ts';
import { learnerFiles, type LessonSource } from './node-loader.ts';

export interface LessonGrade {
  lesson: LessonSource;
  /** Undefined for a lesson not started. */
  results?: CheckResult[];
}

export async function gradeLessons(lessons: LessonSource[], host: SandboxHost): Promise<LessonGrade[]> {
  const grades: LessonGrade[] = [];
  for (const lesson of lessons) {
    if (!lesson.workspace) {
      grades.push({ lesson });
      continue;
    }
    grades.push({ lesson, results: await runChecks({ architecture: lesson.architecture, checks: lesson.checks, files: learnerFiles(lesson) }, host) });
  }
  return grades;
}

export const passed = (grade: LessonGrade) => grade.results !== undefined && grade.results.every((r) => r.status === 'pass');
export const failedAny = (grades: LessonGrade[]) => grades.some((g) => g.results !== undefined && !passed(g));

const label = (lesson: LessonSource) => `${lesson.id.slice(0, 2)} ${lesson.frontmatter.title}`;

/** The terminal scoreboard: each lesson, each check, the first failure's message and hint. */
export function scoreboard(grades: LessonGrade[], color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const green = (t: string) => paint(32, t);
  const red = (t: string) => paint(31, t);
  const dim = (t: string) => paint(2, t);
  const width = Math.max(...grades.map((g) => label(g.lesson).length)) + 2;
  const lines: string[] = [];
  for (const grade of grades) {
    const name = label(grade.lesson).padEnd(width);
    if (!grade.results) {
      lines.push(`  ${name}${dim(`not started  (npm run lesson -- start ${grade.lesson.id.slice(0, 2)})`)}`);
      continue;
    }
    const pass = grade.results.filter((r) => r.status === 'pass').length;
    lines.push(`  ${name}${passed(grade) ? green(`✔ all ${pass} checks pass`) : red(`✘ ${pass} of ${grade.results.length} checks pass`)}`);
    let explained = false;
    for (const result of grade.results) {
      lines.push(`     ${result.status === 'pass' ? green('✔') : red('✘')} ${result.name}`);
      if (result.status !== 'pass' && !explained) {
        explained = true;
        for (const line of (result.message ?? '').split('\n')) lines.push(`       ${line}`);
        if (result.hint) lines.push(`       ${paint(33, 'Hint:')} ${result.hint}`);
      }
    }
  }
  const started = grades.filter((g) => g.results);
  const complete = started.filter(passed);
  lines.push('', `${started.length} of ${grades.length} started · ${complete.length} complete`);
  return lines.join('\n');
}

/**
 * Exercism's test-runner interface, version 3: one test per check. A lesson not started counts each of its
 * checks as failed here, so an autograder gives no marks for work not done (`npm test` still passes: the
 * scoreboard only lists it). Top-level `error` is kept for a run where nothing could be checked.
 */
export function exercismResults(grades: LessonGrade[]) {
  const tests = grades.flatMap((grade) =>
    grade.results
      ? grade.results.map((result) => ({
          name: `${label(grade.lesson)} › ${result.name}`,
          status: result.status,
          ...(result.status !== 'pass' ? { message: [result.message, result.hint && `Hint: ${result.hint}`].filter(Boolean).join('\n') } : {}),
          task_id: grade.lesson.number,
        }))
      : grade.lesson.checks.checks.map((check) => ({
          name: `${label(grade.lesson)} › ${check.name}`,
          status: 'fail' as const,
          message: `Lesson not started: npm run lesson -- start ${grade.lesson.id.slice(0, 2)}`,
          task_id: grade.lesson.number,
        })),
  );
  return { version: 3, status: tests.some((t) => t.status !== 'pass') ? 'fail' : 'pass', tests };
}

/** What an autograder reads when grading could not run at all (a lesson that does not load, say). */
export const exercismError = (message: string) => ({ version: 3, status: 'error', message, tests: [] });
