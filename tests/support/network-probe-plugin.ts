// Test support for the browser sandbox: a path on the Vitest browser server that records every request (HTTP
// and WebSocket upgrades alike) and allows any origin, so a request is only stopped if the sandbox stops it.
// The browser test then asks `/__probe/hits` whether anything got through.

import type { Plugin } from 'vite';

export function networkProbe(): Plugin {
  const hits: string[] = [];
  return {
    name: 'network-probe',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/__probe')) return next();
        res.setHeader('access-control-allow-origin', '*');
        if (req.url === '/__probe/hits') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(hits));
          return;
        }
        hits.push(`${req.method} ${req.url}`);
        res.setHeader('content-type', req.url.endsWith('.js') ? 'text/javascript' : 'text/plain');
        res.end(req.url.endsWith('.js') ? '/* probe */' : 'probe');
      });
      server.httpServer?.on('upgrade', (req) => {
        if (req.url?.startsWith('/__probe')) hits.push(`UPGRADE ${req.url}`);
      });
    },
  };
}
