// Test support for the browser sandbox: paths on the Vitest browser server that watch the resident memory of the
// browser it launched (./resident-memory.ts), so a test in the page can show a sandbox was stopped below a ceiling.
// `/__resident/watch` starts sampling; `/__resident/growth` stops and answers the most it grew, in MB.

import type { Plugin } from 'vite';
import { watchResidentGrowth } from './resident-memory.ts';

export function residentMemoryWatch(): Plugin {
  let watching: ReturnType<typeof watchResidentGrowth> | undefined;
  return {
    name: 'resident-memory-watch',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url === '/__resident/watch') {
          watching?.stop();
          watching = watchResidentGrowth();
          res.end('watching');
        } else if (req.url === '/__resident/growth') {
          const growthMb = watching?.stop();
          watching = undefined;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ growthMb: growthMb ?? null }));
        } else {
          next();
        }
      });
    },
  };
}
