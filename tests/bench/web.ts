// `npm run bench:web`: how heavy and how quick the built site is, against the goals of the workbench issue.
// A report, never a test: it asserts nothing and exits 0 whatever it measures. It builds nothing either: run
// `npm run build` first (the report prints when dist/ was built, and warns if src/, lessons/ or solutions/ changed since).
//
//   1. JavaScript a lesson page transfers: before the editor (read from dist/, page-weight.ts) and, in Chromium,
//      with the editor mounted, split into page / editor main thread / workers (editor-weight.ts).
//   2. Send event → first log line, cold and warm (send-latency.ts).
//   3. Lighthouse performance and accessibility, mobile and desktop presets (lighthouse.ts).
//
// Everything is served by a gzip-encoding static server (static-server.ts), so byte counts are what a static host
// would send. It serves a copy of dist/ taken at the start, so a build running meanwhile cannot change the site
// halfway through.
//
// Options: --json prints the figures as JSON instead of the report; --no-lighthouse skips part 3;
// --lighthouse-runs=N runs the lesson page N times per Lighthouse preset and keeps the median run (default 3).
// Progress goes to stderr.
import { chromium, type Browser } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from '../e2e/chromium.ts';
import { classifyJs, totals, type JsTotals } from './editor-weight.ts';
import { LighthouseBrowser, type LighthouseRun, type Preset } from './lighthouse.ts';
import { formatPageWeights, kb, pageWeights, type PageWeight } from './page-weight.ts';
import { measureSendLatency, percentile, type SendLatency } from './send-latency.ts';
import { serveDist, type StaticServer } from './static-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist');
const LESSON = '/lessons/03-welcome-email/';
const SOLUTION = { file: 'solutions/03-welcome-email/handler.ts', logs: 'New user signed up: 12345' };
const HOME = '/';
const WARM_SENDS = 12;
const PRESETS: Preset[] = ['mobile', 'desktop'];

const GOALS = { pageJsKb: 60, warmSendMs: 150, performance: 90, accessibility: 95 };

const args = new Set(process.argv.slice(2));
const LIGHTHOUSE_RUNS = Number([...args].find((a) => a.startsWith('--lighthouse-runs='))?.split('=')[1] ?? 3);
if (!Number.isInteger(LIGHTHOUSE_RUNS) || LIGHTHOUSE_RUNS < 1) {
  console.error('--lighthouse-runs takes a whole number of runs, 1 or more: --lighthouse-runs=3');
  process.exit(2);
}
const log = (message: string) => process.stderr.write(`bench:web: ${message}\n`);

interface BrowserFigures {
  /** From navigation until the workbench is mounted (without Monaco), and the JS it took. */
  workbenchReadyMs: number;
  workbench: JsTotals;
  /** From the click into the code until Monaco shows, and until the network is idle. */
  editorVisibleMs: number;
  idleMs: number;
  loaded: JsTotals;
  /** JavaScript the first Send fetched, and anything after it. */
  bySending: JsTotals;
  /** CSS the lesson page fetched before its first paint (its stylesheets), as transferred. */
  pageCssBytes: number;
  /** CSS fetched afterwards, with the editor. */
  editorCssBytes: number;
  /** What the page's own network events (Playwright) report for the same JavaScript, as a cross-check. */
  browserReportedJs: { bytes: number; zeroSized: string[] };
  /** Worker scripts in the build that this visit never fetched. */
  workersNotFetched: string[];
  send?: SendLatency;
  sendError?: string;
}

interface Report {
  builtAt: string;
  staleSources: string[];
  staticWeights: PageWeight[];
  browser?: BrowserFigures;
  browserError?: string;
  lighthouse: LighthouseRun[];
  lighthouseError?: string;
}

/** Sources changed after dist/ was built: the report would describe an older site. */
function staleSources(builtAt: number): string[] {
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (!/\.(test|spec)\.ts$/.test(entry.name) && statSync(join(ROOT, path)).mtimeMs > builtAt) newer.push(path);
    }
  };
  for (const dir of ['src', 'lessons', 'solutions']) if (existsSync(join(ROOT, dir))) walk(dir);
  return newer;
}

