// The `setup` function (admins; bootstrap alone from the console, before the first admin).
import type { CalendarOverride } from '../domain/calendar';
import type { DeadlineRule } from '../domain/deadlines';
import type { CalendarStatus } from '../domain/adminRules';
import type { KpiRules } from '../domain/kpiRates';
import type { DeedRule, DeedType, PointsPolicy, PointsRules } from '../domain/points/rules';
import type { RoutingRule } from '../domain/routing';
import type { SupervisionRules } from '../domain/supervision';

export type { CalendarStatus, DeedRule, DeedType, KpiRules, PointsPolicy, PointsRules, SupervisionRules };

/** Subscribe-message template ids, one per notice (the optional ones fall back to caseAssigned: server/reference.ts templatesInForce). */
export interface NotifyTemplateIds {
  caseAccepted: string;
  caseReplied: string;
  caseResolved: string;
  caseRejected: string;
  /** To a unit's staff: a case arrived. */
  caseAssigned: string;
  /** To a department's staff: a town whistled them (falls back to caseAssigned). */
  caseWhistled?: string;
  /** A deadline is near (falls back to caseAssigned). */
  caseDue?: string;
  /** A 督办 item was raised (falls back to caseAssigned). */
  caseSupervised?: string;
}

/**
 * A dispute category as admins edit it. setRules.categories adds or replaces each category given and
 * removes none (cases keep their category). Its starting level is its routing rule and its deadlines
 * its deadline rules (category, level '*'): send them in the same setRules call.
 */
export interface CategoryRule {
  id: string;
  name: string;
  /** The district department usually whistled for it (a department unit id), or null. */
  defaultDepartment: string | null;
  alsoInvolved: string[];
  /** The data file guessed it; org.confirmGuess clears it. */
  guess: boolean;
}

/** The admin-editable rules, each kept in one `config` document (categories: the categories collection). */
export interface Rules {
  routing: RoutingRule[];
  deadlines: DeadlineRule[];
  calendar: CalendarOverride[];
  notify: NotifyTemplateIds;
  categories: CategoryRule[];
  /** 德分宝: the policy (caps, 公示, expiry, secondKeyAbove …) and every deed type's label and points range (the list of types is fixed in code). */
  points: PointsRules;
  /** Assessment weights. */
  kpi: KpiRules;
  /** Reminders, auto-escalation, the extension cap and the pause allowance. */
  supervision: SupervisionRules;
}

/** setup.getRules: every rule set in force, and the calendar's status. */
export interface RulesView extends Rules {
  /** thisYear/nextYear configured (chinese-days or an override); `banner`: from October on while next year's schedule is missing. */
  calendarStatus: CalendarStatus;
}

export type RuleKind = keyof Rules;

/** What one seeding run inserted; all zero (and no collections) when everything was already there. */
export interface SeedResult {
  collectionsCreated: string[];
  created: {
    district: number;
    towns: number;
    communities: number;
    departments: number;
    categories: number;
    /** Ids of the config documents inserted (routing, deadlines, calendar, notify, orgSource). */
    config: string[];
  };
}

export interface SeedDemoResult extends SeedResult {
  /** Demo staff and admin bindings inserted (existing ones are left alone). */
  demoUsersCreated: number;
}

/** setup.bootstrap's answer: the first admin's invite, for the district. */
export interface BootstrapResult extends SeedResult {
  /** 8 characters, usable once, valid 7 days, and only while no admin exists. */
  adminInvite: { code: string; expiresAt: string; unitId: string; unitName: string };
}

export type SetupActions = {
  /** Console only (no OPENID), while no admin exists: seed, then the first admin's invite. */
  bootstrap: { req: Record<string, never>; res: BootstrapResult };
  /** Creates the collections and loads the organisation and default rules where missing. */
  seed: { req: Record<string, never>; res: SeedResult };
  /** seed, then the demo identities: admin-1 and staff-<unitId> for every unit. Admins, in the local cloud only. */
  seedDemo: { req: Record<string, never>; res: SeedDemoResult };
  /**
   * Replaces the rule sets given (at least one; categories are upserted); all are validated before
   * anything is written (a refusal writes nothing). In force on the next call of every function, or
   * within a warm instance's 60 s reference cache (server/reference.ts).
   */
  setRules: { req: Partial<Rules>; res: { updated: RuleKind[] } };
  /** Admins: the rules in force and whether next year's holidays are configured. */
  getRules: { req: Record<string, never>; res: RulesView };
};
