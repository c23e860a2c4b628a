import type { CaseRates, DepartmentRates } from '../domain/kpiRates';
import type { Channel } from '../domain/channel';

/** `stats`: assessment figures (考核) read from pre-aggregated counters, and their export. Dates are Shanghai 'YYYY-MM-DD', both ends included. */

export type RankingKind = 'town' | 'department' | 'community';

/** The counts behind the three rates, defined with them in the domain (domain/kpiRates.ts). */
export type CaseCounts = CaseRates['counts'];

/** A department's figures, defined with them in the domain: towns' evaluations weigh 60 % by default. */
export type DepartmentFigures = DepartmentRates;

export interface KpisRequest {
  unitId?: string;
  from: string;
  to: string;
}

export interface KpisResponse {
  unitId: string;
  unitName: string;
  kind: 'district' | 'town' | 'community' | 'department';
  from: string;
  /** The last day counted: `to`, or today when `to` is later (deadlines still to come have not fallen). */
  countedTo: string | null;
  /** Fractions 0–1; null where there is nothing to count. */
  responseRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  counts: CaseCounts;
  /** Departments only. */
  department?: DepartmentFigures;
  /** Towns (and the district): share of their whistles departments judged reasonable. */
  whistleReasonableRate?: number | null;
}

export interface RankingRequest {
  kind: RankingKind;
  from: string;
  to: string;
}

export interface RankingItem {
  rank: number;
  unitId: string;
  unitName: string;
  /** Mean of the unit's available rates, 0–1; null (ranked last) when it has none. */
  score: number | null;
  responseRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  counts: CaseCounts;
  department?: DepartmentFigures;
  whistleReasonableRate?: number | null;
}

export interface RankingResponse {
  kind: RankingKind;
  from: string;
  countedTo: string | null;
  /** How many units of this kind are ranked; `items` holds those the caller may see. */
  total: number;
  items: RankingItem[];
}

export interface TrendRequest {
  unitId?: string;
  /** 'YYYY-MM': the last month shown; `months` months up to it (default 6, at most 12). */
  to: string;
  months?: number;
}

export interface TrendPoint {
  month: string;
  responseRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

export interface TrendResponse {
  unitId: string;
  points: TrendPoint[];
}

/** xlsx opens on the phone (wx.openDocument); csv stays for tools that want plain text. */
export type ExportFormat = 'xlsx' | 'csv';

export interface ExportRequest {
  unitId?: string;
  kind?: RankingKind;
  from: string;
  to: string;
  /** Default 'xlsx'. */
  format?: ExportFormat;
}

export interface ExportResponse {
  format: ExportFormat;
  fileID: string;
  tempFileURL: string;
  /** When the temporary link stops working (ISO time). */
  expiresAt: string;
  rows: number;
}

export interface ReconcileReport {
  day: string;
  casesScanned: number;
  unitsChecked: number;
  drift: Array<{ unitId: string; metric: string; counted: number; expected: number }>;
  repaired: number;
  at: string;
}

export type StatsActions = {
  kpis: { req: KpisRequest; res: KpisResponse };
  ranking: { req: RankingRequest; res: RankingResponse };
  trend: { req: TrendRequest; res: TrendResponse };
  export: { req: ExportRequest; res: ExportResponse };
  /** Cases per channel (多网合一) in a unit's scope over a period. */
  channels: { req: { unitId?: string; from: string; to: string }; res: ChannelsResponse };
};

/** stats.channels: the assessment split by channel; every channel listed, zeros included. */
export interface ChannelsResponse {
  unitId: string;
  from: string;
  to: string;
  items: Array<{ channel: Channel; cases: number; closed: number; byFollowUp: number }>;
}
