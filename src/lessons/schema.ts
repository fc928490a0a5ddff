import { z } from 'astro/zod';

/**
 * A file a learner edits in a lesson, as a path relative to the lesson folder
 * (`handler.ts`, `pattern.json`, `src/producer.ts`).
 */
const lessonFilePath = z
  .string()
  .regex(
    /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w.-]+(?:\/[\w.-]+)*$/,
    'must be a path inside the lesson folder, such as "handler.ts" (no leading "/", no "." or ".." segments)',
  );

/** The frontmatter every `lessons/NN-slug/index.mdx` starts with. */
export const lessonFrontmatter = z.strictObject({
  /**
   * The lesson's title, shown on the course home, in navigation and as the page heading.
   * @example "Events and the event bus"
   */
  title: z.string().trim().min(1).max(80),
  /**
   * One or two sentences saying what the learner will get out of the lesson; shown on the course home.
   */
  summary: z.string().trim().min(1).max(300),
  /**
   * What the learner can do after the lesson, each starting with a verb.
   * @example ["Name the fields of the EventBridge event envelope"]
   */
  objectives: z.array(z.string().trim().min(1)).min(1),
  /**
   * Minutes a first-time learner needs, reading and doing the exercise.
   * @example 15
   */
  estimatedMinutes: z.number().int().positive().max(240),
  /**
   * The files the learner edits, relative to the lesson folder, in the order their editor tabs appear.
   * A lesson that only reads leaves it out.
   * @example ["handler.ts", "pattern.json"]
   */
  files: z.array(lessonFilePath).default([]),
  /**
   * The number of an earlier lesson this one continues: its solution view (starter with the solution over it) is
   * where this lesson starts. A file this lesson does not carry itself comes from there, so a fix to the earlier
   * solution reaches this lesson too (src/lessons/lineage.ts). Leave it out for a lesson that starts afresh.
   * @example 3
   */
  from: z.number().int().positive().optional(),
});

export type LessonFrontmatter = z.infer<typeof lessonFrontmatter>;
