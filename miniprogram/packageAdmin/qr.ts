// The invite link's QR code (ISO/IEC 18004): level M, mask 0, versions 1–6, numeric mode for digits and
// byte mode for text (up to 106 bytes). packagePoints/qr.ts is the same algorithm cut down to version 1
// and digits (pickup codes); they are two files because subpackages cannot share code outside the main
// package, which is near its size budget. Pure, so a test reads the symbol back. No versions 7+.

const QR_SIZE = 21;
const MAX_VERSION = 6;
/** Level M per version: EC codewords per block, blocks, data codewords per block (ISO/IEC 18004 table 9). */
const BLOCKS: ReadonlyArray<{ ec: number; blocks: number; data: number }> = [
  { ec: 10, blocks: 1, data: 16 },
  { ec: 16, blocks: 1, data: 28 },
  { ec: 26, blocks: 1, data: 44 },
  { ec: 18, blocks: 2, data: 32 },
  { ec: 24, blocks: 2, data: 43 },
  { ec: 16, blocks: 4, data: 27 }
];
/** Level M's format bits are 00; mask 0 darkens nothing extra. */
const FORMAT_DATA = (0b00 << 3) | 0;

const sizeOf = (version: number): number => 17 + 4 * version;
const dataCodewordsOf = (version: number): number => BLOCKS[version - 1].blocks * BLOCKS[version - 1].data;

// GF(256) over x^8 + x^4 + x^3 + x^2 + 1 (0x11d), as Reed–Solomon in QR uses.
const EXP: number[] = new Array<number>(512);
const LOG: number[] = new Array<number>(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}

/** Product in GF(256). */
function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** Reed–Solomon error correction codewords of `data` (the remainder by the degree-`n` generator). */
function rsEcc(data: readonly number[], n: number): number[] {
  let gen = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array<number>(gen.length + 1).fill(0);
    gen.forEach((c, j) => {
      next[j] ^= c;
      next[j + 1] ^= gfMul(c, EXP[i]);
    });
    gen = next;
  }
  const msg = [...data, ...new Array<number>(n).fill(0)];
  for (let i = 0; i < data.length; i++) {
    const coef = msg[i];
    if (coef !== 0) for (let j = 0; j < gen.length; j++) msg[i + j] ^= gfMul(gen[j], coef);
  }
  return msg.slice(data.length);
}

