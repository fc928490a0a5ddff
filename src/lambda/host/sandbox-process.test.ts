// The network boundary under the Node host's sandboxes, proven by its effect: a process started the way the host
// starts sandboxes, running a script that does have Node's `net` (no permission model, no lockdown), cannot open a
// connection to a listener on the host; the same script started plainly can.

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { getPriority, networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxNetwork, sandboxSpawner } from './sandbox-process.ts';

const network = await sandboxNetwork();

/** Tries to connect to each address and reports over IPC what happened to each: `connected` or an error code. */
const CONNECT = `
const net = require('node:net');
const [port, ...hosts] = JSON.parse(process.argv[1]);
Promise.all(hosts.map((host) => new Promise((resolve) => {
  const socket = net.connect(port, host, () => (socket.end(), resolve('connected')));
  socket.on('error', (error) => resolve(error.code));
  socket.setTimeout(2000, () => (socket.destroy(), resolve('timeout')));
}))).then((outcomes) => process.send(outcomes, () => process.exit(0)));`;

let server: Server;
let port: number;
let accepted = 0;
/** The host's loopback and, where it has one, an address of its own on a real interface. */
const hosts = ['127.0.0.1', ...Object.values(networkInterfaces()).flatMap((addresses) => addresses ?? []).filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address).slice(0, 1)];

beforeAll(async () => {
  server = createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => void server.close());

function outcomes(child: ChildProcess): Promise<string[]> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as string[]));
    child.once('exit', (code) => reject(new Error(`exited with ${code} before reporting`)));
  });
}

const options: SpawnOptions = { env: {}, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] };

describe('a sandbox process', () => {
  it('reaches the listener when started plainly (the control)', async () => {
    accepted = 0;
    const got = await outcomes(spawn(process.execPath, ['-e', CONNECT, JSON.stringify([port, ...hosts])], options));
    expect(got).toEqual(hosts.map(() => 'connected'));
    // The child may report before this process has taken the connections off the listen queue.
    await vi.waitFor(() => expect(accepted).toBe(hosts.length));
  });

  it.skipIf(!network.isolated)(
    `cannot connect to the host's loopback or its other addresses when started as the host starts sandboxes${network.isolated ? '' : ` (skipped: ${network.reason})`}`,
    async () => {
      accepted = 0;
      const spawnSandbox = await sandboxSpawner();
      const got = await outcomes(spawnSandbox(['-e', CONNECT, JSON.stringify([port, ...hosts])], options));
      // Its own loopback is down and it has no other interface: nothing is even routed.
      expect(got).toEqual(hosts.map(() => 'ENETUNREACH'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(accepted).toBe(0);
    },
  );
});

describe('a sandbox process’s priority', () => {
  // The host's timers stop a runaway sandbox; a sandbox that spins on every core must not be able to delay them.
  it.skipIf(process.platform === 'win32')('is below its host’s, so code that spins cannot starve the host that stops it', async () => {
    const spawnSandbox = await sandboxSpawner();
    const child = spawnSandbox(['-e', `process.send(require('node:os').getPriority(), () => process.exit(0))`], options);
    const reported = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`exited with ${code} before reporting`)));
    });
    expect(reported).toBe(Math.min(19, getPriority() + 10));
  });
});
