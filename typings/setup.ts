// The `setup` function (admins; bootstrap alone from the console, before the first admin).
import type { CalendarOverride } from '../domain/calendar';
import type { DeadlineRule } from '../domain/deadlines';
import type { RoutingRule } from '../domain/routing';

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

/** The admin-editable rules, each kept in one `config` document. */
export interface Rules {
  routing: RoutingRule[];
  deadlines: DeadlineRule[];
  calendar: CalendarOverride[];
  notify: NotifyTemplateIds;
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
  /** Replaces the rule sets given (at least one); all are validated before anything is written. */
  setRules: { req: Partial<Rules>; res: { updated: RuleKind[] } };
  getRules: { req: Record<string, never>; res: Rules };
};
