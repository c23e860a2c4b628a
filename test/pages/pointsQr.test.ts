// The pickup-code QR encoder, checked against code that shares nothing with it: the `qrcode` package
// builds reference symbols with the same settings (version 1, level M, mask 0, numeric mode), which
// must match module for module; and `jsqr` reads our symbol back from pixels, as a phone camera would.
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import {
  dataPath,
  formatBits,
  formatPositions,
  functionModules,
  numericCodewords,
  qrMatrix,
  QR_SIZE
} from '../../miniprogram/packagePoints/qr';

/** The reference encoder's symbol, as rows of modules (true = dark). */
function reference(digits: string): boolean[][] {
  const { modules } = QRCode.create(digits, { version: 1, errorCorrectionLevel: 'M', maskPattern: 0 });
  return Array.from({ length: modules.size }, (_, r) =>
    Array.from({ length: modules.size }, (_, c) => modules.get(r, c) === 1)
  );
}

/** Our symbol drawn as RGBA pixels, 8 px a module, inside the standard 4-module quiet zone. */
function pixels(m: boolean[][], scale = 8): { data: Uint8ClampedArray; size: number } {
  const size = (m.length + 8) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, c] = [Math.floor(y / scale) - 4, Math.floor(x / scale) - 4];
      if (m[r]?.[c]) data.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
    }
  }
  return { data, size };
}

const VECTORS = ['123456789012', '000000000000', '123456', '987650', '5', '01234567890123456789012345678901'];

test.each(VECTORS)('%s: module for module the reference encoder’s symbol', (digits) => {
  const ours = qrMatrix(digits);
  expect(ours).toHaveLength(QR_SIZE);
  expect(ours).toEqual(reference(digits));
});

test.each(VECTORS)('%s: an independent decoder reads it back from pixels', (digits) => {
  const { data, size } = pixels(qrMatrix(digits));
  const read = jsQR(data, size, size, { inversionAttempts: 'dontInvert' });
  expect(read).toMatchObject({ data: digits, version: 1 });
  // One damaged module is still read (level M corrects up to 7 codewords of 26).
  const damaged = qrMatrix(digits).map((row) => [...row]);
  damaged[20][20] = !damaged[20][20];
  const img = pixels(damaged);
  expect(jsQR(img.data, img.size, img.size, { inversionAttempts: 'dontInvert' })?.data).toBe(digits);
});

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
