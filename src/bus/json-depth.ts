// How deep JSON text nests, without parsing it: EventBridge processes JSON "up to 1100 levels deep" (PutEvents,
// EventBridge API Reference), and code that walks a parsed value recursively must not meet more.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html

/** The nesting EventBridge processes. */
export const MAX_JSON_DEPTH = 1100;

/** Whether the JSON in `text` opens more than `limit` arrays and objects inside one another; brackets in strings do not count. */
export function nestsDeeperThan(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
