// `npm run bus`: the simulated account's APIs on http://127.0.0.1:4010 (or --port N), optionally with a
// lesson's architecture built in it (--lesson NN), its functions running the learner's code.

import { parseArgs } from 'node:util';
import { nodeHost } from '../lambda/host/node-host.ts';
import { buildLesson, type LessonWorld } from '../lessons/build.ts';
import { learnerFiles, loadLessons } from '../lessons/node-loader.ts';
import { startBusServer } from './bus-server.ts';

const usage = 'usage: npm run bus -- [--port N] [--lesson NN] [--quiet]   (port 4010 by default, 0 picks a free one; --lesson builds a lesson\'s architecture, with your workspace files; --quiet logs no calls)';

let port: number;
let quiet = false;
let lessonNumber: number | undefined;
try {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '4010' }, lesson: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  quiet = values.quiet ?? false;
  if (values.lesson !== undefined) {
    lessonNumber = Number(values.lesson);
    if (!Number.isInteger(lessonNumber) || lessonNumber < 1) throw new Error(`--lesson takes a lesson number, not ${values.lesson}`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not ${values.port}`);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}

try {
  const bus = await startBusServer({ port, ...(quiet ? { log: () => {} } : {}) });
  let world: LessonWorld | undefined;
  if (lessonNumber !== undefined) {
    const [lesson] = await loadLessons({ only: [lessonNumber] });
    if (!lesson) throw new Error(`There is no lesson ${lessonNumber} with an architecture in lessons/.`);
    world = buildLesson(lesson.architecture, learnerFiles(lesson), nodeHost, { cloud: bus.cloud });
    console.log(`Lesson ${lesson.id} is built, with ${lesson.workspace ? `your files in workspace/${lesson.id}` : 'its starter files'}.`);
  }
  console.log(`AWS simulator on ${bus.url} (account ${bus.cloud.account}, region ${bus.cloud.region}). Ctrl-C stops it.`);
  console.log(`  aws events put-rule --endpoint-url ${bus.url} --name signup --event-pattern '{"source":["myapp.users"]}'`);
  const stop = () => {
    console.log('Stopping.');
    world?.dispose();
    void bus.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(code === 'EADDRINUSE' ? `Port ${port} is in use: stop what runs there or pick another with --port.` : String(error));
  process.exit(1);
}
