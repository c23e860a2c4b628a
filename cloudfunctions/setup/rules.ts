// Where each admin-editable rule set lives: one `config` document per kind (categories: their own
// collection). routing/deadlines/calendar/notify/points keep their value under one field; kpi and
// supervision keep theirs at the document's top level, as server/reference.ts reads them.
import { calendarStatus } from '../../domain/adminRules';
import { DEFAULT_DEADLINE_RULES } from '../../domain/deadlines';
import { kpiRules } from '../../domain/kpiRates';
import { pointsRulesOf, policyFromEnv } from '../../domain/points/rules';
import { supervisionRules } from '../../domain/supervision';
import { database, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { AppError } from '../../server/function';
import { templatesInForce, type CategoryDoc } from '../../server/reference';
import { isMissingCollection } from '../../server/repos/users';
import type { CategoryRule, RuleKind, Rules, RulesView } from '../../typings/setup';

export const RULE_KINDS: readonly RuleKind[] = [
  'routing',
  'deadlines',
  'calendar',
  'notify',
  'categories',
  'points',
  'kpi',
  'supervision'
];

/** The kinds kept in `config` documents. */
export type ConfigKind = Exclude<RuleKind, 'categories'>;
export const CONFIG_KINDS = RULE_KINDS.filter((k): k is ConfigKind => k !== 'categories');

/** The field of the config document that holds each kind; null: the value's fields are the document's. */
export const RULE_FIELDS: Readonly<Record<ConfigKind, string | null>> = {
  routing: 'rules',
  deadlines: 'rules',
  calendar: 'overrides',
  notify: 'templates',
  points: 'rules',
  kpi: null,
  supervision: null
};

/** Turns "the collection does not exist" into SETUP_REQUIRED: nothing can be configured before seed. */
export async function needsSetup<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isMissingCollection(e)) throw new AppError('SETUP_REQUIRED');
    throw e;
  }
}

/** A category as the admin editor shows it. */
export function categoryRule(c: CategoryDoc): CategoryRule {
  return {
    id: c._id,
    name: c.name,
    defaultDepartment: c.defaultDepartment,
    alsoInvolved: [...(c.alsoInvolved ?? [])],
    guess: c.guess === true
  };
}

/** The rules in force (two requests at once); a missing document means the same default the functions use. */
export async function readRules(): Promise<Rules> {
  const db = database();
  const [res, cats] = await needsSetup(() =>
    Promise.all([
      settle(
        db
          .collection(COLLECTIONS.config)
          .where({ _id: db.command.in([...CONFIG_KINDS]) })
          .limit(CONFIG_KINDS.length)
          .get()
      ),
      settle(db.collection(COLLECTIONS.categories).limit(1000).get())
    ])
  );
  const docs = new Map((res.data as Array<Record<string, unknown>>).map((d) => [d._id as string, d]));
  const field = (kind: ConfigKind): unknown => {
    const name = RULE_FIELDS[kind];
    return name === null ? docs.get(kind) : docs.get(kind)?.[name];
  };
  return {
    routing: (field('routing') as Rules['routing'] | undefined) ?? [],
    deadlines: (field('deadlines') as Rules['deadlines'] | undefined) ?? DEFAULT_DEADLINE_RULES.map((r) => ({ ...r })),
    calendar: (field('calendar') as Rules['calendar'] | undefined) ?? [],
    // The templates in force, as the cases function resolves them.
    notify: templatesInForce(field('notify') as Rules['notify'] | undefined),
    categories: (cats.data as CategoryDoc[]).map(categoryRule),
    // As the points function reads them: stored over its environment over the defaults.
    points: pointsRulesOf(field('points'), policyFromEnv(process.env)),
    kpi: kpiRules(field('kpi')),
    supervision: supervisionRules(field('supervision'))
  };
}

/** getRules' answer. */
export function rulesView(rules: Rules, now: Date): RulesView {
  return { ...rules, calendarStatus: calendarStatus(rules.calendar, now) };
}
