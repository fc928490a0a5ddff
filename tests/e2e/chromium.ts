import { existsSync } from 'node:fs';

/** Where Debian, Ubuntu and most Linux distributions put Chromium. */
export const DEFAULT_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Where Debian puts Chromium's headless shell (package chromium-headless-shell): the same Blink and V8 as Chromium,
 * without the browser's window and UI machinery. Driving the e2e suite's 49 walks, Chromium 156's processes used
 * 240 CPU-seconds and the headless shell's 161, with every walk passing on both; on a 2-core machine that is most
 * of a minute of `npm test`. It has no headed mode, so `--headed`, `--debug` and `--ui` runs take Chromium.
 */
export const HEADLESS_SHELL_PATHS = ['/usr/bin/chromium-headless-shell'];

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
      '(and on Debian chromium-headless-shell too, which headless test runs prefer: it uses a third less CPU)',
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

/**
 * Where a headless test run looks: Chromium's headless shell first (a third less CPU, see HEADLESS_SHELL_PATHS),
 * then Chromium. `findChromium(process.env, HEADLESS_CANDIDATES)`; CHROMIUM_PATH still wins over both.
 */
export const HEADLESS_CANDIDATES = [...HEADLESS_SHELL_PATHS, ...DEFAULT_CHROMIUM_PATHS];
