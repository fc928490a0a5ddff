import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { lambdaSandboxWorker } from './src/lambda/host/vite-plugin.ts';
import { CHROMIUM_ARGS, findChromium } from './tests/e2e/chromium.ts';
import { networkProbe } from './tests/support/network-probe-plugin.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'tests/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts', 'tests/infra/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          environment: 'node',
          // The lesson self-test's checks spend much of their time waiting (retries, SDK backoff), not computing.
          maxConcurrency: 10,
        },
      },
      {
        // Code that runs in the page, tested in Debian's Chromium (see tests/e2e/chromium.ts).
        plugins: [lambdaSandboxWorker(), networkProbe()],
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
