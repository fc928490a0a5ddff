// Keys a learner's JSON file may hold, and what to say about one it may not: a misspelt key ("alarmAction") is
// otherwise silently ignored, and the learner hunts for a bug in the wrong place.

/** The known word closest to `word`, if one is close enough to be what was meant. */
export function nearestWord(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** "has an unknown key "alarmAction" (did you mean "alarmActions"?)", or undefined when every key is known. */
export function unknownKeyProblem(value: object, known: readonly string[]): string | undefined {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  return unknown === undefined ? undefined : unknownKeyMessage(unknown, known);
}

/** "has an unknown key "alarmAction" (did you mean "alarmActions"?)", or the keys it takes when none is close. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = nearestWord(key, known);
  return `has an unknown key "${key}" (${suggestion ? `did you mean "${suggestion}"?` : `the keys it takes are ${known.map((k) => `"${k}"`).join(', ')}`})`;
}

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
