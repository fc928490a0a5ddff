// Shared by the infra tests: the simulator's view of a lesson's rules (the oracle the templates are compared
// with, built here independently of infra/lib) and small readers for synthesized templates.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target } from '@aws-sdk/client-eventbridge';
import type { DescribePipeResponse } from '@aws-sdk/client-pipes';
import type { GetScheduleOutput } from '@aws-sdk/client-scheduler';
import type { SandboxHost } from '../../src/lambda/host/host.ts';
import { buildLesson } from '../../src/lessons/build.ts';
import { REPO_ROOT, type LessonSource } from '../../src/lessons/node-loader.ts';
import { EVENT_BUS_LOG_TYPES } from '../../src/services/cloudwatch/log-deliveries.ts';

export const FIXTURE_COURSE = fileURLToPath(new URL('./fixtures/course', import.meta.url));

/** A staging folder of this test file's own (test files run in parallel), inside the repository so esbuild finds node_modules. */
export function stagingRoot(name: string): { stageRoot: string; cleanup(): void } {
  const dir = join(REPO_ROOT, 'infra', '.build', `test-${name}-${process.pid}`);
  return { stageRoot: join(dir, 'lesson-src'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const noRun: SandboxHost = {
  start() {
    throw new Error('tests/infra never run lesson code');
  },
};

export interface SimulatorRule {
  name: string;
  bus: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State?: string;
  Targets: Target[];
}

/** What build.ts passed to PutRule and PutTargets, read back from the simulated EventBridge. */
export function simulatorRules(lesson: LessonSource, files: Record<string, string>): SimulatorRule[] {
  const world = buildLesson(lesson.architecture, files, noRun);
  try {
    return (lesson.architecture.rules ?? []).map((rule) => {
      const bus = rule.bus ?? 'default';
      const described = world.cloud.events.describeRule({ Name: rule.name, EventBusName: bus });
      const targets = world.cloud.events.listTargetsByRule({ Rule: rule.name, EventBusName: bus }).Targets ?? [];
      return { name: rule.name, bus, ...described, Targets: targets as Target[] };
    });
  } finally {
    world.dispose();
  }
}

/** The policy statements build.ts put on each bus the lesson gives a policy, read back with DescribeEventBus. */
export function simulatorBusPolicies(lesson: LessonSource, files: Record<string, string>): { bus: string; Statement: Record<string, any>[] }[] {
  const world = buildLesson(lesson.architecture, files, noRun);
  try {
    return (lesson.architecture.busPolicies ?? []).map(({ bus }) => ({ bus, Statement: JSON.parse(world.cloud.events.describeEventBus({ Name: bus }).Policy!).Statement }));
  } finally {
    world.dispose();
  }
}

/** Each logging bus's LogConfig as build.ts set it, and the log group each of its log types is delivered to, read back from the simulated account. */
export function simulatorBusLogs(lesson: LessonSource, files: Record<string, string>): { bus: string; LogConfig: Record<string, unknown>; delivered: Record<string, string[]> }[] {
  const world = buildLesson(lesson.architecture, files, noRun);
  try {
    return (lesson.architecture.busLogs ?? []).map(({ bus }) => {
      const { Arn, LogConfig } = world.cloud.events.describeEventBus({ Name: bus });
      const delivered = Object.fromEntries(EVENT_BUS_LOG_TYPES.map((type) => [type, world.cloud.logs.vendedLogGroups(Arn!, type)]));
      return { bus, LogConfig: { ...LogConfig }, delivered };
    });
  } finally {
    world.dispose();
  }
}

/** A template value with `{ Ref: AWS::Partition }` joined in as `aws`, for comparing an ARN the CDK builds with the simulator's. */
export function inPartitionAws(value: any): any {
  if (value?.['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'] as [string, any[]];
    return parts.map((part) => (part?.Ref === 'AWS::Partition' ? 'aws' : inPartitionAws(part))).join(separator);
  }
  if (Array.isArray(value)) return value.map(inPartitionAws);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, inPartitionAws(v)]));
  return value;
}

/** A string the template builds, as text: `Fn::Join` joined, `{ Ref: AWS::Partition }` as `aws`, any other reference as `${Name}`. */
export function templateText(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return value.Ref === 'AWS::Partition' ? 'aws' : `\${${value.Ref}}`;
  if (value?.['Fn::GetAtt']) return `\${${value['Fn::GetAtt'].join('.')}}`;
  if (value?.['Fn::Join']) return (value['Fn::Join'][1] as unknown[]).map(templateText).join(value['Fn::Join'][0]);
  throw new Error(`not a string the template builds: ${JSON.stringify(value)}`);
}

/** What build.ts passed to CreateSchedule, read back from the simulated Scheduler, with the group it is in. */
export function simulatorSchedules(lesson: LessonSource, files: Record<string, string>): (GetScheduleOutput & { group: string })[] {
  const world = buildLesson(lesson.architecture, files, noRun);
  try {
    return (lesson.architecture.schedules ?? []).map((schedule) => {
      const group = schedule.group ?? 'default';
      return { group, ...world.cloud.scheduler.getSchedule({ Name: schedule.name, GroupName: group }) };
    });
  } finally {
    world.dispose();
  }
}

/** What build.ts passed to CreatePipe, read back from the simulated EventBridge Pipes. */
export function simulatorPipes(lesson: LessonSource, files: Record<string, string>): DescribePipeResponse[] {
  const world = buildLesson(lesson.architecture, files, noRun);
  try {
    return (lesson.architecture.pipes ?? []).map((pipe) => world.cloud.pipes.describePipe({ Name: pipe.name }));
  } finally {
    world.dispose();
  }
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Condition?: string;
}
export type Template = { Resources: Record<string, CfnResource>; Parameters?: Record<string, unknown>; Outputs?: Record<string, any> };

export const resources = (template: Template, type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

/** The logical id of the resource of `type` whose `nameProperty` is `name`. */
export function logicalIdByName(template: Template, type: string, nameProperty: string, name: string): string {
  const found = resources(template, type).find(([, r]) => r.Properties?.[nameProperty] === name);
  if (!found) throw new Error(`no ${type} with ${nameProperty} ${name}`);
  return found[0];
}

/** The logical id an `Fn::GetAtt`/`Ref` (or a log-group ARN built with `Fn::Join`) points at. */
export function referenced(value: any): string | undefined {
  if (value?.['Fn::GetAtt']) return value['Fn::GetAtt'][0];
  if (value?.Ref) return String(value.Ref).startsWith('AWS::') ? undefined : value.Ref;
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map(referenced).find(Boolean);
  return undefined;
}

/** Drops undefined members, as JSON does: the simulator keeps `MaximumRetryAttempts: undefined`, a template cannot. */
export const plain = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