async function measureInBrowser(
  browser: Browser,
  server: StaticServer,
  site: string,
  beforeEditor: ReadonlySet<string>,
  cssPaths: string[],
): Promise<BrowserFigures> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const reported: Array<Promise<{ url: string; bytes: number }>> = [];
    context.on('requestfinished', (request) => {
      if (request.resourceType() === 'script' || /\.m?js$/.test(new URL(request.url()).pathname))
        reported.push(request.sizes().then((sizes) => ({ url: request.url(), bytes: sizes.responseBodySize })));
    });
    const from = server.ledger.length;
    const started = performance.now();
    await page.goto(server.origin + LESSON);
    // The workbench (simulator, panels, the code as text) mounts when the page is idle; Monaco only once the
    // learner clicks into the code.
    await page.locator('.workbench[data-ready="true"]').waitFor({ timeout: 30_000 });
    const workbenchReadyMs = performance.now() - started;
    await server.idle(1_000, 30_000);
    const workbench = totals(classifyJs(server.ledger.slice(from), beforeEditor));
    const clicked = performance.now();
    await page.locator('[data-editor]').click();
    await page.locator('.monaco-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
    const editorVisibleMs = performance.now() - clicked;
    await server.idle(1_000, 30_000);
    const idleMs = performance.now() - clicked;
    const loadedServed = server.ledger.slice(from);
    const loaded = totals(classifyJs(loadedServed, beforeEditor));
    const css = loadedServed.filter((s) => s.type.startsWith('text/css'));
    const pageCssBytes = css.filter((s) => cssPaths.includes(s.path)).reduce((n, s) => n + s.bytes, 0);
    const editorCssBytes = css.filter((s) => !cssPaths.includes(s.path)).reduce((n, s) => n + s.bytes, 0);
    const seen = await Promise.all(reported);
    const local = seen.filter((r) => r.url.startsWith(server.origin));
    const browserReportedJs = {
      bytes: local.reduce((n, r) => n + Math.max(0, r.bytes), 0),
      zeroSized: local.filter((r) => r.bytes <= 0).map((r) => new URL(r.url).pathname),
    };

    const afterLoad = server.ledger.length;
    let send: SendLatency | undefined;
    let sendError: string | undefined;
    log(`timing Send event (1 cold + ${WARM_SENDS} warm)…`);
    try {
      send = await measureSendLatency(page, {
        solution: { text: readFileSync(join(ROOT, SOLUTION.file), 'utf8'), logs: SOLUTION.logs },
        warmSends: WARM_SENDS,
        settle: () => server.idle(500, 20_000).then(() => page.waitForTimeout(500)),
      });
    } catch (error) {
      sendError = (error as Error).message.split('\n')[0];
    }
    await server.idle(500, 10_000).catch(() => undefined);
    const bySending = totals(classifyJs(server.ledger.slice(afterLoad), beforeEditor));
    const fetched = new Set(server.ledger.map((s) => s.path));
    const workersNotFetched = readdirSync(join(site, '_astro'))
      .filter((name) => /\.worker\b.*\.js$/.test(name) && !fetched.has(`/_astro/${name}`))
      .map((name) => `/_astro/${name}`);
    return { workbenchReadyMs, workbench, editorVisibleMs, idleMs, loaded, bySending, pageCssBytes, editorCssBytes, browserReportedJs, workersNotFetched, ...(send ? { send } : {}), ...(sendError ? { sendError } : {}) };
  } finally {
    await context.close();
  }
}

async function measure(site: string): Promise<Report> {
  const builtAt = statSync(join(site, 'index.html')).mtimeMs;
  let staticWeights: PageWeight[];
  try {
    staticWeights = pageWeights(site);
  } catch (error) {
    throw new Error(`dist/ is incomplete (is a build running?): ${(error as Error).message}`, { cause: error });
  }
  const lesson = staticWeights.find((w) => w.page === LESSON);
  if (!lesson) throw new Error(`dist/ has no ${LESSON}: is the build complete?`);
  const report: Report = { builtAt: new Date(builtAt).toISOString(), staleSources: staleSources(builtAt), staticWeights, lighthouse: [] };

  const server = await serveDist(site);
  try {
    log(`loading ${LESSON} in Chromium…`);
    const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    try {
      report.browser = await measureInBrowser(browser, server, site, new Set(lesson.scripts), lesson.stylesheets);
    } catch (error) {
      report.browserError = (error as Error).message.split('\n')[0];
    } finally {
      await browser.close();
    }

    if (!args.has('--no-lighthouse')) {
      const lh = await LighthouseBrowser.start();
      try {
        for (const preset of PRESETS) {
          for (const path of [LESSON, HOME]) {
            // The home page has no editor and scores the same every run: once is enough.
            const runs = path === HOME ? 1 : LIGHTHOUSE_RUNS;
            log(`Lighthouse, ${preset}: ${path} (${runs} run${runs === 1 ? '' : 's'})…`);
            report.lighthouse.push(await lh.median(server.origin + path, preset, runs));
          }
        }
      } catch (error) {
        report.lighthouseError = (error as Error).message.split('\n')[0];
      } finally {
        await lh.close();
      }
    }
  } finally {
    await server.close();
  }
  return report;
}