/** UTF-8 bytes of a string (the mini-program has no TextEncoder on every base library). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** The segment's bits: mode, count and data (numeric for digits, else bytes). Versions 1–9 share the count widths. */
function segmentBits(text: string): number[] {
  const bits: number[] = [];
  const put = (value: number, width: number): void => {
    for (let i = width - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  if (/^\d+$/.test(text)) {
    put(0b0001, 4);
    put(text.length, 10);
    for (let i = 0; i < text.length; i += 3) {
      const group = text.slice(i, i + 3);
      put(Number(group), group.length === 3 ? 10 : group.length === 2 ? 7 : 4);
    }
  } else {
    const bytes = utf8(text);
    put(0b0100, 4);
    put(bytes.length, 8);
    for (const b of bytes) put(b, 8);
  }
  return bits;
}

/** The smallest version (1–6) whose data codewords hold the text; RangeError if none. */
export function versionFor(text: string): number {
  if (text === '') throw new RangeError('QR: empty text');
  const need = segmentBits(text).length;
  for (let v = 1; v <= MAX_VERSION; v++) if (need <= dataCodewordsOf(v) * 8) return v;
  throw new RangeError('QR: text too long for version 6-M');
}

/** The data codewords of a text for a version: segment, terminator, padding to bytes, 0xEC 0x11 padding. */
function dataCodewords(text: string, version = versionFor(text)): number[] {
  const bits = segmentBits(text);
  const capacity = dataCodewordsOf(version) * 8;
  if (bits.length > capacity) throw new RangeError(`QR: text too long for version ${version}-M`);
  for (let i = 0; i < 4 && bits.length < capacity; i++) bits.push(0);
  while (bits.length % 8) bits.push(0);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((v, b) => (v << 1) | b, 0));
  for (let pad = 0; out.length < capacity / 8; pad++) out.push(pad % 2 ? 0x11 : 0xec);
  return out;
}

/** Data then EC codewords, interleaved block by block as the standard sends them. */
function finalCodewords(data: readonly number[], version: number): number[] {
  const { ec, blocks, data: per } = BLOCKS[version - 1];
  const dataBlocks = Array.from({ length: blocks }, (_, b) => data.slice(b * per, (b + 1) * per));
  const ecBlocks = dataBlocks.map((d) => rsEcc(d, ec));
  const out: number[] = [];
  for (let i = 0; i < per; i++) for (const d of dataBlocks) out.push(d[i]);
  for (let i = 0; i < ec; i++) for (const e of ecBlocks) out.push(e[i]);
  return out;
}

/** The 15 format bits (level M, mask 0) with their BCH code and mask. */
function formatBits(): number {
  let rem = FORMAT_DATA;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((FORMAT_DATA << 10) | rem) ^ 0x5412;
}

/** The centre of the one alignment pattern of versions 2–6 (row = column), or null for version 1. */
const alignmentAt = (version: number): number | null => (version === 1 ? null : sizeOf(version) - 7);

/** Which modules are function patterns (finders, separators, timing, alignment, format, dark module). */
export function functionModules(version = 1): boolean[][] {
  const size = sizeOf(version);
  const fn = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  for (const [r0, c0] of [
    [0, 0],
    [0, size - 7],
    [size - 7, 0]
  ]) {
    for (let r = r0 - 1; r <= r0 + 7; r++)
      for (let c = c0 - 1; c <= c0 + 7; c++) if (r >= 0 && c >= 0 && r < size && c < size) fn[r][c] = true;
  }
  for (let i = 0; i < size; i++) fn[6][i] = fn[i][6] = true;
  for (let i = 0; i < 9; i++) fn[8][i] = fn[i][8] = true;
  for (let i = size - 8; i < size; i++) fn[8][i] = fn[i][8] = true;
  const a = alignmentAt(version);
  if (a !== null) for (let r = a - 2; r <= a + 2; r++) for (let c = a - 2; c <= a + 2; c++) fn[r][c] = true;
  return fn;
}

/** The order data modules are filled in: two-column strips from the bottom right, up then down, skipping column 6. */
export function dataPath(version = 1): Array<[number, number]> {
  const size = sizeOf(version);
  const fn = functionModules(version);
  const path: Array<[number, number]> = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < size; v++) {
      const row = upward ? size - 1 - v : v;
      for (let j = 0; j < 2; j++) if (!fn[row][right - j]) path.push([row, right - j]);
    }
  }
  return path;
}

/** Where each format bit goes, as [row, col]: two copies, bit i of each at index i. */
function formatPositions(size = QR_SIZE): Array<[[number, number], [number, number]]> {
  const out: Array<[[number, number], [number, number]]> = [];
  for (let i = 0; i < 15; i++) {
    const first: [number, number] =
      i < 6 ? [i, 8] : i === 6 ? [7, 8] : i === 7 ? [8, 8] : i === 8 ? [8, 7] : [8, 14 - i];
    const second: [number, number] = i < 8 ? [8, size - 1 - i] : [size - 15 + i, 8];
    out.push([first, second]);
  }
  return out;
}

/** The QR symbol of a text: rows of modules, true = dark (no quiet zone). Digits use numeric mode. */
export function qrMatrix(text: string): boolean[][] {
  const version = versionFor(text);
  const size = sizeOf(version);
  const m = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const square = (r0: number, c0: number, half: number): void => {
    for (let r = -half; r <= half; r++)
      for (let c = -half; c <= half; c++) m[r0 + r][c0 + c] = Math.max(Math.abs(r), Math.abs(c)) !== half - 1;
  };
  square(3, 3, 3);
  square(3, size - 4, 3);
  square(size - 4, 3, 3);
  const a = alignmentAt(version);
  if (a !== null) square(a, a, 2);
  for (let i = 8; i < size - 8; i++) m[6][i] = m[i][6] = i % 2 === 0;
  m[size - 8][8] = true; // the dark module
  const format = formatBits();
  formatPositions(size).forEach(([p, q], i) => {
    const dark = ((format >>> i) & 1) === 1;
    m[p[0]][p[1]] = dark;
    m[q[0]][q[1]] = dark;
  });
  const codewords = finalCodewords(dataCodewords(text, version), version);
  dataPath(version).forEach(([r, c], i) => {
    // Past the last codeword come the remainder bits (0), masked like any data module.
    const bit = i < codewords.length * 8 && ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
    m[r][c] = bit !== ((r + c) % 2 === 0); // mask 0
  });
  return m;
}
