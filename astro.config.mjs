// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { fileURLToPath } from 'node:url';
import { lambdaSandboxWorker } from './src/lambda/host/vite-plugin.ts';
import { lessonFrontmatter } from './src/lessons/vite-plugin.ts';
import { monacoCssWithEditor } from './src/workbench/editor/monaco-css-plugin.ts';

/** Under `npm run dev` only: the workbench keeps the learner's files in workspace/, where `npm test` grades them.
 * @type {import('astro').AstroIntegration} */
const workspaceFiles = {
  name: 'workbook-workspace',
  hooks: {
    'astro:server:setup': async ({ server }) => {
      const { workspaceEndpoint } = await import('./src/server/workspace-endpoint.ts');
      server.middlewares.use(workspaceEndpoint(fileURLToPath(new URL('.', import.meta.url))));
    },
  },
};

export default defineConfig({
  site: 'http://127.0.0.1:4321',
  trailingSlash: 'ignore',
  // Preact for the workbench's panels (src/workbench/panels/*.tsx), rendered in the browser.
  integrations: [mdx(), preact({ include: ['src/workbench/**/*.tsx'] }), workspaceFiles],
  server: { host: '127.0.0.1', port: 4321 },
  markdown: {
    // Shiki's css-variables theme lets code blocks follow the light/dark theme from CSS.
    shikiConfig: { theme: 'css-variables' },
  },
  devToolbar: { enabled: false },
  vite: {
    // The Lambda sandbox's worker, bundled into one script the page hands its sandbox frames; Monaco's CSS
    // loaded with the editor rather than linked from the page's <head>; each lesson's frontmatter as data, for
    // the page's loader to follow `from`.
    plugins: [lambdaSandboxWorker(), monacoCssWithEditor(), lessonFrontmatter()],
    // Monaco's language workers use top-level await (../shared/STACK.md).
    worker: { format: 'es' },
  },
});
