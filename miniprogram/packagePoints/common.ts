// Labels and small helpers of the 德分宝 pages (no `wx`: tests import this file). The label maps copy domain/points (DevTools compiles
// miniprogram/ alone); test/pages/points.test.ts keeps them equal.
import type {
  PointsClaimStatus,
  PointsDeedType,
  PointsEntryKind,
  PointsNoticeStatus,
  PointsOrderStatus
} from '../../typings';

export type TagTheme = 'warning' | 'primary' | 'success' | 'default' | 'danger';

export const DEED_OPTIONS: ReadonlyArray<{
  value: PointsDeedType;
  label: string;
  points: number;
  min: number;
  max: number;
}> = [
  { value: 'volunteer', label: '志愿服务', points: 5, min: 1, max: 20 },
  { value: 'neighbour', label: '邻里互助', points: 3, min: 1, max: 10 },
  { value: 'bravery', label: '见义勇为', points: 50, min: 20, max: 100 },
  { value: 'filial', label: '孝老爱亲', points: 5, min: 1, max: 20 },
  { value: 'environment', label: '环境保护', points: 3, min: 1, max: 10 },
  { value: 'mediation', label: '参与调解', points: 10, min: 5, max: 30 },
  { value: 'other', label: '其他善行', points: 2, min: 1, max: 10 }
];

export const ENTRY_LABELS: Record<PointsEntryKind, string> = {
  earn: '获得',
  spend: '兑换',
  refund: '退回',
  expire: '到期',
  adjust: '调整'
};

export const ORDER_LABELS: Record<PointsOrderStatus, { label: string; theme: TagTheme }> = {
  placed: { label: '待领取', theme: 'warning' },
  collected: { label: '已领取', theme: 'success' },
  cancelled: { label: '已取消', theme: 'default' }
};

export const NOTICE_LABELS: Record<PointsNoticeStatus, { label: string; theme: TagTheme }> = {
  notice: { label: '公示中', theme: 'primary' },
  objected: { label: '有异议，核查中', theme: 'warning' },
  confirmed: { label: '已生效', theme: 'success' },
  revoked: { label: '已撤销', theme: 'danger' },
  awaiting: { label: '待复核', theme: 'warning' },
  declined: { label: '复核未通过', theme: 'default' }
};

export const CLAIM_LABELS: Record<PointsClaimStatus, { label: string; theme: TagTheme }> = {
  pending: { label: '待审核', theme: 'warning' },
  awaiting: { label: '待复核', theme: 'warning' },
  approved: { label: '已通过', theme: 'success' },
  refused: { label: '未通过', theme: 'default' }
};

/** A 12-digit pickup code in groups of 4, as residents read it out and staff type it. */
export function spacedCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** +5 / −3, as the ledger shows amounts. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}
