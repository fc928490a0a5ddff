// The names of the memory meter's hooks that rewritten learner code calls (./allocation-sites.ts rewrites it,
// ./memory-meter.ts defines them). Apart from the rewriter so that the meter, whose module the page also imports,
// does not bring the parser into the page's own bundle.

/** The prefix of the hooks' names, which learner code may not use. */
export const HOOK_PREFIX = '__wb$';
export const HOOKS = {
  /** `(value, bytes)`: an object, array, closure or instance just made, and an estimate of its size. */
  site: '__wb$o',
  /** `(array)`: an array just made whose length the rewriting cannot know (a literal with spread elements, a rest element, `arguments`), by its length. */
  spreadArray: '__wb$a',
  /** `(object)`: an object literal with spread properties, charged by its keys. */
  spreadObject: '__wb$s',
  /** `(instance)`: what `new` (or `Array(n)`) made: an instance's size, and an array's by its length. */
  newInstance: '__wb$n',
  /** `(target, key, deleting?)`: a write to (or a delete of) a computed key; answers the target. */
  write: '__wb$w',
  /** `()`: the key the last `write` was given. */
  key: '__wb$k',
  /** `(specifier, options?)`: a dynamic import, refused. Exactly as long as `import`, so columns do not move. */
  importCall: '__wb$i',
  /** `(value)`: what an arithmetic operator (`*`, `<<`, `-x`, `x **= y`, …) made; answers it. */
  arithmetic: '__wb$m',
  /** `(left, right)`: answers `left + right`, which it makes. */
  concat: '__wb$p',
  /** A tag that answers what its template literal would have made, which it makes. */
  template: '__wb$t',
  /** `(iterable, callee)`: what a call gave an array literal to spread; answers it. One that is not an array makes its entries as it goes. */
  spreadSource: '__wb$e',
  /** `(value)`: what a `catch` caught (an Error's stack is charged once, if it keeps more frames than V8's ten). */
  caught: '__wb$c',
  /**
   * `(bytes, carrier?)`: a generator or async function was called, with a frame of about `bytes` that it keeps while
   * suspended; answers what carries that charge (the carrier given, if the hook made it).
   */
  frame: '__wb$f',
} as const;

/**
 * What V8 says of a call the rewriting put in, in words the learner would have read without it: `__wb$n(...).nope is
 * not a function` is `(intermediate value).nope is not a function`, as V8 names `new Map().nope()` unrewritten; and a
 * stack leaves out the frame of a hook that threw (one adding a Symbol to a string), so that it starts at the learner's line.
 */
export function withoutHooks(text: string): string {
  if (!text.includes(HOOK_PREFIX)) return text;
  return text
    .replace(/\n\s+at __wb\$[a-z] \([^\n]*\)(?=\n|$)/g, '')
    .replace(/__wb\$[a-z] is not a function or its return value is not iterable/g, '(intermediate value) is not iterable')
    .replace(/__wb\$[a-z]\(\.\.\.\)/g, '(intermediate value)');
}
