import { z } from 'zod';
import { deadlineRuleProblem } from '../../../domain/deadlines';
import { LEVELS } from '../../../domain/enums';
import { isIsoDate } from '../../../domain/time';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { database, settle } from '../../../server/cloud';
import { COLLECTIONS } from '../../../server/collections';
import { action, AppError } from '../../../server/function';
import type { NotifyTemplates } from '../../../server/reference';
import type { RuleKind, Rules } from '../../../typings/setup';
import { needsSetup, RULE_FIELDS, RULE_KINDS } from '../rules';

// A bad value gets its own code; a missing one stays FIELD_REQUIRED.
const coded = (code: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'FIELD_REQUIRED' : code);

const level = z.enum(LEVELS, { error: coded('LEVEL_INVALID') });
const categoryId = z.string().min(1).max(64);
const days = z.number().optional();

const routingRule = z.strictObject({ category: categoryId, startLevel: level, reason: z.string().max(100).optional() });

const deadlineRule = z.strictObject({
  category: categoryId,
  level: z.union([z.literal('*'), level], { error: coded('LEVEL_INVALID') }),
  responseHours: days,
  responseWorkingDays: days,
  resolveWorkingDays: days
});

const calendarOverride = z.strictObject({
  date: z.string().refine(isIsoDate, { error: 'CALENDAR_DATE_INVALID' }),
  workday: z.boolean(),
  note: z.string().max(50).optional()
});

// WeChat subscribe-message template ids are 43 characters of this alphabet; leave room for change.
const templateId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
const templates = z.strictObject({
  caseAccepted: templateId,
  caseReplied: templateId,
  caseResolved: templateId,
  caseRejected: templateId,
  caseAssigned: templateId,
  // Whistle, reminder and 督办 notices; unset ones fall back to caseAssigned.
  caseWhistled: templateId.optional(),
  caseDue: templateId.optional(),
  caseSupervised: templateId.optional()
});

const input = z.strictObject({
  routing: z.array(routingRule).max(200).optional(),
  deadlines: z.array(deadlineRule).max(200).optional(),
  calendar: z.array(calendarOverride).max(1000).optional(),
  notify: templates.optional()
});

/**
 * Replaces the rule sets given, each as a whole. Everything is validated before the first write, so a
 * refusal writes nothing. Requests: 1 admin check, 1 category read (routing/deadlines only), 1 per set,
 * 1 audit entry (the sets as written; the previous ones are not read back).
 */
export const setRules = action(input, async (rules, ctx): Promise<{ updated: RuleKind[] }> => {
  const kinds = RULE_KINDS.filter((k) => rules[k] !== undefined);
  if (kinds.length === 0) throw new AppError('FIELD_REQUIRED', RULE_KINDS.join('|'));
  const { by } = await requireAdmin(ctx);

  if (rules.routing || rules.deadlines) {
    const known = await categoryIds();
    rules.routing?.forEach((r, i) => {
      if (!known.has(r.category)) throw new AppError('UNKNOWN_CATEGORY', `routing.${i}.category`);
    });
    rules.deadlines?.forEach((r, i) => {
      if (r.category !== '*' && !known.has(r.category))
        throw new AppError('UNKNOWN_CATEGORY', `deadlines.${i}.category`);
      const problem = deadlineRuleProblem(r);
      if (problem) throw new AppError('DEADLINE_RULE_INVALID', `deadlines.${i}: ${problem}`);
    });
  }

  // Stored in the shapes server/reference.ts reads (the compiler checks the templates).
  const values: Partial<Rules> & { notify?: NotifyTemplates } = rules;
  const db = database();
  await needsSetup(() =>
    Promise.all(
      kinds.map((kind) =>
        settle(
          db
            .collection(COLLECTIONS.config)
            .doc(kind)
            .set({ data: { [RULE_FIELDS[kind]]: values[kind], updatedAt: ctx.now, updatedBy: by } })
        )
      )
    )
  );
  const after = Object.fromEntries(kinds.map((k) => [k, values[k]]));
  await audit({ by, action: 'setup.setRules', target: kinds.join(','), after }, ctx.now);
  return { updated: kinds };
});

async function categoryIds(): Promise<Set<string>> {
  const res = await needsSetup(() =>
    settle(database().collection(COLLECTIONS.categories).field({ _id: true }).limit(1000).get())
  );
  const ids = new Set((res.data as Array<{ _id: string }>).map((c) => c._id));
  if (ids.size === 0) throw new AppError('SETUP_REQUIRED', 'no categories');
  return ids;
}
