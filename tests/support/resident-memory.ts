// Test support: how much resident memory a process and everything it started hold, read from /proc, so a test can
// show by its effect that a sandbox was stopped below a ceiling: the Node host's sandbox processes are children of
// the test's process; the browser's (Chromium's renderers, the sandbox worker's among them) descend from the
// Vitest process that launched it. Linux only: elsewhere there is no /proc and nothing is measured.

import { readdirSync, readFileSync } from 'node:fs';

const PAGE_BYTES = 4096;

/** Resident memory of `root` and all its descendants, in MB; undefined where there is no /proc. */
export function residentMbOfTree(root: number = process.pid): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  const rssPages = new Map<number, number>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name, in parentheses, may hold spaces: the fields are counted after it.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const parent = Number(fields[1]);
      rssPages.set(pid, Number(fields[21]));
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // The process ended while being read.
    }
  }
  let pages = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    pages += rssPages.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return (pages * PAGE_BYTES) / 1024 / 1024;
}

/** Samples the tree's resident memory until stopped; `stop` gives the most it grew above where it started, in MB. */
export function watchResidentGrowth(root: number = process.pid, intervalMs = 20): { stop(): number | undefined } {
  const start = residentMbOfTree(root);
  let peak = start;
  const timer = setInterval(() => {
    const now = residentMbOfTree(root);
    if (now !== undefined && peak !== undefined) peak = Math.max(peak, now);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const now = residentMbOfTree(root);
      if (start === undefined || peak === undefined || now === undefined) return undefined;
      return Math.max(peak, now) - start;
    },
  };
}
