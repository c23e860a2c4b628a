// Makes the agreement PDF's Chinese font: Noto Sans CJK SC (SIL OFL 1.1, Debian's fonts-noto-cjk) subset
// to ASCII, GB2312's symbols and level-1 hanzi (3,755 common characters), so the function stays small.
// Run once after `apt-get install fonts-noto-cjk`: `npx tsx cloudfunctions/mediation/font/make-font.ts`.
// Only the subset is committed (the TTC is 19 MB); names outside level 1 render as a gap, never fail.
import fs from 'node:fs';
import path from 'node:path';
import subsetFont from 'subset-font';

const SOURCE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const SC_FACE = 2; // JP, KR, SC, TC, HK
const OUT = path.join(__dirname, '../../../assets/fonts/NotoSansSC-GB2312L1.otf');

/** One face of a collection as a standalone font: its tables copied behind a fresh directory. */
function faceOf(ttc: Buffer, index: number): Buffer {
  const at = ttc.readUInt32BE(12 + 4 * index);
  const numTables = ttc.readUInt16BE(at + 4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const r = at + 12 + 16 * i;
    return {
      tag: ttc.subarray(r, r + 4),
      sum: ttc.readUInt32BE(r + 4),
      off: ttc.readUInt32BE(r + 8),
      len: ttc.readUInt32BE(r + 12)
    };
  });
  const head = Buffer.alloc(12 + 16 * numTables);
  ttc.copy(head, 0, at, at + 12);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const r = 12 + 16 * i;
    t.tag.copy(head, r);
    head.writeUInt32BE(t.sum, r + 4);
    head.writeUInt32BE(offset, r + 8);
    head.writeUInt32BE(t.len, r + 12);
    const padded = Buffer.alloc((t.len + 3) & ~3);
    ttc.copy(padded, 0, t.off, t.off + t.len);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

/** ASCII, GB2312 rows 1–9 (symbols) and 16–55 (level-1 hanzi). */
function characters(): string {
  const gb = new TextDecoder('gbk');
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  const rows = [...Array.from({ length: 9 }, (_, i) => 0xa1 + i), ...Array.from({ length: 40 }, (_, i) => 0xb0 + i)];
  for (const hi of rows) for (let lo = 0xa1; lo <= 0xfe; lo++) s += gb.decode(Uint8Array.from([hi, lo]));
  return s.replace(/\uFFFD/g, '');
}

async function main(): Promise<void> {
  const face = faceOf(fs.readFileSync(SOURCE), SC_FACE);
  const out = await subsetFont(face, characters(), { targetFormat: 'sfnt' });
  fs.writeFileSync(OUT, out);
  console.log(`${OUT}: ${out.length} bytes`);
}

void main();