const ms = (value: number) => `${Math.round(value)} ms`;
const goal = (met: boolean, text: string) => `${met ? 'meets' : 'MISSES'} goal ${text}`;

function formatJs(t: JsTotals, indent: string, { skipZero = false } = {}): string[] {
  const rows: Array<[string, number]> = [
    ['page (HTML scripts)', t.page],
    ['lazy, main thread', t.editor],
    ...Object.entries(t.workers).map(([name, bytes]): [string, number] => [`worker: ${name}`, bytes]),
  ];
  return [...rows.filter(([, bytes]) => !skipZero || bytes > 0), ['total', t.total] as const].map(
    ([label, bytes]) => `${indent}${label.padEnd(24)} ${kb(bytes).padStart(10)}`,
  );
}

function format(report: Report): string {
  const out: string[] = [];
  const lesson = report.staticWeights.find((w) => w.page === LESSON)!;
  out.push(`Web benchmark of dist/ built ${report.builtAt}. Byte counts are gzip bodies as sent (zlib level 6), headers excluded.`);
  if (report.staleSources.length > 0) {
    out.push(`WARNING: ${report.staleSources.length} source file(s) changed after this build (${report.staleSources.slice(0, 3).join(', ')}${report.staleSources.length > 3 ? ', …' : ''}); run \`npm run build\` for current figures.`);
  }

  out.push('', '1. JavaScript transferred', '', 'Every page before anything loads lazily (dist/ analysis: scripts, modulepreloads and their static imports):');
  out.push(formatPageWeights(report.staticWeights));
  out.push('', `${LESSON} before the editor: ${kb(lesson.jsGzip)} JS (${goal(lesson.jsGzip <= GOALS.pageJsKb * 1024, `≤ ${GOALS.pageJsKb} KB`)}), ${kb(lesson.cssGzip)} render-blocking CSS in ${lesson.stylesheets.length} stylesheet(s).`);
  const b = report.browser;
  if (!b) out.push(`In Chromium: not measured (${report.browserError}).`);
  else {
    out.push(
      '',
      `In Chromium, the workbench is ready (simulator, panels, code shown as text) ${ms(b.workbenchReadyMs)} after navigation, having loaded (script files only; inline scripts travel in the HTML):`,
      ...formatJs(b.workbench, '  '),
      `Clicking into the code loads Monaco: editor visible ${ms(b.editorVisibleMs)} after the click, network idle after ${ms(b.idleMs)}; the visit's JS then totals:`,
      ...formatJs(b.loaded, '  '),
      `  ${'CSS, page stylesheets'.padEnd(24)} ${kb(b.pageCssBytes).padStart(10)}  render-blocking; inline <style> travels in the HTML`,
      `  ${'CSS files, with editor'.padEnd(24)} ${kb(b.editorCssBytes).padStart(10)}`,
      'Fetched by sending events (JavaScript, first Send):',
      ...(b.bySending.files.length > 0 ? formatJs(b.bySending, '  ', { skipZero: true }) : ['  nothing']),
      '  (the Lambda sandbox code is fetched by the page as a module, then started as a blob: worker in a sandboxed frame)',
    );
    const fetchedWorkers = Object.keys({ ...b.loaded.workers, ...b.bySending.workers });
    out.push(`Workers fetched: ${fetchedWorkers.join(', ') || 'none'}; built but not fetched on this visit: ${b.workersNotFetched.join(', ') || 'none'}.`);
    const missed = b.browserReportedJs.zeroSized;
    out.push(
      `Cross-check: the page's network events (Playwright) report ${kb(b.browserReportedJs.bytes)} of JS for the whole visit; ` +
        (missed.length > 0 ? `they give size 0 for ${missed.join(', ')} (worker scripts), which the server's ledger counts.` : 'no response was reported with size 0.'),
    );
  }

  out.push('', '2. Send event → first log line (in-page clock, click to the DOM change showing "START RequestId")', '');
  if (!b?.send) out.push(`Not measured: ${b?.sendError ?? report.browserError ?? 'no browser figures'}.`);
  else {
    const warm = b.send.warmMs;
    const p50 = percentile(warm, 50);
    const p95 = percentile(warm, 95);
    out.push(
      `Handler: the ${b.send.handler} of ${LESSON}.`,
      `  cold (first Send after load)   ${ms(b.send.coldMs).padStart(8)}`,
      `  warm p50 (${warm.length} sends)          ${ms(p50).padStart(8)}   ${goal(p50 <= GOALS.warmSendMs, `≤ ${GOALS.warmSendMs} ms`)}`,
      `  warm p95                       ${ms(p95).padStart(8)}`,
      `  warm, each: ${warm.map((v) => Math.round(v)).join(', ')} ms`,
      ...b.send.notes.map((n) => `  note: ${n}`),
    );
  }

  const first = report.lighthouse[0];
  out.push(
    '',
    `3. Lighthouse${first ? ` ${first.lighthouseVersion} on ${first.browser}` : ''}: performance and accessibility, the lesson's median of ${LIGHTHOUSE_RUNS} run(s) by performance score`,
    '',
  );
  if (report.lighthouseError) out.push(`Stopped: ${report.lighthouseError}`);
  if (args.has('--no-lighthouse')) out.push('Skipped (--no-lighthouse).');
  for (const run of report.lighthouse) {
    const path = new URL(run.url).pathname;
    out.push(
      `${run.preset.padEnd(7)} ${path.padEnd(28)} performance ${String(run.performance).padStart(3)} (${goal(run.performance >= GOALS.performance, `≥ ${GOALS.performance}`)})` +
        `   accessibility ${String(run.accessibility).padStart(3)} (${goal(run.accessibility >= GOALS.accessibility, `≥ ${GOALS.accessibility}`)})` +
        (run.performanceRuns.length > 1 ? `   performance of each run: ${run.performanceRuns.join(', ')}` : ''),
      `        ${run.throttling}`,
      `        FCP ${run.metrics['first-contentful-paint']}, LCP ${run.metrics['largest-contentful-paint']}, TBT ${run.metrics['total-blocking-time']}, CLS ${run.metrics['cumulative-layout-shift']}, SI ${run.metrics['speed-index']}`,
    );
    for (const a of run.failingAccessibility) {
      out.push(`        a11y fails: ${a.id}: ${a.title} (${a.itemCount} element${a.itemCount === 1 ? '' : 's'})`);
      for (const item of a.items) out.push(`          - ${item}`);
    }
    for (const p of run.performanceFindings) {
      out.push(`        perf: ${p.id}: ${p.title}${p.displayValue ? ` (${p.displayValue})` : ''}`);
      for (const item of p.items) out.push(`          - ${item}`);
    }
    if (run.offSite.length > 0) out.push(`        requests to other hosts: ${run.offSite.join(', ')}`);
    else out.push('        no request left the local server.');
    for (const w of run.warnings) out.push(`        warning: ${w}`);
  }
  return out.join('\n');
}

if (!existsSync(join(DIST, 'index.html'))) {
  console.error('No built site in dist/: run `npm run build` first, then `npm run bench:web`.');
  process.exit(1);
}
const started = performance.now();
const site = mkdtempSync(join(tmpdir(), 'bench-web-dist-'));
let report: Report;
try {
  cpSync(DIST, site, { recursive: true, preserveTimestamps: true });
  report = await measure(site);
} finally {
  rmSync(site, { recursive: true, force: true });
}
console.log(args.has('--json') ? JSON.stringify(report, null, 2) : format(report));
log(`done in ${(Math.round(performance.now() - started) / 1000).toFixed(1)} s`);
