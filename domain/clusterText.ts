// Chinese text similarity for clustering (未诉先办): character bigrams, no tokenizer. Chinese has no
// spaces, and complaints about one thing share short phrases (噪音, 扰民, 积水) more reliably than a
// dictionary's segmentation of them; bigrams need no dictionary in the bundle. Pure TS.

/** Keeps letters and digits of any script (CJK included), lower-cased; drops punctuation and spaces. */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** FNV-1a of a short string: bigrams become numbers, so a case's features are a small sorted int array. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The text's distinct character bigrams as sorted hashes (a one-character text gives its character). */
export function bigramFeatures(text: string): Uint32Array {
  const chars = Array.from(normalizeText(text));
  const set = new Set<number>();
  if (chars.length === 1) set.add(hash(chars[0]));
  for (let i = 0; i + 1 < chars.length; i++) set.add(hash(chars[i] + chars[i + 1]));
  return Uint32Array.from(set).sort();
}

/** Dice coefficient of two sorted feature arrays, in [0, 1]: 2·|A∩B| / (|A|+|B|). */
export function dice(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return (2 * common) / (a.length + b.length);
}

/**
 * Dice coefficient weighted by each bigram's rarity in the corpus (inverse document frequency): the
 * bigrams every complaint shares (请尽快, 反映, 小区) weigh little, what names the problem weighs much.
 * `wa`/`wb` are the weights of `a`/`b`'s features in order; `sa`/`sb` their sums.
 */
export function weightedDice(
  a: Uint32Array,
  wa: Float64Array,
  sa: number,
  b: Uint32Array,
  wb: Float64Array,
  sb: number
): number {
  if (sa <= 0 || sb <= 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common += wa[i] + wb[j];
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return common / (sa + sb);
}

/** Similarity of two texts (character-bigram Dice). */
export function textSimilarity(a: string, b: string): number {
  return dice(bigramFeatures(a), bigramFeatures(b));
}

/** A query text's features, to compare with many texts (相似诉求) without recomputing them. */
export function similarityTo(text: string): (other: string) => number {
  const q = bigramFeatures(text);
  return (other) => dice(q, bigramFeatures(other));
}
