// Handwritten signature on a canvas: drawn, exported as PNG, uploaded to the signer's own folder, signed.
import { signWith } from '../../services/mediation';
import { elderMode } from '../../behaviors/elderMode';

interface Ctx {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  beginPath(): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  lineWidth: number;
  lineCap: string;
  strokeStyle: string;
}

let canvas: (WechatMiniprogram.Canvas & { width: number; height: number }) | null = null;
let ctx: Ctx | null = null;

Component({
  behaviors: [elderMode],
  data: { mediationId: '', draftVersion: 0, drawn: false, busy: false, error: '' },
  methods: {
    onLoad(query: { mediationId?: string; draftVersion?: string }) {
      this.setData({ mediationId: query.mediationId ?? '', draftVersion: Number(query.draftVersion ?? 0) });
    },
    onReady() {
      this.createSelectorQuery()
        .select('#pad')
        .fields({ node: true, size: true })
        .exec(
          (
            res: Array<{
              node: WechatMiniprogram.Canvas & { width: number; height: number };
              width: number;
              height: number;
            }>
          ) => {
            const first = res[0];
            if (!first?.node) return;
            canvas = first.node;
            canvas.width = first.width;
            canvas.height = first.height;
            ctx = canvas.getContext('2d') as unknown as Ctx;
            ctx.lineWidth = 4;
            ctx.lineCap = 'round';
            ctx.strokeStyle = '#111';
          }
        );
    },
    onStart(e: WechatMiniprogram.TouchCanvas) {
      const t = e.touches[0];
      ctx?.beginPath();
      ctx?.moveTo(t.x, t.y);
    },
    onMove(e: WechatMiniprogram.TouchCanvas) {
      const t = e.touches[0];
      ctx?.lineTo(t.x, t.y);
      ctx?.stroke();
      if (!this.data.drawn) this.setData({ drawn: true });
    },
    onClear() {
      if (canvas) ctx?.clearRect(0, 0, canvas.width, canvas.height);
      this.setData({ drawn: false });
    },
    onSubmit() {
      if (!canvas || !this.data.drawn) return this.setData({ error: '请先在框内手写签名' });
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      wx.canvasToTempFilePath({
        canvas: canvas as unknown as WechatMiniprogram.Component.TrivialInstance,
        fileType: 'png',
        success: (file) => void this.send(file.tempFilePath),
        fail: () => this.setData({ busy: false, error: '签名图片生成失败，请重试' })
      });
    },
    onUnload() {
      // Module state: a later visit must not draw on (or export) this page's canvas.
      canvas = null;
      ctx = null;
    },
    async send(path: string) {
      const res = await signWith(this.data.mediationId, this.data.draftVersion, path);
      this.setData({ busy: false });
      if (!res.ok) return this.setData({ error: res.message });
      void wx.navigateBack();
    }
  }
});
