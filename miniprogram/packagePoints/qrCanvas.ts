// Draws a numeric code as a QR symbol (./qr) on a `<canvas type="2d">` of a component; the digits shown
// beside it are the fallback where canvas 2d is missing.
import { qrMatrix, QR_SIZE } from './qr';

const QUIET = 4; // modules of white border the spec asks for

export function drawQr(host: WechatMiniprogram.Component.TrivialInstance, selector: string, code: string): void {
  try {
    wx.createSelectorQuery()
      .in(host)
      .select(selector)
      .fields({ node: true, size: true })
      .exec((res: Array<{ node?: WechatMiniprogram.Canvas; width?: number } | null>) => {
        const canvas = res?.[0]?.node;
        if (!canvas || !res[0]?.width) return;
        const ctx = canvas.getContext('2d');
        const dpr = wx.getWindowInfo().pixelRatio;
        const width = res[0].width;
        canvas.width = canvas.height = width * dpr;
        ctx.scale(dpr, dpr);
        const cell = width / (QR_SIZE + 2 * QUIET);
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, width, width);
        ctx.fillStyle = '#000000';
        qrMatrix(code).forEach((row, r) =>
          row.forEach((dark, c) => {
            if (dark) ctx.fillRect((c + QUIET) * cell, (r + QUIET) * cell, Math.ceil(cell), Math.ceil(cell));
          })
        );
      });
  } catch (e) {
    console.warn('[points] QR not drawn', e);
  }
}
