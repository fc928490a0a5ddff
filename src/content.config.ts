import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonFrontmatter } from './lessons/schema.ts';

// The folder is overridable so a test can point the build at fixture lessons.
const lessonsDir = process.env.WORKBOOK_LESSONS_DIR ?? './lessons';

const lessons = defineCollection({
  loader: glob({
    pattern: '*/index.mdx',
    base: lessonsDir,
    // `01-events-and-the-bus/index.mdx` is the lesson `01-events-and-the-bus`.
    generateId: ({ entry }) => entry.slice(0, entry.indexOf('/')),
  }),
  schema: lessonFrontmatter,
});

export const collections = { lessons };
