// The shapes setup.setRules accepts, one schema per rule kind. Domain checks that need the
// organisation or several fields at once are in domain/adminRules.ts and the rule files.
import { z } from 'zod';
import { CLOCK_KINDS, LEVELS } from '../../domain/enums';
import { DEED_TYPES, type DeedType } from '../../domain/points/rules';
import { isIsoDate } from '../../domain/time';

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

const unitRef = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'CATEGORY_RULE_INVALID' });
const category = z.strictObject(
  {
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    name: z
      .string()
      .transform((s) => s.trim())
      .refine((s) => s.length >= 1 && [...s].length <= 20),
    defaultDepartment: unitRef.nullable(),
    alsoInvolved: z.array(unitRef).max(10).default([]),
    guess: z.boolean().default(false)
  },
  { error: coded('CATEGORY_RULE_INVALID') }
);

const whole = z.number().int();
const points = z.strictObject(
  {
    policy: z.strictObject({
      noticeDays: whole,
      expiryYears: whole,
      dailyCap: whole,
      monthlyCap: whole,
      expiringSoonDays: whole,
      maxQuantity: whole,
      maxAward: whole,
      secondKeyAbove: whole,
      verifyFailuresPerHour: whole
    }),
    deeds: z.strictObject(
      Object.fromEntries(
        DEED_TYPES.map((t) => [t, z.strictObject({ label: z.string().max(12), points: whole, min: whole, max: whole })])
      ) as Record<
        DeedType,
        z.ZodObject<{ label: z.ZodString; points: typeof whole; min: typeof whole; max: typeof whole }>
      >
    )
  },
  { error: coded('POINTS_RULE_INVALID') }
);

const kpi = z.strictObject({ townWeight: z.number().min(0).max(1) }, { error: coded('KPI_RULE_INVALID') });

const minutes = z
  .number()
  .int()
  .min(0)
  .max(7 * 1440);
const workingDays = z.number().int().min(0).max(250);
const supervision = z.strictObject(
  {
    remindBeforeMinutes: z.strictObject(
      Object.fromEntries(CLOCK_KINDS.map((k) => [k, minutes])) as Record<(typeof CLOCK_KINDS)[number], typeof minutes>
    ),
    escalations: z
      .array(
        z.strictObject({ level, afterWorkingDays: workingDays, kinds: z.array(z.enum(CLOCK_KINDS)).min(1).max(20) })
      )
      .max(3),
    extensionCapWorkingDays: workingDays,
    pauseFreeWorkingDays: workingDays
  },
  { error: coded('SUPERVISION_RULE_INVALID') }
);

/**
 * The kinds whose every flaw answers one code (the kind's), parsed in setRules after the admin check:
 * a wrong field anywhere in a points set is POINTS_RULE_INVALID, with the field's path as detail.
 */
export const KIND_SCHEMAS = {
  categories: { schema: z.array(category).max(200), code: 'CATEGORY_RULE_INVALID' },
  points: { schema: points, code: 'POINTS_RULE_INVALID' },
  kpi: { schema: kpi, code: 'KPI_RULE_INVALID' },
  supervision: { schema: supervision, code: 'SUPERVISION_RULE_INVALID' }
} as const;

export const rulesInput = z.strictObject({
  routing: z.array(routingRule).max(200).optional(),
  deadlines: z.array(deadlineRule).max(200).optional(),
  calendar: z.array(calendarOverride).max(1000).optional(),
  notify: templates.optional(),
  categories: z.unknown().optional(),
  points: z.unknown().optional(),
  kpi: z.unknown().optional(),
  supervision: z.unknown().optional()
});
