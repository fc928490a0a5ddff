// `npm run bench:patterns`: events/s of the pattern engine on event-ruler's CityLots2 rule sets, and how the
// cost per event grows with the number of rules, each beside event-ruler's figure from the reference file.
// A report, not a test: it fails only on wrong match counts.
// Method as in ../shared/bench/README.md: a fresh matcher per pass, events matched from their JSON text.

import { eventRulerFigures, exactRules, loadEvents, loadRuleSets } from './citylots.ts';
import { pass } from './pattern-pass.ts';

const WARMUP = 1;
const PASSES = Number(process.env.BENCH_PASSES ?? 3);

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
const line = (label: string, rates: readonly number[], theirs: number | undefined): string =>
  `${label.padEnd(29)} ${`${k(median(rates))} [${k(rates[0]!)}–${k(rates.at(-1)!)}]`.padEnd(27)} ${(theirs ? k(theirs) : '-').padEnd(13)} ${theirs ? `${(median(rates) / theirs).toFixed(2)}×` : ''}`;

const events = loadEvents();
const reference = eventRulerFigures();
console.log(`${events.length} events, ${WARMUP} warm-up + ${PASSES} measured passes per line, median [min–max] events/s`);
console.log(`event-ruler figures from ${reference.file}`);
console.log('(recorded on this machine kind, which is noisy: ratios under about 10 % either way are within noise)\n');

console.log('rule set                      this engine                 event-ruler   ratio');
let failed = false;
for (const set of loadRuleSets()) {
  try {
    console.log(line(set.name, measure(set.rules, events, set.expectedMatches), reference.sets.get(set.name)));
  } catch (error) {
    failed = true;
    console.log(`${set.name.padEnd(29)} FAILED: ${(error as Error).message}`);
  }
}

console.log('\nexact rules                   this engine                 event-ruler   ratio');
const allRules = exactRules(events, 10_000);
for (const count of [1, 10, 100, 1000, 10_000]) {
  console.log(line(String(count), measure(allRules.slice(0, count), events), reference.scaling.get(count)));
}
if (failed) {
  console.error('\nsome rule sets gave wrong match counts');
  process.exitCode = 1;
}
