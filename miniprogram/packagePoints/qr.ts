// A small QR code encoder (ISO/IEC 18004) for short digit strings: numeric mode, version 1
// (21×21), error correction level M, mask 0. Enough for 12-digit pickup codes (up to 34), and pure, so a
// test reads the symbol back. Staff scan it with wx.scanCode.

export const QR_SIZE = 21;
const DATA_CODEWORDS = 16; // version 1-M
const EC_CODEWORDS = 10;
/** Level M's format bits are 00; mask 0 darkens nothing extra. */
const FORMAT_DATA = (0b00 << 3) | 0;

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
export function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** Reed–Solomon error correction codewords of `data` (the remainder by the degree-`n` generator). */
export function rsEcc(data: readonly number[], n: number): number[] {
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

/** The 16 data codewords of a digit string: mode 0001, 10-bit count, digits in groups of 3, padding. */
export function numericCodewords(digits: string): number[] {
  if (!/^\d{1,34}$/.test(digits)) throw new RangeError('QR: 1–34 digits only');
  const bits: number[] = [];
  const put = (value: number, width: number): void => {
    for (let i = width - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0001, 4);
  put(digits.length, 10);
  for (let i = 0; i < digits.length; i += 3) {
    const group = digits.slice(i, i + 3);
    put(Number(group), group.length === 3 ? 10 : group.length === 2 ? 7 : 4);
  }
  const capacity = DATA_CODEWORDS * 8;
  put(0, Math.min(4, capacity - bits.length));
  while (bits.length % 8) bits.push(0);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((v, b) => (v << 1) | b, 0));
  for (let pad = 0; out.length < DATA_CODEWORDS; pad++) out.push(pad % 2 ? 0x11 : 0xec);
  return out;
}

/** The 15 format bits (level M, mask 0) with their BCH code and mask. */
export function formatBits(): number {
  let rem = FORMAT_DATA;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((FORMAT_DATA << 10) | rem) ^ 0x5412;
}

/** Which modules are function patterns (finders, separators, timing, format, dark module). */
export function functionModules(): boolean[][] {
  const fn = Array.from({ length: QR_SIZE }, () => new Array<boolean>(QR_SIZE).fill(false));
  for (const [r0, c0] of [
    [0, 0],
    [0, QR_SIZE - 7],
    [QR_SIZE - 7, 0]
  ]) {
    for (let r = r0 - 1; r <= r0 + 7; r++)
      for (let c = c0 - 1; c <= c0 + 7; c++) if (r >= 0 && c >= 0 && r < QR_SIZE && c < QR_SIZE) fn[r][c] = true;
  }
  for (let i = 0; i < QR_SIZE; i++) fn[6][i] = fn[i][6] = true;
  for (let i = 0; i < 9; i++) fn[8][i] = fn[i][8] = true;
  for (let i = QR_SIZE - 8; i < QR_SIZE; i++) fn[8][i] = fn[i][8] = true;
  return fn;
}

/** The order data modules are filled in: two-column strips from the bottom right, up then down, skipping column 6. */
export function dataPath(): Array<[number, number]> {
  const fn = functionModules();
  const path: Array<[number, number]> = [];
  for (let right = QR_SIZE - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < QR_SIZE; v++) {
      const row = upward ? QR_SIZE - 1 - v : v;
      for (let j = 0; j < 2; j++) if (!fn[row][right - j]) path.push([row, right - j]);
    }
  }
  return path;
}

/** Where each format bit goes, as [row, col]: two copies, bit i of each at index i. */
export function formatPositions(): Array<[[number, number], [number, number]]> {
  const out: Array<[[number, number], [number, number]]> = [];
  for (let i = 0; i < 15; i++) {
    const first: [number, number] =
      i < 6 ? [i, 8] : i === 6 ? [7, 8] : i === 7 ? [8, 8] : i === 8 ? [8, 7] : [8, 14 - i];
    const second: [number, number] = i < 8 ? [8, QR_SIZE - 1 - i] : [QR_SIZE - 15 + i, 8];
    out.push([first, second]);
  }
  return out;
}

/** The QR symbol of a digit string: rows of modules, true = dark (no quiet zone). */
export function qrMatrix(digits: string): boolean[][] {
  const m = Array.from({ length: QR_SIZE }, () => new Array<boolean>(QR_SIZE).fill(false));
  for (const [r0, c0] of [
    [0, 0],
    [0, QR_SIZE - 7],
    [QR_SIZE - 7, 0]
  ]) {
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 7; c++) {
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        m[r0 + r][c0 + c] = ring !== 2;
      }
    }
  }
  for (let i = 8; i < QR_SIZE - 8; i++) m[6][i] = m[i][6] = i % 2 === 0;
  m[QR_SIZE - 8][8] = true; // the dark module
  const format = formatBits();
  formatPositions().forEach(([a, b], i) => {
    const dark = ((format >>> i) & 1) === 1;
    m[a[0]][a[1]] = dark;
    m[b[0]][b[1]] = dark;
  });
  const data = numericCodewords(digits);
  const codewords = [...data, ...rsEcc(data, EC_CODEWORDS)];
  dataPath().forEach(([r, c], i) => {
    const bit = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
    m[r][c] = bit !== ((r + c) % 2 === 0); // mask 0
  });
  return m;
}
