import { categoriesProblem, supervisionProblem } from '../../../domain/adminRules';
import { deadlineRuleProblem } from '../../../domain/deadlines';
import { indexUnits } from '../../../domain/org';
import { pointsRulesProblem, type PointsRules } from '../../../domain/points/rules';
import type { SupervisionRules } from '../../../domain/supervision';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { database, settle } from '../../../server/cloud';
import { COLLECTIONS } from '../../../server/collections';
import { action, AppError } from '../../../server/function';
import type { NotifyTemplates } from '../../../server/reference';
import { listUnits } from '../../../server/repos/units';
import type { CategoryRule, RuleKind, Rules } from '../../../typings/setup';
import { CONFIG_KINDS, needsSetup, RULE_FIELDS, RULE_KINDS } from '../rules';
import { KIND_SCHEMAS, rulesInput } from '../ruleSchemas';

/** Parses one of the kinds that answer a single code for any flaw (ruleSchemas.ts KIND_SCHEMAS). */
function parseKind<K extends keyof typeof KIND_SCHEMAS>(kind: K, value: unknown): unknown {
  const { schema, code } = KIND_SCHEMAS[kind];
  const res = schema.safeParse(value);
  if (!res.success) throw new AppError(code, `${kind}.${res.error.issues[0].path.join('.')}`);
  return res.data;
}

/**
 * Replaces the rule sets given, each as a whole (categories: each one given is added or replaced, none
 * removed). Everything is validated before the first write, so a refusal writes nothing. In force on
 * every function's next call, or within a warm instance's reference cache (60 s, server/reference.ts).
 * Requests: 1 admin check; 1 category read (routing/deadlines/categories) and 1 unit read (categories)
 * at once; 1 per config set and 1 per category written; 1 audit entry (the sets as written).
 */
export const setRules = action(rulesInput, async (input, ctx): Promise<{ updated: RuleKind[] }> => {
  const kinds = RULE_KINDS.filter((k) => input[k] !== undefined);
  if (kinds.length === 0) throw new AppError('FIELD_REQUIRED', RULE_KINDS.join('|'));
  const { by } = await requireAdmin(ctx);
  const categories =
    input.categories === undefined ? undefined : (parseKind('categories', input.categories) as CategoryRule[]);
  const points = input.points === undefined ? undefined : (parseKind('points', input.points) as PointsRules);
  const kpi = input.kpi === undefined ? undefined : (parseKind('kpi', input.kpi) as Rules['kpi']);
  const supervision =
    input.supervision === undefined ? undefined : (parseKind('supervision', input.supervision) as SupervisionRules);

  if (points) {
    const problem = pointsRulesProblem(points);
    if (problem) throw new AppError('POINTS_RULE_INVALID', problem);
  }
  if (supervision) {
    const problem = supervisionProblem(supervision);
    if (problem) throw new AppError('SUPERVISION_RULE_INVALID', problem);
  }
  if (input.routing || input.deadlines || categories) {
    const [known, units] = await Promise.all([categoryIds(), categories ? listUnits() : Promise.resolve([])]);
    if (categories) {
      const problem = categoriesProblem(
        categories,
        indexUnits(units.map((u) => ({ id: u._id, name: u.name, kind: u.kind, level: u.level, parentId: u.parentId })))
      );
      if (problem) throw new AppError('CATEGORY_RULE_INVALID', problem);
      for (const c of categories) known.add(c.id);
    }
    if (known.size === 0) throw new AppError('SETUP_REQUIRED', 'no categories');
    input.routing?.forEach((r, i) => {
      if (!known.has(r.category)) throw new AppError('UNKNOWN_CATEGORY', `routing.${i}.category`);
    });
    input.deadlines?.forEach((r, i) => {
      if (r.category !== '*' && !known.has(r.category))
        throw new AppError('UNKNOWN_CATEGORY', `deadlines.${i}.category`);
      const problem = deadlineRuleProblem(r);
      if (problem) throw new AppError('DEADLINE_RULE_INVALID', `deadlines.${i}: ${problem}`);
    });
  }

  // Stored in the shapes server/reference.ts and the points function read (the compiler checks the templates).
  const values: Partial<Omit<Rules, 'categories'>> & { notify?: NotifyTemplates } = {
    routing: input.routing,
    deadlines: input.deadlines,
    calendar: input.calendar,
    notify: input.notify,
    points,
    kpi,
    supervision
  };
  const db = database();
  const stamp = { updatedAt: ctx.now, updatedBy: by };
  await needsSetup(() =>
    Promise.all([
      ...CONFIG_KINDS.filter((k) => values[k] !== undefined).map((kind) => {
        const field = RULE_FIELDS[kind];
        const data = field === null ? { ...(values[kind] as object), ...stamp } : { [field]: values[kind], ...stamp };
        return settle(db.collection(COLLECTIONS.config).doc(kind).set({ data }));
      }),
      ...(categories ?? []).map(({ id, ...c }) =>
        settle(
          db
            .collection(COLLECTIONS.categories)
            .doc(id)
            .set({ data: { ...c, ...stamp } })
        )
      )
    ])
  );
  const after = Object.fromEntries(kinds.map((k) => [k, k === 'categories' ? categories : values[k]]));
  await audit({ by, action: 'setup.setRules', target: kinds.join(','), after }, ctx.now);
  return { updated: kinds };
});

async function categoryIds(): Promise<Set<string>> {
  const res = await needsSetup(() =>
    settle(database().collection(COLLECTIONS.categories).field({ _id: true }).limit(1000).get())
  );
  return new Set((res.data as Array<{ _id: string }>).map((c) => c._id));
}
