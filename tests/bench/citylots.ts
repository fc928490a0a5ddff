// Loads the CityLots2-shaped benchmark events (one JSON text per line), generating the git-ignored
// .bench-data/citylots2-synth.json.gz with the shared generator the first time.

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

/** event-ruler's figures measured on this machine (shared/bench/measured.json), median events/s by set. */
export function eventRulerFigures(): Map<string, number> {
  const measured = JSON.parse(readFileSync(new URL('measured.json', shared), 'utf8')) as {
    engines: Record<string, Record<string, { median: number }>>;
  };
  const key = Object.keys(measured.engines).find((k) => k.startsWith('event-ruler') && k.includes('jackson2.14 (prewarmed'));
  const figures = new Map<string, number>();
  for (const [set, figure] of Object.entries(key ? measured.engines[key]! : {})) figures.set(set, figure.median);
  return figures;
}

export function loadEvents(): string[] {
  if (!existsSync(dataFile)) {
    mkdirSync(dataDir, { recursive: true });
    console.log('generating .bench-data/citylots2-synth.json.gz (about 20 s)…');
    execFileSync(process.execPath, [fileURLToPath(new URL('gen-citylots2-synth.js', shared)), fileURLToPath(dataFile)], {
      stdio: 'inherit',
    });
  }
  const lines = gunzipSync(readFileSync(dataFile)).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== EVENT_COUNT) throw new Error(`expected ${EVENT_COUNT} events, read ${lines.length}`);
  return lines;
}
