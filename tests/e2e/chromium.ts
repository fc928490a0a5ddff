import { existsSync } from 'node:fs';

/** Where Debian, Ubuntu and most Linux distributions put Chromium. */
export const DEFAULT_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_ENV = 'CHROMIUM_PATH';

/**
 * The browser the e2e suite drives. Playwright's own browser download is not used: it needs hosts that
 * some machines (CI included) cannot reach. A missing browser is an error, never a silent skip.
 */
export function findChromium(
  env: Record<string, string | undefined> = process.env,
  candidates: readonly string[] = DEFAULT_CHROMIUM_PATHS,
  exists: (path: string) => boolean = existsSync,
): string {
  const chosen = env[CHROMIUM_ENV];
  if (chosen) {
    if (exists(chosen)) return chosen;
    throw new Error(`${CHROMIUM_ENV} is set to ${chosen}, but there is no file there. Point it at a Chromium or Chrome executable.`);
  }
  const found = candidates.find((path) => exists(path));
  if (found) return found;
  throw new Error(
    [
      `The browser tests need Chromium, and none was found at ${candidates.join(' or ')}.`,
      'Install it, for example on Debian or Ubuntu: sudo apt-get update && sudo apt-get install -y chromium',
      `or point ${CHROMIUM_ENV} at a Chromium or Chrome executable: ${CHROMIUM_ENV}=/path/to/chrome npm run test:e2e`,
    ].join('\n'),
  );
}

/** Keeps Chromium off the network it would otherwise reach for at start-up (updates, sync, field trials). */
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-gpu',
];
