// `npm run lesson -- start NN [--force]`: copies a lesson's starter files into workspace/, where the workbench
// and `npm run grade` find them. `npm run lesson -- diff NN`: your files (or the starter) against the solution.
// `npm run lesson -- samples NN`: the lesson's sample events as a rule sees them, the workbench composer's list at
// the terminal, so a learner who grades there can read the fields their patterns and transformers name.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { learnerFiles, loadLessons, REPO_ROOT, solutionFiles } from '../lessons/node-loader.ts';
import { Cloud } from '../services/cloud.ts';

const usage = `usage: npm run lesson -- start NN [--force]   copy lesson NN's starter files into workspace/
       npm run lesson -- diff NN                your files (or the starter) against the solution
       npm run lesson -- samples NN             the lesson's sample events, as a rule sees them`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
})();
if (values.help || positionals[0] === 'help') {
  console.log(usage);
  process.exit(0);
}
const [command, which] = positionals;
const number = Number(which);
if (!command || !['start', 'diff', 'samples'].includes(command) || !Number.isInteger(number) || number < 1) fail(usage);

const [lesson] = await loadLessons({ only: [number] });
if (!lesson) fail(`There is no lesson ${which} with an exercise in lessons/.`, 1);
const workspaceDir = join(REPO_ROOT, 'workspace', lesson.id);

if (command === 'start') {
  if (existsSync(workspaceDir) && !values.force) {
    fail(`workspace/${lesson.id} already holds your work for this lesson. To replace it with the starter files, add --force: npm run lesson -- start ${which} --force`, 1);
  }
  for (const file of lesson.frontmatter.files) {
    const target = join(workspaceDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, lesson.starter[file]!);
  }
  console.log(`Started lesson ${lesson.id}. Edit ${lesson.frontmatter.files.map((f) => `workspace/${lesson.id}/${f}`).join(', ')}, then run: npm run grade -- ${which}`);
} else if (command === 'samples') {
  // As the bus hands an event to rules and targets: the entry inside AWS's envelope, in the simulated account.
  const { account, region } = new Cloud();
  const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const [i, sample] of lesson.architecture.sampleEvents.entries()) {
    const { Source, DetailType, Detail, EventBusName, Resources } = sample.entry;
    const event = { version: '0', id: '(given when it is put)', 'detail-type': DetailType, source: Source, account, time, region, resources: Resources ?? [], detail: Detail };
    console.log(`${i === 0 ? '' : '\n'}# ${sample.name}${EventBusName ? ` (on the ${EventBusName} bus)` : ''}${sample.description ? `\n# ${sample.description}` : ''}`);
    console.log(JSON.stringify(event, null, 2));
  }
  if (lesson.architecture.sampleEvents.length === 0) console.log(`Lesson ${lesson.id} has no sample events.`);
} else {
  const mine = learnerFiles(lesson);
  const solution = solutionFiles(lesson);
  const yours = lesson.workspace ? `workspace/${lesson.id}` : `lessons/${lesson.id} (not started: the starter)`;
  let same = true;
  for (const file of lesson.frontmatter.files) {
    if (mine[file] === solution[file]) continue;
    same = false;
    process.stdout.write(createTwoFilesPatch(`${yours}/${file}`, `solutions/${lesson.id}/${file}`, mine[file] ?? '', solution[file] ?? ''));
  }
  if (same) console.log(`Your files match the solution of lesson ${lesson.id}.`);
}
