// `npm run bench:patterns`: events/s of the pattern engine on event-ruler's CityLots2 rule sets, and how the
// cost per event grows with the number of rules. A report, not a test: it fails only on wrong match counts.
// Method as in ../shared/bench/README.md: a fresh matcher per pass, events matched from their JSON text.

import { RuleMatcher } from '../../src/bus/pattern/index.ts';
import { eventRulerFigures, loadEvents, loadRuleSets } from './citylots.ts';

const WARMUP = 1;
const PASSES = Number(process.env.BENCH_PASSES ?? 3);

/** One pass over all events; returns events/s and the per-rule match counts. */
function pass(rules: readonly unknown[], events: readonly string[]): { rate: number; counts: number[] } {
  const matcher = new RuleMatcher();
  rules.forEach((rule, i) => matcher.add(`r${i}`, JSON.stringify(rule)));
  const index = new Map(rules.map((_, i) => [`r${i}`, i]));
  const counts = new Array<number>(rules.length).fill(0);
  const start = performance.now();
  for (const event of events) {
    for (const name of matcher.matches(event)) counts[index.get(name)!]!++;
  }
  const seconds = (performance.now() - start) / 1000;
  return { rate: events.length / seconds, counts };
}

function measure(rules: readonly unknown[], events: readonly string[], expected?: readonly number[]): number[] {
  const rates: number[] = [];
  for (let i = 0; i < WARMUP + PASSES; i++) {
    const { rate, counts } = pass(rules, events);
    if (expected && counts.join() !== expected.join()) {
      throw new Error(`wrong match counts: got [${counts.join(', ')}], expected [${expected.join(', ')}]`);
    }
    if (i >= WARMUP) rates.push(rate);
  }
  return rates.sort((a, b) => a - b);
}

const median = (sorted: readonly number[]): number => sorted[Math.floor(sorted.length / 2)]!;
const k = (n: number): string => `${(n / 1000).toFixed(1)}k`;

const events = loadEvents();
console.log(`${events.length} events, ${WARMUP} warm-up + ${PASSES} measured passes per line, median [min–max] events/s\n`);

const reference = eventRulerFigures();
console.log('rule set                      this engine                 event-ruler   ratio');
let failed = false;
for (const set of loadRuleSets()) {
  try {
    const rates = measure(set.rules, events, set.expectedMatches);
    const ours = median(rates);
    const theirs = reference.get(set.name);
    console.log(
      `${set.name.padEnd(29)} ${`${k(ours)} [${k(rates[0]!)}–${k(rates.at(-1)!)}]`.padEnd(27)} ${(theirs ? k(theirs) : '?').padEnd(13)} ${theirs ? (ours / theirs).toFixed(2) : ''}`,
    );
  } catch (error) {
    failed = true;
    console.log(`${set.name.padEnd(29)} FAILED: ${(error as Error).message}`);
  }
}

// Scaling: k distinct exact rules on the first k distinct MAPBLKLOT values, in file order.
const values: string[] = [];
const seen = new Set<string>();
for (const event of events) {
  const value = /"MAPBLKLOT":"([^"]*)"/.exec(event)?.[1];
  if (value !== undefined && !seen.has(value)) {
    seen.add(value);
    values.push(value);
    if (values.length === 10_000) break;
  }
}
const scaling: Record<number, number> = { 1: 278_000, 10: 268_000, 100: 263_000, 1000: 236_000, 10000: 171_000 };
console.log('\nexact rules   this engine                 event-ruler   cost vs 1 rule');
let one = 0;
for (const count of [1, 10, 100, 1000, 10_000]) {
  const rules = values.slice(0, count).map((v) => ({ properties: { MAPBLKLOT: [v] } }));
  const rate = median(measure(rules, events));
  if (count === 1) one = rate;
  console.log(
    `${String(count).padEnd(13)} ${k(rate).padEnd(27)} ${k(scaling[count]!).padEnd(13)} ${(one / rate).toFixed(2)}×`,
  );
}
if (failed) {
  console.error('\nsome rule sets gave wrong match counts');
  process.exitCode = 1;
}
