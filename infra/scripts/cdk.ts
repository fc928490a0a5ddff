// `npm run synth|deploy|destroy -- [NN ...] [--prefix NAME] [--code solution|workspace] [cdk options]`:
// runs the pinned CDK CLI (aws-cdk 2.1148, the one that reads aws-cdk-lib 2.276's assemblies) in infra/, on
// the lessons named by number, offline for synth (no telemetry, version check, notices or metadata lookups).
// Anything else on the line goes to cdk as is: `--parameters SenderEmail=you@example.com`, `--require-approval never`;
// lesson numbers go before it, since after a cdk option a number is that option's value (`--concurrency 5`).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { loadLessons, REPO_ROOT } from '../../src/lessons/node-loader.ts';
import { PREFIX_PATTERN, stackName } from '../lib/lesson-stack.ts';

const usage = `usage: npm run synth|deploy|destroy -- [NN ...] [--prefix NAME] [--code solution|workspace] [cdk options]
  npm run deploy -- 03 --parameters SenderEmail=you@example.com
  npm run deploy -- 03 --prefix alice --code workspace
  npm run destroy -- 03 --prefix alice`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const [command, ...args] = process.argv.slice(2);
if (command !== 'synth' && command !== 'deploy' && command !== 'destroy') fail(usage);

const numbers: number[] = [];
const passthrough: string[] = [];
let prefix = 'workbook';
let code = 'solution';
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  const [flag, inline] = arg.split(/=(.*)/s) as [string, string | undefined];
  if (flag === '--prefix' || flag === '--code') {
    const value = inline ?? args[++i];
    if (value === undefined) fail(`${flag} needs a value.\n${usage}`);
    if (flag === '--prefix') prefix = value;
    else code = value;
  } else if (/^\d{1,2}$/.test(arg) && passthrough.length === 0) numbers.push(Number(arg));
  else passthrough.push(arg); // after the first cdk option a number is that option's value: `--concurrency 5`
}
if (!PREFIX_PATTERN.test(prefix)) fail(`--prefix ${prefix}: use 1 to 20 lower-case letters, digits or hyphens, starting with a letter (say, --prefix alice).`);
if (code !== 'solution' && code !== 'workspace') fail(`--code ${code}: use solution (the default) or workspace (the learner's files in workspace/).`);
if (command !== 'synth' && numbers.length === 0) fail(`Name the lesson to ${command}, by number: npm run ${command} -- 03\n${usage}`);

const lessons = await loadLessons(numbers.length > 0 ? { only: numbers } : {});
const missing = numbers.filter((n) => !lessons.some((l) => l.number === n));
if (missing.length > 0) fail(`There is no lesson ${missing.map((n) => String(n).padStart(2, '0')).join(', ')} with an exercise in lessons/.`, 1);

const env: NodeJS.ProcessEnv = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: '1' };
if (command === 'synth') {
  // Synth needs no account: a region for the template, and no instance-metadata lookups that would hang offline.
  env.AWS_REGION ??= 'us-east-1';
  env.AWS_EC2_METADATA_DISABLED = 'true';
} else {
  // Deploy and destroy talk to AWS: say plainly when there is nothing to talk to it with.
  try {
    await new EventBridgeClient({}).config.credentials();
  } catch {
    fail(
      `No AWS credentials found, so nothing was ${command === 'deploy' ? 'deployed' : 'destroyed'}. Sign in first (aws configure, aws sso login, or AWS_PROFILE=...), with a region (AWS_REGION or the profile's), then run this again. infra/README.md lists the prerequisites.`,
      1,
    );
  }
  if (command === 'deploy') {
    for (const lesson of lessons.filter((l) => (l.architecture.emailIdentities ?? []).length > 0)) {
      if (!passthrough.some((a) => a.includes('SenderEmail='))) {
        console.error(`Lesson ${lesson.id} sends email: on its first deploy pass a sender verified in SES, --parameters SenderEmail=you@example.com (later deploys keep the previous value).`);
      }
    }
  }
}

const stacks = lessons.map((l) => stackName(prefix, l.id));
const cdkArgs = [
  join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'),
  command,
  ...(command === 'synth' ? ['--quiet'] : stacks),
  '-c',
  `prefix=${prefix}`,
  '-c',
  `code=${code}`,
  ...(numbers.length > 0 ? ['-c', `lessons=${numbers.join(',')}`] : []),
  ...passthrough,
];
const result = spawnSync(process.execPath, cdkArgs, { cwd: join(REPO_ROOT, 'infra'), env, stdio: 'inherit' });
if (command === 'synth' && result.status === 0) console.log(`Synthesized ${stacks.join(', ')} into infra/cdk.out.`);
process.exit(result.status ?? 1);
