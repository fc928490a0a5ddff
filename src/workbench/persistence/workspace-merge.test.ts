import { describe, expect, it } from 'vitest';
import { reconcile, WorkspaceBase } from './workspace-merge.ts';

const FILES = ['handler.ts'];

describe('reconcile: which copy of a file is newer, the browser’s or workspace/’s', () => {
  it('shows workspace/’s copy when only workspace/ changed since they agreed (edited in the learner’s own editor)', () => {
    expect(reconcile(FILES, { 'handler.ts': 'base' }, { 'handler.ts': 'theirs' }, { 'handler.ts': 'base' })).toEqual({ show: { 'handler.ts': 'theirs' }, write: {}, conflicts: [] });
  });

  it('writes the browser’s copy when only the browser changed (its write to workspace/ never landed)', () => {
    expect(reconcile(FILES, { 'handler.ts': 'mine' }, { 'handler.ts': 'base' }, { 'handler.ts': 'base' })).toEqual({ show: {}, write: { 'handler.ts': 'mine' }, conflicts: [] });
  });

  it('keeps both when both changed: nothing shown over the page, nothing written over workspace/', () => {
    expect(reconcile(FILES, { 'handler.ts': 'mine' }, { 'handler.ts': 'theirs' }, { 'handler.ts': 'base' })).toEqual({ show: {}, write: {}, conflicts: ['handler.ts'] });
    expect(reconcile(FILES, { 'handler.ts': 'mine' }, { 'handler.ts': 'theirs' }, {})).toEqual({ show: {}, write: {}, conflicts: ['handler.ts'] });
  });

  it('shows workspace/’s copy when the browser has none, and writes the browser’s when workspace/ has none', () => {
    expect(reconcile(FILES, {}, { 'handler.ts': 'theirs' }, {}).show).toEqual({ 'handler.ts': 'theirs' });
    expect(reconcile(FILES, { 'handler.ts': 'mine' }, {}, {}).write).toEqual({ 'handler.ts': 'mine' });
  });

  it('does nothing for equal copies or files the learner does not edit', () => {
    expect(reconcile(FILES, { 'handler.ts': 'same' }, { 'handler.ts': 'same', 'lib.ts': 'x' }, {})).toEqual({ show: {}, write: {}, conflicts: [] });
  });
});

describe('WorkspaceBase', () => {
  it('remembers what both sides agreed on, per lesson, and reads nothing from damaged or missing storage', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k), key: () => null, length: 0 };
    const base = new WorkspaceBase(storage, '03-welcome-email');
    base.agree({ 'handler.ts': 'a' });
    base.agree({ 'other.ts': 'b' });
    expect(new WorkspaceBase(storage, '03-welcome-email').get()).toEqual({ 'handler.ts': 'a', 'other.ts': 'b' });
    expect(new WorkspaceBase(storage, '02-rules-and-patterns').get()).toEqual({});
    items.set('eventbridge-workbook:workspace-base:03-welcome-email', '{not json');
    expect(base.get()).toEqual({});
    expect(new WorkspaceBase(undefined, '03-welcome-email').get()).toEqual({});
  });
});
