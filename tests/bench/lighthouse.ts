// Lighthouse's performance and accessibility scores for a page, run with the same Chromium as the e2e suite
// (tests/e2e/chromium.ts) and with its flags that keep the browser off the network. Lighthouse attaches to a
// browser started here with a DevTools port; the port is read from the DevToolsActivePort file Chromium
// writes into its profile, so no port is guessed. Lighthouse itself makes no requests of its own for these two
// categories; `offSite` in the result counts any request the page made to another host, as a check.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { desktopConfig, type Config, type Result } from 'lighthouse';
import { CHROMIUM_ARGS, findChromium } from '../e2e/chromium.ts';

export type Preset = 'mobile' | 'desktop';

export interface AuditNote {
  id: string;
  title: string;
  displayValue?: string;
  /** A few of the elements or URLs the audit names, with its explanation where it gives one. */
  items: string[];
  itemCount: number;
}

export interface LighthouseRun {
  url: string;
  preset: Preset;
  /** 0–100, of the median run. */
  performance: number;
  /** Every run's performance score, when the page was run more than once. */
  performanceRuns: number[];
  accessibility: number;
  /** How Lighthouse throttled: simulated, with these network and CPU figures. */
  throttling: string;
  metrics: Record<string, string>;
  failingAccessibility: AuditNote[];
  /** Performance audits that are not metrics and fall short (score < 0.9), or estimate savings. */
  performanceFindings: AuditNote[];
  offSite: string[];
  warnings: string[];
  lighthouseVersion: string;
  /** The browser Lighthouse drove, e.g. `Chrome/156.0.8078.79`. */
  browser: string;
}

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
const MAX_ITEMS = 4;

export class LighthouseBrowser {
  private readonly child: ChildProcess;
  private readonly profile: string;
  readonly port: number;

  private constructor(child: ChildProcess, profile: string, port: number) {
    this.child = child;
    this.profile = profile;
    this.port = port;
  }

