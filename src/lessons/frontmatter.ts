// Reading a lesson's frontmatter from the text of its index.mdx, one way for the Node loader and the page's
// loader (the site build reads it through the content collection, with the same schema).

import { parse as parseYaml } from 'yaml';
import { lessonFrontmatter, type LessonFrontmatter } from './schema.ts';

/** The frontmatter of `lessons/<id>/index.mdx`, given the file's text; throws naming the file and the field. */
export function parseFrontmatter(text: string, id: string): LessonFrontmatter {
  // \r?: a Windows checkout may have CRLF line endings.
  const yaml = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  if (yaml === undefined) throw new Error(`lessons/${id}/index.mdx has no frontmatter.`);
  const parsed = lessonFrontmatter.safeParse(parseYaml(yaml));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`lessons/${id}/index.mdx: ${issue.path.join('.') || 'frontmatter'}: ${issue.message}`);
  }
  return parsed.data;
}
