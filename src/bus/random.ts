// Seeded randomness for the simulation (event ids, retry jitter), so the same inputs give the same outputs.

/** A small, fast, seedable generator (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A version 4 UUID (RFC 9562) drawn from `random`. */
export function uuidV4(random: () => number): string {
  let out = '';
  for (let i = 0; i < 16; i++) {
    let byte = Math.floor(random() * 256);
    if (i === 6) byte = 0x40 | (byte & 0x0f); // version 4
    else if (i === 8) byte = 0x80 | (byte & 0x3f); // RFC variant
    out += BYTE_HEX[byte];
    if (i === 3 || i === 5 || i === 7 || i === 9) out += '-';
  }
  return out;
}
