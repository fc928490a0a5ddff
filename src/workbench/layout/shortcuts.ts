// The workbench's keyboard shortcuts: Ctrl+Enter (⌘Enter on a Mac) sends the event, Ctrl+S (⌘S) saves the files at
// once. Read from a key event without the DOM, so the rules are tested in Node; ui.ts acts on them.

export type Shortcut = 'send' | 'save';

interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The shortcut a key press means, if any. Either Ctrl or ⌘ will do on every platform; with Alt or Shift it is another key. */
export function shortcutOf(press: KeyPress): Shortcut | undefined {
  if (!(press.ctrlKey || press.metaKey) || press.altKey || press.shiftKey) return undefined;
  if (press.key === 'Enter') return 'send';
  if (press.key.toLowerCase() === 's') return 'save';
  return undefined;
}

const KEYS: Record<Shortcut, string> = { send: 'Enter', save: 'S' };

/** How a tooltip writes the shortcut: "Ctrl+Enter", or "⌘Enter" on Apple's systems. */
export const shortcutText = (shortcut: Shortcut, apple: boolean): string => (apple ? `⌘${KEYS[shortcut]}` : `Ctrl+${KEYS[shortcut]}`);

/** Whether the platform string (navigator.platform, or userAgentData's) is Apple's, whose shortcuts use ⌘. */
export const isApple = (platform: string): boolean => /mac|iphone|ipad|ipod/i.test(platform);
