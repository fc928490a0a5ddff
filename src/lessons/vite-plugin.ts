// Build tooling: a lesson's frontmatter for the page, as data. `import('/lessons/04-fan-out/index.mdx?frontmatter')`
// is the frontmatter of that lesson, parsed and checked here at build time by the Node loader's own parser
// (./frontmatter.ts), so the page's loader learns `from` and `files` without shipping a YAML parser or the lesson
// text. Vite ties the module to the file, so under `npm run dev` an edit to the frontmatter reaches the page.

import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';
import { parseFrontmatter } from './frontmatter.ts';

const QUERY = '?frontmatter';
const LESSON_PAGE = /[\\/]lessons[\\/]([^\\/]+)[\\/]index\.mdx$/;

export function lessonFrontmatter(): Plugin {
  return {
    name: 'workbook-lesson-frontmatter',
    // Before @astrojs/mdx, which would otherwise compile the file as a page.
    enforce: 'pre',
    async load(id) {
      if (!id.endsWith(QUERY)) return undefined;
      const file = id.slice(0, -QUERY.length);
      const lesson = LESSON_PAGE.exec(file)?.[1];
      if (lesson === undefined) return undefined;
      this.addWatchFile(file);
      return `export default ${JSON.stringify(parseFrontmatter(await readFile(file, 'utf8'), lesson))};`;
    },
  };
}
