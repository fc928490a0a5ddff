// The CDK app: one LessonStack per lesson, with cdk-nag's AwsSolutions checks on every stack. Shared by
// bin/app.ts (the CLI's entry point) and the synth tests, so both build exactly the same thing.
//
// Context: -c code=solution|workspace (which files), -c prefix=NAME (physical names, one per learner),
// -c lessons=03,04 (only these lessons; all by default), -c partnerSources=<lesson source>=<real source> (partner
// buses, which need a real partner event source in the account).

import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LessonStack, PREFIX_PATTERN, stackName } from './lesson-stack.ts';
import { resolveLessons, type CodeChoice, type ResolvedLesson } from './lesson-source.ts';

export interface WorkbookOptions {
  code: CodeChoice;
  prefix: string;
  /** Lesson numbers; undefined for every lesson. */
  lessons?: number[];
  /** Where lessons/, solutions/ and workspace/ are; the repository by default (tests pass a fixture course). */
  root?: string;
  /** The real partner event source for each lesson partner source (`-c partnerSources=<lesson source>=<real source>,…`). */
  partnerSources?: Record<string, string>;
  /** Where lesson files are staged for esbuild; infra/.build/lesson-src by default. Must be inside the repository, so
   * the bundler finds node_modules. */
  stageRoot?: string;
}

/** Reads and checks the app's context, with messages that say what to pass instead. */
export function optionsFromContext(get: (key: string) => unknown): WorkbookOptions {
  const code = String(get('code') ?? 'solution');
  if (code !== 'solution' && code !== 'workspace') throw new Error(`-c code=${code}: use -c code=solution (the default) or -c code=workspace (the learner's files).`);
  const prefix = String(get('prefix') ?? 'workbook');
  if (!PREFIX_PATTERN.test(prefix)) throw new Error(`-c prefix=${prefix}: use 1 to 20 lower-case letters, digits or hyphens, starting with a letter (say, -c prefix=alice).`);
  const raw = get('lessons');
  const lessons = raw === undefined || raw === '' ? undefined : String(raw).split(',').map((n) => Number(n.trim()));
  if (lessons?.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`-c lessons=${String(raw)}: use lesson numbers separated by commas, such as -c lessons=03,04.`);
  const partnerRaw = get('partnerSources');
  const partnerSources = partnerRaw === undefined || partnerRaw === '' ? undefined : parsePartnerSources(String(partnerRaw));
  return { code, prefix, ...(lessons ? { lessons } : {}), ...(partnerSources ? { partnerSources } : {}) };
}

/** `aws.partner/crm.example.com/123/deals=aws.partner/salesforce.com/00D…/0YL…,…` → lesson source → real source. */
export function parsePartnerSources(text: string): Record<string, string> {
  const pairs = text.split(',').map((pair) => pair.trim().split('='));
  if (pairs.some((pair) => pair.length !== 2 || !pair[0] || !pair[1])) {
    throw new Error(`-c partnerSources=${text}: use <the lesson's partner source>=<the real partner source in the account>, pairs separated by commas.`);
  }
  return Object.fromEntries(pairs as [string, string][]);
}

/** The app, its stacks and their lessons; options from the app's context (-c, cdk.json) unless given. */
export async function buildApp(given?: WorkbookOptions, appProps: AppProps = {}): Promise<{ app: App; stacks: LessonStack[]; lessons: ResolvedLesson[] }> {
  const app = new App(appProps);
  const options = given ?? optionsFromContext((key) => app.node.tryGetContext(key));
  const lessons = await resolveLessons({ code: options.code, ...(options.lessons ? { only: options.lessons } : {}), ...(options.root ? { root: options.root } : {}), ...(options.stageRoot ? { stageRoot: options.stageRoot } : {}) });
  const stacks = lessons.map(
    (lesson) => new LessonStack(app, stackName(options.prefix, lesson.id), { lesson, prefix: options.prefix, ...(options.partnerSources ? { partnerSources: options.partnerSources } : {}) }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stacks, lessons };
}
