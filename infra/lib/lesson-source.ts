// What the CDK app deploys for one lesson, resolved the way the rest of the workbook resolves it: the lesson's
// architecture, its files (solution over starter, or the learner's workspace over starter, via node-loader), and
// the rules exactly as the simulator holds them after building the lesson (src/lessons/build.ts). Taking the
// rules from the simulator, rather than reading pattern files a second time, is what keeps "one lesson, three
// backends" honest: a pattern EventBridge would refuse fails here with the simulator's own message, naming the
// learner's file, before CloudFormation ever sees it.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Target as ApiTarget } from '@aws-sdk/client-eventbridge';
import type { SandboxHost } from '../../src/lambda/host/host.ts';
import { isFileRef, type AlarmSpec, type LessonArchitecture } from '../../src/lessons/architecture.ts';
import { buildLesson, fileJson } from '../../src/lessons/build.ts';
import { learnerFiles, loadLessons, REPO_ROOT, solutionFiles, type LessonSource } from '../../src/lessons/node-loader.ts';

export type CodeChoice = 'solution' | 'workspace';

/** A rule as the simulator stores it after PutRule and PutTargets: the text the CDK template must carry. */
export interface SimulatedRule {
  name: string;
  bus: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state?: string;
  targets: ApiTarget[];
}

export interface ResolvedLesson {
  id: string;
  number: number;
  title: string;
  code: CodeChoice;
  /** True when `code` is `workspace` but the learner has not started the lesson, so the starter is deployed. */
  notStarted: boolean;
  architecture: LessonArchitecture;
  files: Record<string, string>;
  rules: SimulatedRule[];
  alarms: AlarmSpec[];
  /** Where the lesson's code files were written for esbuild, which bundles real files on disk (./bundled-code.ts). */
  codeDir: string;
}

/** Where resolved lesson files are staged for bundling (git-ignored). */
export const BUILD_ROOT = join(REPO_ROOT, 'infra', '.build', 'lesson-src');

/** Files that describe the lesson rather than run in it (as in build.ts). */
const NOT_CODE = new Set(['architecture.ts', 'checks.ts']);
export const isCode = (path: string) => /\.(ts|js|mjs|cjs|mts|cts)$/.test(path) && !NOT_CODE.has(path);

/** The CDK app only builds the lesson's description; if anything tried to run a handler, that is a bug. */
const neverRuns: SandboxHost = {
  start() {
    throw new Error('infra/: the CDK app builds lessons in the simulator to read their rules back; it never runs their code.');
  },
};

export async function resolveLessons(options: { code: CodeChoice; only?: number[]; stage?: boolean; root?: string; stageRoot?: string }): Promise<ResolvedLesson[]> {
  const lessons = await loadLessons({ ...(options.only ? { only: options.only } : {}), ...(options.root ? { root: options.root } : {}) });
  return lessons.map((lesson) => resolveLesson(lesson, options.code, options.stage ?? true, options.stageRoot));
}

export function resolveLesson(lesson: LessonSource, code: CodeChoice, stage = true, stageRoot = BUILD_ROOT): ResolvedLesson {
  const files = code === 'solution' ? solutionFiles(lesson) : learnerFiles(lesson);
  const world = buildLesson(lesson.architecture, files, neverRuns);
  try {
    const rules = (lesson.architecture.rules ?? []).map((rule): SimulatedRule => {
      const bus = rule.bus ?? 'default';
      const described = world.cloud.events.describeRule({ Name: rule.name, EventBusName: bus });
      const targets = world.cloud.events.listTargetsByRule({ Rule: rule.name, EventBusName: bus }).Targets ?? [];
      return {
        name: rule.name,
        bus,
        ...(described.EventPattern !== undefined ? { eventPattern: described.EventPattern } : {}),
        ...(described.ScheduleExpression !== undefined ? { scheduleExpression: described.ScheduleExpression } : {}),
        ...(described.State !== undefined ? { state: described.State } : {}),
        targets: targets as ApiTarget[],
      };
    });
    // build.ts has already refused an alarms file that is not a list of alarms, so this parse cannot fail.
    const alarmsSpec = lesson.architecture.alarms;
    const alarms = alarmsSpec === undefined ? [] : isFileRef(alarmsSpec) ? (fileJson(files, alarmsSpec) as AlarmSpec[]) : alarmsSpec;
    const codeDir = join(stageRoot, code, lesson.id);
    if (stage) stageCode(codeDir, files);
    return {
      id: lesson.id,
      number: lesson.number,
      title: lesson.frontmatter.title,
      code,
      notStarted: code === 'workspace' && lesson.workspace === undefined,
      architecture: lesson.architecture,
      files,
      rules,
      alarms,
      codeDir,
    };
  } finally {
    world.dispose();
  }
}

/** Writes the lesson's code files afresh, so a file deleted from the lesson does not linger in a bundle. */
function stageCode(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    if (!isCode(path)) continue;
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** `handler.handler` → the lesson file `handler.ts` (or .js, …) and the export `handler`. */
export function handlerFile(files: Record<string, string>, handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  const module = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  const file = ['.ts', '.mts', '.js', '.mjs', '.cts', '.cjs'].map((ext) => module + ext).find((path) => path in files);
  if (dot < 1 || !file) throw new Error(`handler "${handler}": the lesson has no file ${module}.ts (or .js) to bundle.`);
  return { file, exportName };
}
