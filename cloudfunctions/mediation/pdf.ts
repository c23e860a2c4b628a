// The agreement (人民调解协议书, Art. 29) and the joint application for judicial confirmation as PDFs:
// pdf-lib with Noto Sans SC subset to GB2312 level 1 (font/make-font.ts); the committee's seal is drawn
// here as vector graphics (a red ring, a star and the committee's name), no image asset.
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Draft } from '../../domain/mediation';
import { sdk } from '../../server/cloud';
import { FONT_ASSET, FONT_SOURCE_ENV } from './fontAsset';

/**
 * The subset font (1.9 MB) is not in the function's folder: a function's zip upload is capped at
 * 1.5 MB. Deployed, it is a storage asset (fontAsset.ts) fetched once per instance and kept in memory;
 * beside the repository (the local cloud's bundle, the bench) it is read from disk.
 */
const DISK = path.join(__dirname, '../..', FONT_ASSET.file);
let fontBytes: Promise<Uint8Array> | null = null;

function font(): Promise<Uint8Array> {
  // A failed download is not cached: the next agreement tries again.
  fontBytes ??= loadFont().catch((e: unknown) => {
    fontBytes = null;
    throw e;
  });
  return fontBytes;
}

async function loadFont(): Promise<Uint8Array> {
  if (process.env[FONT_SOURCE_ENV] !== 'storage' && fs.existsSync(DISK)) return fs.readFileSync(DISK);
  const fileID = process.env[FONT_ASSET.envVar];
  if (!fileID) throw new Error(`${FONT_ASSET.envVar} is not set: deploy uploads the font and sets it`);
  const res = (await sdk().downloadFile({ fileID })) as { fileContent: Buffer };
  return res.fileContent;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const RED = rgb(0.82, 0.1, 0.1);

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    readonly doc: PDFDocument,
    readonly f: PDFFont
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  need(h: number): void {
    if (this.y - h >= MARGIN) return;
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  /** Wraps text by width, character by character (Chinese has no spaces to break at). */
  text(s: string, size = 11, indent = 0): void {
    const width = A4[0] - 2 * MARGIN - indent;
    for (const para of s.split('\n')) {
      let line = '';
      for (const ch of para) {
        if (line && this.f.widthOfTextAtSize(line + ch, size) > width) {
          this.line(line, size, indent);
          line = '';
        }
        line += ch;
      }
      this.line(line, size, indent);
    }
  }
  line(s: string, size: number, indent = 0): void {
    this.need(size * 1.6);
    this.page.drawText(s, { x: MARGIN + indent, y: this.y - size, size, font: this.f });
    this.y -= size * 1.6;
  }
  title(s: string): void {
    const size = 18;
    const w = this.f.widthOfTextAtSize(s, size);
    this.need(size * 2);
    this.page.drawText(s, { x: (A4[0] - w) / 2, y: this.y - size, size, font: this.f });
    this.y -= size * 2.2;
  }
}

/** The committee's seal: a red ring, a five-pointed star, the name along the upper arc and 专用章 below. */
function drawSeal(page: PDFPage, f: PDFFont, cx: number, cy: number, name: string): void {
  const r = 52;
  page.drawCircle({ x: cx, y: cy, size: r, borderColor: RED, borderWidth: 3, opacity: 0, borderOpacity: 0.9 });
  const star = Array.from({ length: 10 }, (_, i) => {
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? 14 : 5.6;
    return `${i === 0 ? 'M' : 'L'}${(Math.cos(a) * rr).toFixed(2)},${(-Math.sin(a) * rr).toFixed(2)}`;
  }).join(' ');
  page.drawSvgPath(`${star} Z`, { x: cx, y: cy, color: RED });
  const chars = [...name];
  const span = Math.min(250, chars.length * 20);
  chars.forEach((ch, i) => {
    const deg = 90 + span / 2 - (i + 0.5) * (span / chars.length);
    const a = (deg * Math.PI) / 180;
    const size = 10;
    page.drawText(ch, {
      x: cx + Math.cos(a) * (r - 14) - (size / 2) * Math.sin(a) * -1 - (size / 2) * Math.cos(a - Math.PI / 2),
      y: cy + Math.sin(a) * (r - 14) - (size / 2) * Math.sin(a - Math.PI / 2),
      size,
      font: f,
      color: RED,
      rotate: degrees(deg - 90)
    });
  });
  const below = '调解专用章';
  page.drawText(below, { x: cx - f.widthOfTextAtSize(below, 9) / 2, y: cy - 30, size: 9, font: f, color: RED });
}

export interface AgreementInput {
  number: string;
  committee: string;
  applicant: { name: string; phone: string | null };
  respondent: { name: string; phone: string | null };
  mediatorName: string;
  draft: Draft;
  effectiveAt: Date;
  /** PNG or JPEG bytes of each handwritten signature. */
  signatures: { applicant: Uint8Array; respondent: Uint8Array; mediator: Uint8Array };
}

const day = (d: Date) => {
  const s = new Date(d.getTime() + 8 * 3600_000);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
};

async function image(doc: PDFDocument, bytes: Uint8Array) {
  return bytes[0] === 0x89 ? doc.embedPng(bytes) : doc.embedJpg(bytes);
}

/** 人民调解协议书 with every Art. 29 field, the three signatures and the committee's seal. */
export async function agreementPdf(a: AgreementInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(await font(), { subset: true });
  doc.setTitle('人民调解协议书');
  const w = new Writer(doc, f);
  w.title('人民调解协议书');
  w.text(`编号：${a.number}`, 10);
  w.text(`当事人（申请人）：${a.applicant.name}  联系电话：${a.applicant.phone ?? '未提供'}`);
  w.text(`当事人（被申请人）：${a.respondent.name}  联系电话：${a.respondent.phone ?? '未提供'}`);
  w.text('一、纠纷的主要事实', 12);
  w.text(a.draft.facts, 11, 16);
  w.text('二、争议事项', 12);
  w.text(a.draft.issues, 11, 16);
  w.text('三、各方当事人的责任', 12);
  w.text(a.draft.responsibilities, 11, 16);
  w.text('四、达成协议的内容、履行方式和期限', 12);
  a.draft.terms.forEach((t, i) => w.text(`${i + 1}. ${t.what}（履行人：${t.who}，履行期限：${day(t.by)}前）`, 11, 16));
  w.text(
    '本协议自各方当事人签名、人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式三份，双方当事人、人民调解委员会各执一份。双方当事人可自本协议生效之日起三十日内共同向人民法院申请司法确认。',
    10
  );
  w.need(150);
  const top = w.y - 10;
  const roles = [
    ['申请人签名', a.signatures.applicant],
    ['被申请人签名', a.signatures.respondent],
    [`人民调解员签名（${a.mediatorName}）`, a.signatures.mediator]
  ] as const;
  for (const [i, [label, bytes]] of roles.entries()) {
    const x = MARGIN + i * 160;
    w.page.drawText(label, { x, y: top - 12, size: 10, font: f });
    const img = await image(doc, bytes);
    const scale = Math.min(140 / img.width, 50 / img.height);
    w.page.drawImage(img, { x, y: top - 70, width: img.width * scale, height: img.height * scale });
  }
  w.page.drawText(`${a.committee}（盖章）  ${day(a.effectiveAt)}`, { x: MARGIN, y: top - 100, size: 11, font: f });
  drawSeal(w.page, f, A4[0] - MARGIN - 70, top - 110, a.committee);
  return doc.save();
}

/** 司法确认申请书: the joint application to the district court (Art. 33). */
export async function confirmationPdf(
  a: Omit<AgreementInput, 'signatures' | 'mediatorName' | 'draft'>,
  court: string
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(await font(), { subset: true });
  const w = new Writer(doc, f);
  w.title('司法确认申请书');
  w.text(`申请人：${a.applicant.name}  联系电话：${a.applicant.phone ?? '未提供'}`);
  w.text(`申请人：${a.respondent.name}  联系电话：${a.respondent.phone ?? '未提供'}`);
  w.text(
    `请求事项：请求确认双方于${day(a.effectiveAt)}经${a.committee}主持调解达成的人民调解协议（编号${a.number}）有效。`
  );
  w.text(
    '事实与理由：双方自愿达成上述协议，协议内容不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益。双方承诺出于解决纠纷的目的申请司法确认，所提供材料真实合法，并自愿承担相应法律责任。'
  );
  w.text('附：人民调解协议书、身份证明及与协议有关的财产权利证明材料。');
  w.text(`此致\n${court}`);
  w.text('申请人（签名）：                    申请人（签名）：');
  w.text(`${day(new Date())}`);
  return doc.save();
}
