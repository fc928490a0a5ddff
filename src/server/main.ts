// `npm run bus`: the simulated EventBridge and SQS on http://127.0.0.1:4010 (or --port N).

import { parseArgs } from 'node:util';
import { startBusServer } from './bus-server.ts';

const usage = 'usage: npm run bus -- [--port N] [--quiet]   (port 4010 by default, 0 picks a free one; --quiet logs no calls)';

let port: number;
let quiet = false;
try {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '4010' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  quiet = values.quiet ?? false;
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
  console.log(`EventBridge and SQS simulator on ${bus.url} (account ${bus.cloud.account}, region ${bus.cloud.region}). Ctrl-C stops it.`);
  console.log(`  aws events put-rule --endpoint-url ${bus.url} --name signup --event-pattern '{"source":["myapp.users"]}'`);
  const stop = () => {
    console.log('Stopping.');
    void bus.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(code === 'EADDRINUSE' ? `Port ${port} is in use: stop what runs there or pick another with --port.` : String(error));
  process.exit(1);
}
