import { describe, expect, it } from 'vitest';
import { inheritedFiles, lineage, LessonLineageError, type LessonLink } from './lineage.ts';

/** A course of lessons given as `{ id: from }`, found by number as the loaders find them. */
const course = (links: Record<string, number | undefined>) => {
  const lessons: LessonLink[] = Object.entries(links).map(([id, from]) => ({ id, from }));
  return { lesson: (id: string) => lessons.find((l) => l.id === id)!, find: (n: number) => lessons.find((l) => Number(l.id.slice(0, 2)) === n) };
};

describe('which lessons a lesson continues', () => {
  it('is none without from, the one it names, and a whole chain nearest first', async () => {
    const { lesson, find } = course({ '03-first': undefined, '04-second': 3, '05-third': 4 });
    expect(await lineage(lesson('03-first'), find)).toEqual([]);
    expect((await lineage(lesson('04-second'), find)).map((l) => l.id)).toEqual(['03-first']);
    expect((await lineage(lesson('05-third'), find)).map((l) => l.id)).toEqual(['04-second', '03-first']);
  });

  it('refuses a from that names no lesson, naming the file that says it', async () => {
    const { lesson, find } = course({ '04-second': 2 });
    await expect(lineage(lesson('04-second'), find)).rejects.toThrow(
      new LessonLineageError('04-second', 2, 'but the course has no lesson 02: name an earlier lesson by its number.'),
    );
    await expect(lineage(lesson('04-second'), find)).rejects.toThrow('lessons/04-second/index.mdx says "from: 2", but the course has no lesson 02: name an earlier lesson by its number.');
  });

  it('refuses a from that names the lesson itself or a later lesson', async () => {
    const { lesson, find } = course({ '04-second': 4, '05-third': 6, '06-fourth': undefined });
    await expect(lineage(lesson('04-second'), find)).rejects.toThrow('lessons/04-second/index.mdx says "from: 4", its own number: a lesson can only start where an earlier one ended.');
    await expect(lineage(lesson('05-third'), find)).rejects.toThrow(
      'lessons/05-third/index.mdx says "from: 6", but lesson 06 (06-fourth) comes after it: a lesson can only start where an earlier one ended.',
    );
  });

  it('names a cycle, at the lesson that points forward, wherever the chain enters it', async () => {
    const { lesson, find } = course({ '03-first': 5, '04-second': 3, '05-third': 4 });
    const message = 'lessons/03-first/index.mdx says "from: 5", and lesson 05 leads back to it, a cycle (03 from 05 from 04 from 03): a lesson can only start where an earlier one ended.';
    await expect(lineage(lesson('05-third'), find)).rejects.toThrow(message);
    await expect(lineage(lesson('03-first'), find)).rejects.toThrow(message);
  });

  it('refuses a chain that reaches a bad from further back, naming that lesson’s file', async () => {
    const { lesson, find } = course({ '03-first': 1, '04-second': 3, '05-third': 4 });
    await expect(lineage(lesson('05-third'), find)).rejects.toThrow('lessons/03-first/index.mdx says "from: 1", but the course has no lesson 01');
  });
});

describe('the files a lesson inherits', () => {
  it('are the earlier lesson’s solution view: its starter with its solution over it', () => {
    const first = { own: { 'handler.ts': 'TODO', 'given.ts': 'given' }, editable: ['handler.ts'], solution: { 'handler.ts': 'done' } };
    expect(inheritedFiles([])).toEqual({});
    expect(inheritedFiles([first])).toEqual({ 'handler.ts': 'done', 'given.ts': 'given' });
  });

  it('pass down a chain: each lesson’s own files and solution over what it inherited', () => {
    const first = { own: { 'handler.ts': 'TODO' }, editable: ['handler.ts'], solution: { 'handler.ts': 'first done' } };
    // The second lesson edits the inherited handler.ts itself (no copy of its own) and adds audit.ts.
    const second = { own: { 'audit.ts': 'TODO' }, editable: ['handler.ts', 'audit.ts'], solution: { 'handler.ts': 'second done', 'audit.ts': 'audited' } };
    expect(inheritedFiles([first, second])).toEqual({ 'handler.ts': 'second done', 'audit.ts': 'audited' });
  });

  it('keep an earlier lesson’s given file as written: a solution replaces only the files its learner edits', () => {
    const first = { own: { 'given.ts': 'given' }, editable: [], solution: { 'given.ts': 'not a solution file' } };
    expect(inheritedFiles([first])).toEqual({ 'given.ts': 'given' });
  });
});
