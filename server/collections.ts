import { POINTS_COLLECTIONS } from './repos/pointsCollections';
import { DELIBERATION_COLLECTIONS } from './repos/deliberationCollections';

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
  /** Partner platforms' API keys (hash only) and webhooks; their per-minute counters; every API request (server/repos/partners.ts). */
  partnerKeys: 'partnerKeys',
  partnerRates: 'partnerRates',
  partnerRequests: 'partnerRequests',
  /** Webhook events waiting for delivery, in order per case (cloudfunctions/webhooks). */
  webhookOutbox: 'webhookOutbox',
  /** 人民调解: mediations of dispute cases and the mediator pools (server/repos/mediations.ts). */
  mediations: 'mediations',
  mediators: 'mediators',
  /** Legal services: community advisers and their visiting days, questions, legal-aid applications, ratings (cloudfunctions/legal). */
  legalAdvisers: 'legalAdvisers',
  legalQuestions: 'legalQuestions',
  legalAid: 'legalAid',
  legalRatings: 'legalRatings',
  /** proactiveMonths/<YYYY-MM>: the month's top clusters (每月一题) and the pick (cloudfunctions/proactive). */
  proactiveMonths: 'proactiveMonths',
  /** proactiveRuns/<YYYY-MM-DD>: the night's run, taken on by each timer call until done (cloudfunctions/proactive/run.ts). */
  proactiveRuns: 'proactiveRuns',
  /** 德分宝: wallets, ledger, claims, 公示, objections, shop items, order outcomes. */
  ...POINTS_COLLECTIONS,
  /** 三上三下三公开: topics, their comments, ballots and followers, and the rosters. */
  ...DELIBERATION_COLLECTIONS
} as const;