  static async start(): Promise<LighthouseBrowser> {
    const profile = mkdtempSync(join(tmpdir(), 'bench-lighthouse-'));
    const args = [...CHROMIUM_ARGS, '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'];
    // Chromium's sandbox refuses to run as root; Playwright passes the same flag by default.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    const child = spawn(findChromium(), args, { stdio: 'ignore' });
    const portFile = join(profile, 'DevToolsActivePort');
    for (let waited = 0; waited < 15_000; waited += 100) {
      if (child.exitCode !== null) break;
      if (existsSync(portFile)) {
        const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
        if (port > 0) return new LighthouseBrowser(child, profile, port);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`Chromium (${findChromium()}) did not open a DevTools port within 15 s; exit code ${child.exitCode}.`);
  }

  async run(url: string, preset: Preset): Promise<LighthouseRun> {
    const config: Config | undefined = preset === 'desktop' ? desktopConfig : undefined;
    const result = await lighthouse(
      url,
      { port: this.port, output: 'json', onlyCategories: ['performance', 'accessibility'], logLevel: 'error', disableFullPageScreenshot: true },
      config,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    return summarise(result.lhr, preset);
  }

  /**
   * `runs` runs of one page; the one with the median performance score is kept. Scores move by several points
   * between runs on a busy two-core machine (total blocking time above all), so one run says little.
   */
  async median(url: string, preset: Preset, runs: number): Promise<LighthouseRun> {
    const results: LighthouseRun[] = [];
    for (let i = 0; i < runs; i++) results.push(await this.run(url, preset));
    const sorted = [...results].sort((a, b) => a.performance - b.performance);
    return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, performanceRuns: results.map((r) => r.performance) };
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}

type Details = { type?: string; items?: Array<Record<string, unknown>> };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function describeItem(item: Record<string, unknown>): string {
  const node = item.node as { selector?: string; snippet?: string; explanation?: string } | undefined;
  if (node) return [node.selector ?? node.snippet, node.explanation?.trim().split('\n').slice(-1)[0]?.trim()].filter(Boolean).join(': ');
  // Inline styles and scripts are named by their first characters.
  const url = typeof item.url === 'string' ? (/^https?:/.test(item.url) ? new URL(item.url).pathname : `inline: ${clip(item.url.replace(/\s+/g, ' '), 40)}`) : undefined;
  const figures = [
    typeof item.totalBytes === 'number' ? `${(item.totalBytes / 1024).toFixed(1)} KB` : undefined,
    typeof item.wastedBytes === 'number' ? `${(item.wastedBytes / 1024).toFixed(1)} KB unused` : undefined,
    typeof item.wastedMs === 'number' ? `${Math.round(item.wastedMs)} ms` : undefined,
    typeof item.total === 'number' ? `${Math.round(item.total)} ms` : undefined,
    typeof item.duration === 'number' ? `${Math.round(item.duration)} ms` : undefined,
  ].filter(Boolean);
  const label = url ?? (typeof item.groupLabel === 'string' ? item.groupLabel : undefined) ?? (typeof item.label === 'string' ? item.label : undefined);
  return [label, figures.join(', ')].filter(Boolean).join(': ');
}

function note(audit: Result['audits'][string]): AuditNote {
  const items = ((audit.details as Details | undefined)?.items ?? []).filter((item) => typeof item === 'object' && item !== null);
  // Many failing elements share one description (every comment token in every code block): say it once, counted.
  const counts = new Map<string, number>();
  for (const text of items.map(describeItem).filter(Boolean)) counts.set(text, (counts.get(text) ?? 0) + 1);
  return {
    id: audit.id,
    title: audit.title,
    ...(audit.displayValue ? { displayValue: audit.displayValue } : {}),
    items: [...counts].slice(0, MAX_ITEMS).map(([text, n]) => (n > 1 ? `${text} (×${n})` : text)),
    itemCount: items.length,
  };
}

function summarise(lhr: Result, preset: Preset): LighthouseRun {
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const t = lhr.configSettings.throttling;
  const throttling =
    `${lhr.configSettings.throttlingMethod}: RTT ${t.rttMs} ms, ${((t.throughputKbps ?? 0) / 1024).toFixed(1)} Mbps, ` +
    `CPU ×${t.cpuSlowdownMultiplier}, ${lhr.configSettings.formFactor} screen ${lhr.configSettings.screenEmulation.width}×${lhr.configSettings.screenEmulation.height}`;
  const refs = (category: string) => (lhr.categories[category]?.auditRefs ?? []).map((ref) => ({ ref, audit: lhr.audits[ref.id]! }));
  const failingAccessibility = refs('accessibility')
    .filter(({ audit }) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative')
    .map(({ audit }) => note(audit));
  const performanceFindings = refs('performance')
    .filter(({ ref, audit }) => {
      // `hidden` holds the insight audits that duplicate the classic ones, and the unweighted metrics.
      if (ref.group === 'metrics' || ref.group === 'hidden' || METRICS.includes(audit.id)) return false;
      if (audit.scoreDisplayMode === 'notApplicable' || audit.scoreDisplayMode === 'manual') return false;
      const details = audit.details as (Details & { overallSavingsMs?: number; overallSavingsBytes?: number }) | undefined;
      const saves = (details?.overallSavingsMs ?? 0) > 0 || (details?.overallSavingsBytes ?? 0) > 0;
      return (audit.score !== null && audit.score < 0.9) || saves;
    })
    .map(({ audit }) => note(audit));
  const requests = ((lhr.audits['network-requests']?.details as Details | undefined)?.items ?? []).map((item) => String(item.url ?? ''));
  const origin = new URL(lhr.finalDisplayedUrl).origin;
  return {
    url: lhr.finalDisplayedUrl,
    preset,
    performance: score('performance'),
    performanceRuns: [score('performance')],
    accessibility: score('accessibility'),
    throttling,
    metrics: Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.displayValue ?? '?'])),
    failingAccessibility,
    performanceFindings,
    offSite: requests.filter((url) => /^https?:/.test(url) && new URL(url).origin !== origin),
    lighthouseVersion: lhr.lighthouseVersion,
    browser: /(?:Headless)?Chrome\/[\d.]+/.exec(lhr.environment.hostUserAgent)?.[0] ?? lhr.environment.hostUserAgent,
    warnings: [...lhr.runWarnings, ...(lhr.runtimeError ? [`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`] : [])],
  };
}
