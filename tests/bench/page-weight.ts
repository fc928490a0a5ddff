// What each built page ships before anything loads lazily: the JavaScript its HTML names (inline scripts, external
// scripts, modulepreloads and the modules those import statically), its CSS (stylesheets and inline styles) and
// the HTML itself, raw and gzipped. Read from dist/, no browser: `import()` is not followed, which is the point,
// since the editor is the one thing a lesson page loads with `import()` once the text has painted.
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  /** The page's URL path, e.g. `/lessons/03-welcome-email/`. */
  page: string;
  jsRaw: number;
  jsGzip: number;
  cssGzip: number;
  htmlGzip: number;
  /** The external scripts counted in `js*`, as URL paths: what the page fetches before the editor. */
  scripts: string[];
  /** The stylesheets counted in `cssGzip`, as URL paths: all of them block rendering. */
  stylesheets: string[];
}

const gz = (text: string) => gzipSync(text).length;

function* htmlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/** Static `import … from "x"`, `import "x"` and `export … from "x"`; never `import("x")`. */
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`]([^"'`]+\.m?js)["'`]/g;

/** `src` resolved against the module that names it, as a site path; undefined for other origins. */
function sitePath(src: string, from: string): string | undefined {
  if (/^[a-z]+:/i.test(src) || src.startsWith('//')) return undefined;
  return src.startsWith('/') ? src : posix.join(posix.dirname(from), src);
}

/** The scripts `entries` load before any `import()`: the entries and, transitively, their static imports. */
function staticClosure(dist: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(join(dist, path), 'utf8');
    for (const [, specifier = ''] of code.matchAll(STATIC_IMPORT)) {
      const next = sitePath(specifier, path);
      if (next) visit(next);
    }
  };
  entries.forEach(visit);
  return [...seen];
}

export function pageWeight(dist: string, htmlFile: string): PageWeight {
  const html = readFileSync(htmlFile, 'utf8');
  const rel = relative(dist, htmlFile).split('\\').join('/');
  const page = '/' + (rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel);
  const inlineJs: string[] = [];
  const entries: string[] = [];
  for (const [, attrs = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
    if (!src) inlineJs.push(body);
    else {
      const path = sitePath(src, page);
      if (path) entries.push(path);
    }
  }
  for (const [, href = ''] of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    const path = sitePath(href, page);
    if (path) entries.push(path);
  }
  const scripts = staticClosure(dist, entries);
  const js = [...inlineJs, ...scripts.map((path) => readFileSync(join(dist, path), 'utf8'))];
  const stylesheets = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].flatMap(([, href = '']) => sitePath(href, page) ?? []);
  const css = [
    ...stylesheets.map((path) => readFileSync(join(dist, path), 'utf8')),
    ...[...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map(([, body = '']) => body),
  ];
  return {
    page,
    jsRaw: js.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    // Each file is compressed on its own, as a server sends it.
    jsGzip: js.reduce((sum, text) => sum + gz(text), 0),
    cssGzip: css.reduce((sum, text) => sum + gz(text), 0),
    htmlGzip: gz(html),
    scripts,
    stylesheets,
  };
}

/** Every HTML page in dist/, sorted by path. */
export function pageWeights(dist: string): PageWeight[] {
  return [...htmlFiles(dist)].map((file) => pageWeight(dist, file)).sort((a, b) => a.page.localeCompare(b.page));
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatPageWeights(rows: PageWeight[]): string {
  const lines = [['page'.padEnd(44), 'JS raw'.padStart(9), 'JS gzip'.padStart(9), 'CSS gzip'.padStart(9), 'HTML gzip'.padStart(10)].join(' ')];
  for (const row of rows) {
    lines.push(
      [row.page.padEnd(44), kb(row.jsRaw).padStart(9), kb(row.jsGzip).padStart(9), kb(row.cssGzip).padStart(9), kb(row.htmlGzip).padStart(10)].join(' '),
    );
  }
  return lines.join('\n');
}
