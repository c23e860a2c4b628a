/** Issue 15 figures: generating the agreement PDF (subset Chinese font, three signatures, the seal), and the mediation function's size. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { agreementPdf } from '../cloudfunctions/mediation/pdf';
import { strokePng } from '../test/support/png';
import { measure, summarize, table } from './stats';

export async function benchMediation(): Promise<string> {
  const sig = strokePng(300, 100);
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
