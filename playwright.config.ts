import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, HEADLESS_CANDIDATES } from './tests/e2e/chromium.ts';

// A port of its own, so the suite never talks to a `npm run dev` left running on 4321.
const PORT = Number(process.env.E2E_PORT ?? 4399);
const isCI = Boolean(process.env.CI);
// The headless shell has no window: a run that shows the browser takes Chromium itself.
const showsBrowser = Boolean(process.env.PWDEBUG) || process.argv.some((arg) => ['--headed', '--debug', '--ui'].includes(arg));

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: 0,
  workers: 2,
  reporter: isCI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: showsBrowser ? findChromium() : findChromium(process.env, HEADLESS_CANDIDATES),
      args: CHROMIUM_ARGS,
    },
    // Off: recording a trace of every test (to keep the failing ones') cost a fifth of the suite's CPU, snapshotting
    // Monaco's DOM at each step. To see a failure step by step: npx playwright test <file> -g '<test>' --trace on
    trace: 'off',
  },
  webServer: {
    // Tests run against the built static site, as it would be published. `npm test` builds it beside the type check
    // and says so with E2E_SITE_BUILT; run alone, the suite builds it first.
    // --ignore-lock: run even if the learner has their own preview server open (Astro allows one by default).
    command: `${process.env.E2E_SITE_BUILT ? '' : 'npm run build && '}npm run preview -- --port ${PORT} --strictPort --ignore-lock`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
