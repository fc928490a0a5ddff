// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  site: 'http://127.0.0.1:4321',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  server: { host: '127.0.0.1', port: 4321 },
  markdown: {
    // Shiki's css-variables theme lets code blocks follow the light/dark theme from CSS.
    shikiConfig: { theme: 'css-variables' },
  },
  devToolbar: { enabled: false },
});
