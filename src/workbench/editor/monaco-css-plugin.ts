// Astro links every stylesheet a page's scripts import into the page's <head>, even one reached only through a
// dynamic import() (withastro/astro#9495). Monaco's modules import ~28 KB gzip of CSS, which would then block the
// lesson text from painting although the editor loads later. This plugin turns each of Monaco's CSS imports into a
// module that adds the stylesheet when Monaco itself is loaded, so the CSS arrives with the editor's chunk.

import type { Plugin } from 'vite';

// A module id that does not end in .css, or Vite's CSS plugin would treat the JS below as CSS.
const PREFIX = '\0monaco-css:';
const SUFFIX = '.with-editor.js';

export function monacoCssWithEditor(): Plugin {
  return {
    name: 'workbook-monaco-css-with-editor',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (options.ssr || !source.endsWith('.css') || !importer?.includes('/node_modules/monaco-editor/')) return undefined;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved ? PREFIX + resolved.id + SUFFIX : undefined;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      return [
        `import css from ${JSON.stringify(`${file}?inline`)};`,
        `const style = document.createElement('style');`,
        `style.dataset.monaco = ${JSON.stringify(file.slice(file.lastIndexOf('/node_modules/monaco-editor/') + 28))};`,
        `style.textContent = css;`,
        `document.head.append(style);`,
      ].join('\n');
    },
  };
}
