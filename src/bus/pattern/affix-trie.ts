// Prefixes, suffixes and whole values in a trie of UTF-16 code units, read as event-ruler's byte machine reads
// them: from the value's first character (prefixes, whole values) or its last (suffixes), one step per character
// the value shares with some entry. A value costs no substring, no lower-cased copy and no hashing, and a value
// that shares nothing stops at its first character.

class TrieNode<T> {
  /** Children by code unit, side by side while there are few, in a map beyond that. */
  readonly codes: number[] = [];
  readonly nodes: TrieNode<T>[] = [];
  byCode: Map<number, TrieNode<T>> | null = null;
  /** What was added for the text that ends at this node. */
  items: T[] | null = null;

  next(code: number): TrieNode<T> | undefined {
    if (this.byCode !== null) return this.byCode.get(code);
    const codes = this.codes;
    for (let n = 0; n < codes.length; n++) if (codes[n] === code) return this.nodes[n];
    return undefined;
  }

  nextOrNew(code: number): TrieNode<T> {
    const found = this.next(code);
    if (found !== undefined) return found;
    const node = new TrieNode<T>();
    this.codes.push(code);
    this.nodes.push(node);
    if (this.byCode !== null) this.byCode.set(code, node);
    else if (this.codes.length > 8) this.byCode = new Map(this.codes.map((c, n) => [c, this.nodes[n]!]));
    return node;
  }
}

/** Upper-case ASCII letters read as lower case when folding (an all-ASCII text's strings.ts foldKey). */
function codeAt(text: string, index: number, fold: boolean): number {
  const c = text.charCodeAt(index);
  return fold && c >= 65 && c <= 90 ? c + 32 : c;
}

export class AffixTrie<T> {
  readonly #root = new TrieNode<T>();
  readonly #fromEnd: boolean;
  /** collect's answer, reused: nothing it reports is kept past the caller's loop. */
  readonly #found: T[][] = [];

  /** `fromEnd`: the entries are suffixes, read from the value's last character. */
  constructor(fromEnd: boolean) {
    this.#fromEnd = fromEnd;
  }

  add(text: string, item: T): void {
    let node = this.#root;
    const n = text.length;
    for (let k = 0; k < n; k++) node = node.nextOrNew(text.charCodeAt(this.#fromEnd ? n - 1 - k : k));
    (node.items ??= []).push(item);
  }

  /**
   * The items of every entry `text` starts with (ends with, for suffixes), shortest entry first, in a list that
   * the next call reuses. `fold` reads A-Z as a-z.
   */
  affixesOf(text: string, fold: boolean): readonly (readonly T[])[] {
    const found = this.#found;
    found.length = 0;
    const n = text.length;
    const fromEnd = this.#fromEnd;
    let node: TrieNode<T> | undefined = this.#root;
    for (let k = 0; ; k++) {
      if (node.items !== null) found.push(node.items);
      if (k === n) return found;
      node = node.next(codeAt(text, fromEnd ? n - 1 - k : k, fold));
      if (node === undefined) return found;
    }
  }

  /** The items of the entry that is all of `text`. `fold` reads A-Z as a-z. */
  itemsOf(text: string, fold: boolean): readonly T[] | null {
    const n = text.length;
    const fromEnd = this.#fromEnd;
    let node: TrieNode<T> | undefined = this.#root;
    for (let k = 0; k < n; k++) {
      node = node.next(codeAt(text, fromEnd ? n - 1 - k : k, fold));
      if (node === undefined) return null;
    }
    return node.items;
  }
}
