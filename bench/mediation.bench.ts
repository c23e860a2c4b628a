/** Issue 15 figures: generating the agreement PDF (subset Chinese font, three signatures, the seal), and the mediation function's size. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { agreementPdf } from '../cloudfunctions/mediation/pdf';
import { measure, summarize, table } from './stats';

/** A 300 × 100 greyscale PNG with a diagonal stroke: about what the canvas page uploads. */
function signaturePng(w = 300, h = 100): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.concat(
    Array.from({ length: h }, (_, y) =>
      Buffer.from([0, ...Array.from({ length: w }, (_, x) => (Math.abs(x / 3 - y) < 2 ? 0 : 255))])
    )
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0))
  ]);
}

export async function benchMediation(): Promise<string> {
  const sig = signaturePng();
  const by = new Date('2027-01-31T00:00:00Z');
  const input = {
    number: 'DDK-20261205-0001-TJ',
    committee: '平安社区人民调解委员会',
    applicant: { name: '张三', phone: '13800000001' },
    respondent: { name: '李四', phone: '13900000002' },
    mediatorName: '王秀英',
    effectiveAt: new Date('2026-12-05T02:00:00Z'),
    draft: {
      version: 1,
      at: new Date('2026-12-04T02:00:00Z'),
      facts: '楼上卫生间漏水，致楼下住户墙面、吊顶受损。'.repeat(6),
      issues: '修缮费用的数额与承担。',
      responsibilities: '李四对漏水负主要责任，张三对损失扩大负次要责任。',
      terms: Array.from({ length: 4 }, (_, i) => ({ what: `第${i + 1}期赔偿修缮费500元`, who: '李四', by }))
    },
    signatures: { applicant: sig, respondent: sig, mediator: sig }
  };
  let size = 0;
  await agreementPdf(input); // warm: the font is read once per instance
  const ms = await measure(20, 1, async () => {
    size = (await agreementPdf(input)).length;
  });
  const s = summarize(ms);
  const dir = path.resolve(__dirname, '../cloudfunctions/mediation');
  const kb = (f: string): string => (fs.existsSync(f) ? `${Math.round(fs.statSync(f).size / 1024)} KB` : 'not built');
  return table([
    { figure: 'agreement PDF generation (p50 / p95, warm)', value: `${s.p50} / ${s.p95} ms` },
    { figure: 'agreement PDF size', value: `${Math.round(size / 1024)} KB` },
    {
      figure: 'mediation bundle (index.js: pdf-lib, fontkit inlined; font not)',
      value: kb(path.join(dir, 'index.js'))
    },
    {
      // The upload cap (1.5 MB) applies to the zip, so deflate is the figure that matters.
      figure: 'mediation bundle deflated (≈ its zip)',
      value: fs.existsSync(path.join(dir, 'index.js'))
        ? `${Math.round(zlib.deflateRawSync(fs.readFileSync(path.join(dir, 'index.js')), { level: 9 }).length / 1024)} KB`
        : 'not built'
    },
    {
      figure: 'subset font (Noto Sans SC, GB2312 level 1 + ASCII)',
      value: kb(path.resolve(__dirname, '../assets/fonts/NotoSansSC-GB2312L1.otf'))
    }
  ]);
}
