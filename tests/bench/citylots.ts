// Loads the CityLots2-shaped benchmark events (one JSON text per line), generating the git-ignored
// .bench-data/citylots2-synth.json.gz with the shared generator the first time, and event-ruler's figures.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const shared = new URL('../../../shared/bench/', import.meta.url);
const dataDir = new URL('../../.bench-data/', import.meta.url);
const dataFile = new URL('citylots2-synth.json.gz', dataDir);

export const EVENT_COUNT = 213_068;

export interface RuleSet {
  name: string;
  rules: unknown[];
  expectedMatches: number[];
}

export function loadRuleSets(): RuleSet[] {
  return JSON.parse(readFileSync(new URL('rulesets.json', shared), 'utf8')) as RuleSet[];
}

/** The reference the bench compares with: event-ruler measured side by side with this engine on this machine kind. */
export const REFERENCE_FILE = 'measured-2026-12.json';

export interface EventRulerFigures {
  /** Where the figures come from, as the bench prints it. */
  readonly file: string;
  /** Median events/s by rule set name. */
  readonly sets: ReadonlyMap<string, number>;
  /** Median events/s by number of exact rules. */
  readonly scaling: ReadonlyMap<number, number>;
}

export function eventRulerFigures(): EventRulerFigures {
  const url = new URL(REFERENCE_FILE, shared);
  const measured = JSON.parse(readFileSync(url, 'utf8')) as {
    sets: Record<string, { eventRuler: number }>;
    scaling: Record<string, { eventRuler: number }>;
  };
  const sets = new Map(Object.entries(measured.sets).map(([name, figure]) => [name, figure.eventRuler]));
  const scaling = new Map(
    Object.entries(measured.scaling).map(([key, figure]) => [Number(key.replace(/^k=/, '')), figure.eventRuler]),
  );
  return { file: fileURLToPath(url), sets, scaling };
}

export function loadEvents(): string[] {
  if (!existsSync(dataFile)) {
    mkdirSync(dataDir, { recursive: true });
    console.log('generating .bench-data/citylots2-synth.json.gz (about 20 s)…');
    execFileSync(process.execPath, [fileURLToPath(new URL('gen-citylots2-synth.js', shared)), fileURLToPath(dataFile)], {
      stdio: 'inherit',
    });
  }
  // Each event is decoded into a string of its own, as a PutEvents entry arrives and as event-ruler's harness
  // reads lines. Splitting one 187 MB string would hand the matcher slices of it, and V8 reads every character
  // of a slice through its parent: the same matching ran about 30 % slower on slices here.
  const data = gunzipSync(readFileSync(dataFile));
  const lines: string[] = [];
  for (let start = 0; start < data.length; ) {
    let end = data.indexOf(10, start);
    if (end === -1) end = data.length;
    lines.push(data.toString('utf8', start, end));
    start = end + 1;
  }
  if (lines.length !== EVENT_COUNT) throw new Error(`expected ${EVENT_COUNT} events, read ${lines.length}`);
  return lines;
}

/** The scaling rules: k distinct exact rules on the first k distinct MAPBLKLOT values, in file order. */
export function exactRules(events: readonly string[], count: number): unknown[] {
  const values: string[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    const value = /"MAPBLKLOT":"([^"]*)"/.exec(event)?.[1];
    if (value !== undefined && !seen.has(value)) {
      seen.add(value);
      values.push(value);
      if (values.length === count) break;
    }
  }
  return values.map((v) => ({ properties: { MAPBLKLOT: [v] } }));
}
