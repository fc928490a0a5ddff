import { describe, expect, it } from 'vitest';
import { isApple, shortcutOf, shortcutText } from './shortcuts.ts';

const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('shortcuts', () => {
  it('sends on Ctrl+Enter and on ⌘Enter', () => {
    expect(shortcutOf(press('Enter', { ctrlKey: true }))).toBe('send');
    expect(shortcutOf(press('Enter', { metaKey: true }))).toBe('send');
  });

  it('saves on Ctrl+S and ⌘S, with Caps Lock on too', () => {
    expect(shortcutOf(press('s', { ctrlKey: true }))).toBe('save');
    expect(shortcutOf(press('S', { metaKey: true }))).toBe('save');
  });

  it('leaves plain keys and other combinations to the editor and the browser', () => {
    expect(shortcutOf(press('Enter'))).toBeUndefined();
    expect(shortcutOf(press('s'))).toBeUndefined();
    // Ctrl+Shift+Enter and Ctrl+Alt+S mean other things (Monaco inserts a line above; some keyboards type characters with AltGr).
    expect(shortcutOf(press('Enter', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
    expect(shortcutOf(press('s', { ctrlKey: true, altKey: true }))).toBeUndefined();
    expect(shortcutOf(press('a', { ctrlKey: true }))).toBeUndefined();
  });

  it('writes them as each platform does', () => {
    expect(shortcutText('send', false)).toBe('Ctrl+Enter');
    expect(shortcutText('save', true)).toBe('⌘S');
    expect(isApple('MacIntel')).toBe(true);
    expect(isApple('iPad')).toBe(true);
    expect(isApple('Linux x86_64')).toBe(false);
    expect(isApple('Win32')).toBe(false);
  });
});
