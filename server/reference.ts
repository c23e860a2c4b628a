import type { NotifyTemplateIds } from '../typings/setup';
import { kpiRules, type KpiRules } from '../domain/kpiRates';
import { pointsRulesOf, policyFromEnv, type PointsRules } from '../domain/points/rules';
import { makeCalendar, type Calendar, type CalendarOverride } from '../domain/calendar';
import type { CaseContext } from '../domain/case';
import { DEFAULT_DEADLINE_RULES, type DeadlineRule } from '../domain/deadlines';
import { indexUnits, type Unit } from '../domain/org';
import type { RoutingRule } from '../domain/routing';
import { supervisionRules, type SupervisionRules } from '../domain/supervision';
import { database, settle } from './cloud';
import { COLLECTIONS } from './collections';

export interface CategoryDoc {
  _id: string;
  name: string;
  defaultDepartment: string | null;
  alsoInvolved: string[];
  guess: boolean;
  basis?: string;
}

export type UnitDoc = Omit<Unit, 'id'> & {
  _id: string;
  officialName?: string;
  guess?: boolean;
  /** Openids of the unit's staff, kept as staff are bound: new cases notify them with no extra query. */
  staffOpenids?: string[];
};

/** Template ids of subscribe messages, set per mini-program in the admin console (see README). */
export type NotifyTemplates = NotifyTemplateIds;

/** The config documents: one per kind of admin-editable rule. */
export interface ConfigDocs {
  routing: { rules: RoutingRule[] };
  deadlines: { rules: DeadlineRule[] };
  calendar: { overrides: CalendarOverride[] };
  notify: { templates: NotifyTemplates };
  supervision: Partial<SupervisionRules>;
}

export interface Reference {
  units: ReadonlyMap<string, Unit>;
  categories: ReadonlyMap<string, CategoryDoc>;
  routing: RoutingRule[];
  templates: Required<NotifyTemplates>;
  staffOf: ReadonlyMap<string, readonly string[]>;
  ctx: CaseContext;
  /** Reminders and auto-escalation of the deadline sweeper, the extension cap and the pause allowance (config document 'supervision' over defaults; the last two also in ctx.oversight). */
  supervision: SupervisionRules;
  /** The assessment's weights (config document 'kpi' over defaults). */
  kpi: KpiRules;
  /** 德分宝's policy and deed ranges: config document 'points' over the points environment variables over the defaults. */
  points: PointsRules;
  /** Partners' webhooks in force (config document 'webhooks', kept by the partners function): who hears of a case change. */
  webhooks: ReadonlyArray<{ keyId: string; unitId: string; url: string }>;
}

export const LOCAL_TEMPLATES: NotifyTemplates = {
  caseAccepted: 'TPL_CASE_ACCEPTED',
  caseReplied: 'TPL_CASE_REPLIED',
  caseResolved: 'TPL_CASE_RESOLVED',
  caseRejected: 'TPL_CASE_REJECTED',
  caseAssigned: 'TPL_CASE_ASSIGNED',
  caseWhistled: 'TPL_CASE_WHISTLED',
  caseDue: 'TPL_CASE_DUE',
  caseSupervised: 'TPL_CASE_SUPERVISED'
};

/**
 * The templates in force: those stored (the seed stores the local ids), each optional notice falling
 * back to caseAssigned's when an admin set none; the local ids before anything is stored.
 */
export function templatesInForce(stored: NotifyTemplates | undefined): Required<NotifyTemplates> {
  const t = stored ?? LOCAL_TEMPLATES;
  return {
    ...t,
    caseWhistled: t.caseWhistled ?? t.caseAssigned,
    caseDue: t.caseDue ?? t.caseAssigned,
    caseSupervised: t.caseSupervised ?? t.caseAssigned
  };
}

// Organisation and rules change rarely: a warm function instance reuses them for a minute,
// so a typical action spends no database request on them.
export const REFERENCE_TTL_MS = 60_000;
let cached: { at: number; value: Promise<Reference> } | null = null;

export function loadReference(now: Date): Promise<Reference> {
  if (cached && now.getTime() - cached.at < REFERENCE_TTL_MS && now.getTime() >= cached.at) return cached.value;
  const value = fetchReference();
  cached = { at: now.getTime(), value };
  value.catch(() => (cached = null));
  return value;
}

async function fetchReference(): Promise<Reference> {
  const [unitDocs, categoryDocs, configDocs] = await Promise.all([
    readAll<UnitDoc>(COLLECTIONS.units),
    readAll<CategoryDoc>(COLLECTIONS.categories),
    readAll<{ _id: string } & Record<string, unknown>>(COLLECTIONS.config)
  ]);
  const config = new Map(configDocs.map((d) => [d._id, d]));
  const units = indexUnits(
    unitDocs.map(({ _id, name, kind, level, parentId, subKind, inactive, bounds }) => ({
      id: _id,
      name,
      kind,
      level,
      parentId,
      subKind,
      ...(inactive ? { inactive: true } : {}),
      ...(bounds ? { bounds } : {})
    }))
  );
  const deadlines = (config.get('deadlines') as ConfigDocs['deadlines'] | undefined)?.rules ?? [
    ...DEFAULT_DEADLINE_RULES
  ];
  const overrides = (config.get('calendar') as ConfigDocs['calendar'] | undefined)?.overrides ?? [];
  const calendar: Calendar = makeCalendar(overrides);
  const supervision = supervisionRules(config.get('supervision'));
  const oversight = {
    extensionCapWorkingDays: supervision.extensionCapWorkingDays,
    pauseFreeWorkingDays: supervision.pauseFreeWorkingDays
  };
  return {
    units,
    categories: new Map(categoryDocs.map((c) => [c._id, c])),
    routing: (config.get('routing') as ConfigDocs['routing'] | undefined)?.rules ?? [],
    templates: templatesInForce((config.get('notify') as ConfigDocs['notify'] | undefined)?.templates),
    staffOf: new Map(unitDocs.map((u) => [u._id, u.staffOpenids ?? []])),
    ctx: { units, deadlineRules: deadlines, calendar, oversight },
    supervision,
    kpi: kpiRules(config.get('kpi')),
    points: pointsRulesOf(config.get('points')?.rules, policyFromEnv(process.env)),
    webhooks: (config.get('webhooks') as { subscriptions?: Reference['webhooks'] } | undefined)?.subscriptions ?? []
  };
}

/** Reads a whole (small) collection page by page: CloudBase caps a get at 1000 documents. */
async function readAll<T>(collection: string): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += 1000) {
    const page = await settle(database().collection(collection).skip(skip).limit(1000).get());
    out.push(...(page.data as T[]));
    if (page.data.length < 1000) return out;
  }
}
