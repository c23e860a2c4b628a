// The invite QR code: byte mode and versions 2–6 of the invite encoder (miniprogram/packageAdmin/qr.ts),
// checked as the pickup codes are (pointsQr.test.ts): module for module against the `qrcode` package
// with the same settings (level M, mask 0, the same version), and read back from pixels by jsQR.
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { INVITE_LINK_PREFIX, codeFromQuery } from '../../miniprogram/packageAdmin/common';
import { dataPath, functionModules, qrMatrix, versionFor } from '../../miniprogram/packageAdmin/qr';

function reference(text: string, version: number): boolean[][] {
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], {
    version,
    errorCorrectionLevel: 'M',
    maskPattern: 0
  });
  return Array.from({ length: modules.size }, (_, r) =>
    Array.from({ length: modules.size }, (_, c) => modules.get(r, c) === 1)
  );
}

function read(m: boolean[][]): string | undefined {
  const scale = 6;
  const size = (m.length + 8) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (m[Math.floor(y / scale) - 4]?.[Math.floor(x / scale) - 4])
        data.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
  return jsQR(data, size, size, { inversionAttempts: 'dontInvert' })?.data;
}

const TEXTS: Array<[string, number]> = [
  ['ABCD2345', 1],
  ['https://x.cn/?c=ABCD2345', 2],
  ['https://invite.shajie.ex/?code=ABCD2345', 3],
  [`${INVITE_LINK_PREFIX}ABCD2345`, 4],
  [`${INVITE_LINK_PREFIX}ABCD2345&unit=500104001001&x=y`, 5],
  [`${INVITE_LINK_PREFIX}${'Z'.repeat(60)}`, 6],
  ['邀请码 ABCD 2345', 2]
];

test.each(TEXTS)('%s: version %i, module for module the reference symbol, and read back', (text, version) => {
  expect(versionFor(text)).toBe(version);
  const ours = qrMatrix(text);
  expect(ours).toHaveLength(17 + 4 * version);
  expect(ours).toEqual(reference(text, version));
  expect(read(ours)).toBe(text);
});

test('every version’s data path covers each free module once; too long a text is refused', () => {
  const codewords = [26, 44, 70, 100, 134, 172];
  for (let v = 1; v <= 6; v++) {
    const fn = functionModules(v);
    const path = dataPath(v);
    const size = 17 + 4 * v;
    expect(new Set(path.map(([r, c]) => r * size + c)).size).toBe(path.length);
    expect(path.every(([r, c]) => !fn[r][c])).toBe(true);
    expect(path.length).toBe(codewords[v - 1] * 8 + (v === 1 ? 0 : 7)); // remainder bits
  }
  expect(() => qrMatrix('x'.repeat(107))).toThrow(RangeError);
  expect(() => qrMatrix('')).toThrow(RangeError);
});

test('the redeem page finds the code in a scanned link, a share path or a 小程序码 scene', () => {
  expect(codeFromQuery({ q: encodeURIComponent(`${INVITE_LINK_PREFIX}ABCD2345`) })).toBe('ABCD2345');
  expect(codeFromQuery({ code: 'abcd-2345' })).toBe('ABCD2345');
  expect(codeFromQuery({ scene: encodeURIComponent('ABCD 2345') })).toBe('ABCD2345');
  expect(codeFromQuery({})).toBe('');
});
