import { describe, expect, it } from 'vitest';
import { findChromium, HEADLESS_CANDIDATES } from '../e2e/chromium.ts';

const only = (...present: string[]) => (path: string) => present.includes(path);

describe('finding Chromium for the browser tests', () => {
  it('uses the first default path that exists', () => {
    expect(findChromium({}, ['/usr/bin/chromium', '/usr/bin/chromium-browser'], only('/usr/bin/chromium-browser'))).toBe(
      '/usr/bin/chromium-browser',
    );
  });

  it('prefers CHROMIUM_PATH over the defaults', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/chrome/chrome' }, ['/usr/bin/chromium'], only('/usr/bin/chromium', '/opt/chrome/chrome'))).toBe(
      '/opt/chrome/chrome',
    );
  });

  it('fails, saying how to install one, when there is no Chromium', () => {
    expect(() => findChromium({}, ['/usr/bin/chromium'], only())).toThrow(
      'The browser tests need Chromium, and none was found at /usr/bin/chromium.\n' +
        'Install it, for example on Debian or Ubuntu: sudo apt-get update && sudo apt-get install -y chromium\n' +
        '(and on Debian chromium-headless-shell too, which headless test runs prefer: it uses a third less CPU)\n' +
        'or point CHROMIUM_PATH at a Chromium or Chrome executable: CHROMIUM_PATH=/path/to/chrome npm run test:e2e',
    );
  });

  it('fails when CHROMIUM_PATH names a missing file, rather than falling back quietly', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nope/chrome' }, ['/usr/bin/chromium'], only('/usr/bin/chromium'))).toThrow(
      'CHROMIUM_PATH is set to /nope/chrome, but there is no file there.',
    );
  });

  it('takes the headless shell for a headless run where it is installed, and Chromium where it is not', () => {
    expect(findChromium({}, HEADLESS_CANDIDATES, only('/usr/bin/chromium', '/usr/bin/chromium-headless-shell'))).toBe('/usr/bin/chromium-headless-shell');
    expect(findChromium({}, HEADLESS_CANDIDATES, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(findChromium({ CHROMIUM_PATH: '/opt/chrome/chrome' }, HEADLESS_CANDIDATES, only('/usr/bin/chromium-headless-shell', '/opt/chrome/chrome'))).toBe('/opt/chrome/chrome');
  });
});
