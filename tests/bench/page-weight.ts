// Reports what each built page ships: JavaScript (inline and external) and CSS, raw and gzipped.
// A report, not a test: run `npm run build` first, then `npm run bench:web`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
if (!existsSync(dist)) {
  console.error('No dist/ folder: run `npm run build` first.');
  process.exit(1);
}

function* htmlPages(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlPages(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

const gz = (text: string) => gzipSync(text).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function assetText(src: string): string {
  return readFileSync(join(dist, src.replace(/^\//, '')), 'utf8');
}

console.log('page'.padEnd(44), 'JS raw'.padStart(9), 'JS gzip'.padStart(9), 'CSS gzip'.padStart(9), 'HTML gzip'.padStart(10));
for (const page of htmlPages(dist)) {
  const html = readFileSync(page, 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attrs = '', body = '']) => {
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
    return src && !/^https?:/.test(src) ? assetText(src) : body;
  });
  const styles = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(([, href = '']) => assetText(href));
  styles.push(...[...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map(([, body = '']) => body));
  const js = scripts.join('\n');
  console.log(
    ('/' + relative(dist, page)).padEnd(44),
    kb(Buffer.byteLength(js)).padStart(9),
    kb(gz(js)).padStart(9),
    kb(gz(styles.join('\n'))).padStart(9),
    kb(gz(html)).padStart(10),
  );
}
