import { POINTS_COLLECTIONS } from './repos/pointsCollections';

/** Every collection the functions use. `setup` creates them; deploy gives each "仅管理端可读写" (cloud functions only). */
export const COLLECTIONS = {
  units: 'units',
  categories: 'categories',
  config: 'config',
  users: 'users',
  invites: 'invites',
  cases: 'cases',
  /** caseNumbers/<YYYYMMDD>: the last case number reserved that Shanghai day (server/repos/cases.ts). */
  caseNumbers: 'caseNumbers',
  /** Assessment counters per (unit, month): see server/counters.ts. */
  kpiCounters: 'kpiCounters',
  /** Nightly reconciliation reports of the counters, one per day. */
  kpiReconcile: 'kpiReconcile',
  /** mediaChecks/<trace_id>: asynchronous media checks of stored photos and their verdicts (server/photos.ts). */
  mediaChecks: 'mediaChecks',
  /** Every admin action, one entry each (server/audit.ts). */
  auditLog: 'auditLog',
  /** 德分宝: wallets, ledger, claims, 公示, objections, shop items, order outcomes. */
  ...POINTS_COLLECTIONS
} as const;
