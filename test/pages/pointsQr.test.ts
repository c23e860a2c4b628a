// The pickup-code QR encoder, read back by an independent path: format bits by BCH division,
// codewords by unmasking, error correction by Reed–Solomon syndromes, digits by the numeric mode.
import {
  dataPath,
  formatBits,
  formatPositions,
  functionModules,
  gfMul,
  gfPow,
  numericCodewords,
  qrMatrix,
  QR_SIZE
} from '../../miniprogram/packagePoints/qr';

function syndromes(codewords: number[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (const c of codewords) acc = gfMul(acc, gfPow(i)) ^ c; // Horner at α^i
    out.push(acc);
  }
  return out;
}

function readBack(m: boolean[][]): { codewords: number[]; digits: string } {
  const bits: number[] = dataPath().map(([r, c]) => (m[r][c] !== ((r + c) % 2 === 0) ? 1 : 0));
  const codewords: number[] = [];
  for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((v, b) => (v << 1) | b, 0));
  const stream = codewords.slice(0, 16).flatMap((byte) => Array.from({ length: 8 }, (_, k) => (byte >>> (7 - k)) & 1));
  let at = 0;
  const take = (w: number): number => stream.slice(at, (at += w)).reduce((v, b) => (v << 1) | b, 0);
  expect(take(4)).toBe(0b0001);
  const count = take(10);
  let digits = '';
  while (digits.length < count) {
    const left = count - digits.length;
    const width = left >= 3 ? 10 : left === 2 ? 7 : 4;
    digits += String(take(width)).padStart(Math.min(3, left), '0');
  }
  return { codewords, digits };
}

test.each(['123456789012', '000000000000', '123456', '987650', '5', '01234567890123456789012345678901'])(
  '%s reads back intact',
  (digits) => {
    const m = qrMatrix(digits);
    expect(m).toHaveLength(QR_SIZE);
    const { codewords, digits: read } = readBack(m);
    expect(read).toBe(digits);
    expect(codewords).toHaveLength(26);
    expect(syndromes(codewords, 10)).toEqual(new Array(10).fill(0));
    const damaged = [...codewords];
    damaged[3] ^= 0x40;
    expect(syndromes(damaged, 10).some((s) => s !== 0)).toBe(true);
  }
);

test('function patterns: finders, timing, dark module, and both copies of the format bits', () => {
  const m = qrMatrix('123456');
  for (const [r0, c0] of [
    [0, 0],
    [0, 14],
    [14, 0]
  ]) {
    for (let i = 0; i < 7; i++) {
      expect(m[r0][c0 + i] && m[r0 + 6][c0 + i] && m[r0 + i][c0] && m[r0 + i][c0 + 6]).toBe(true);
      expect(m[r0 + 1][c0 + 1 + Math.min(i, 4)]).toBe(false);
    }
    expect(m[r0 + 3][c0 + 3]).toBe(true);
  }
  expect([8, 9, 10, 11, 12].map((i) => m[6][i])).toEqual([true, false, true, false, true]);
  expect(m[13][8]).toBe(true);
  const format = formatBits();
  for (const [a, b] of formatPositions()) expect(m[a[0]][a[1]]).toBe(m[b[0]][b[1]]);
  const read = formatPositions().reduce((v, [a], i) => v | ((m[a[0]][a[1]] ? 1 : 0) << i), 0);
  expect(read).toBe(format);
  // Unmasked: level M (00) and mask 0, and the BCH(15,5) remainder by 0x537 is zero.
  const raw = read ^ 0x5412;
  expect(raw >>> 10).toBe(0);
  let rem = raw;
  for (let i = 14; i >= 10; i--) if ((rem >>> i) & 1) rem ^= 0x537 << (i - 10);
  expect(rem).toBe(0);
});

test('the data path fills exactly the 208 free modules, once each', () => {
  const fn = functionModules();
  const path = dataPath();
  expect(path).toHaveLength(26 * 8);
  expect(new Set(path.map(([r, c]) => r * QR_SIZE + c)).size).toBe(path.length);
  expect(path.every(([r, c]) => !fn[r][c])).toBe(true);
  expect(path[0]).toEqual([20, 20]);
  // ISO/IEC 18004 placement, written out by hand: up the two rightmost columns, right module first,
  // then down the next pair from the top of the free area (row 9, below the top-right finder's format row).
  expect(path.slice(0, 6)).toEqual([
    [20, 20],
    [20, 19],
    [19, 20],
    [19, 19],
    [18, 20],
    [18, 19]
  ]);
  expect(path.slice(22, 24)).toEqual([
    [9, 20],
    [9, 19]
  ]);
  expect(path.slice(24, 26)).toEqual([
    [9, 18],
    [9, 17]
  ]);
});

test('format bits sit where the standard puts them (written out, not computed)', () => {
  // [row, col] of bit i in the copy around the top-left finder, then in the split copy.
  const first = [
    [0, 8],
    [1, 8],
    [2, 8],
    [3, 8],
    [4, 8],
    [5, 8],
    [7, 8],
    [8, 8],
    [8, 7],
    [8, 5],
    [8, 4],
    [8, 3],
    [8, 2],
    [8, 1],
    [8, 0]
  ];
  const second = [
    [8, 20],
    [8, 19],
    [8, 18],
    [8, 17],
    [8, 16],
    [8, 15],
    [8, 14],
    [8, 13],
    [14, 8],
    [15, 8],
    [16, 8],
    [17, 8],
    [18, 8],
    [19, 8],
    [20, 8]
  ];
  expect(formatPositions()).toEqual(first.map((a, i) => [a, second[i]]));
});

test('numeric codewords pad with 0xEC 0x11 and refuse anything but digits', () => {
  // 34 bits of data and 4 of terminator make 5 codewords; 11 pad codewords follow.
  expect(numericCodewords('123456').slice(5)).toEqual([
    0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec
  ]);
  // Level M with mask 0 is the standard's format string 101010000010010.
  expect(formatBits().toString(2)).toBe('101010000010010');
  expect(() => numericCodewords('12a')).toThrow(RangeError);
  expect(() => numericCodewords('')).toThrow(RangeError);
});
