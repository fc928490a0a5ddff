// One timed pass of the pattern engine over the benchmark events, as ../shared/bench/README.md measures it:
// a fresh matcher per pass, compiled outside the timed loop, events matched from their JSON text.

import { RuleMatcher } from '../../src/bus/pattern/index.ts';

/** One pass over all events; returns events/s and the per-rule match counts. */
export function pass(rules: readonly unknown[], events: readonly string[]): { rate: number; counts: number[] } {
  const matcher = new RuleMatcher();
  rules.forEach((rule, i) => matcher.add(`r${i}`, JSON.stringify(rule)));
  matcher.matches('{}');
  const index = new Map(rules.map((_, i) => [`r${i}`, i]));
  const counts = new Array<number>(rules.length).fill(0);
  const start = performance.now();
  for (const event of events) {
    for (const name of matcher.matches(event)) counts[index.get(name)!]!++;
  }
  const seconds = (performance.now() - start) / 1000;
  return { rate: events.length / seconds, counts };
}
