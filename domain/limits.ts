// The input bounds the functions enforce (zod at the edge, the domain's decide) and the pages show.
// One place: the mini-program cannot import this file, so org.catalog sends CLIENT_LIMITS as data and
// pages read them from there, never a copy.
import { MOBILE_RULE, type MobileRule } from './mask';
import { MAX_EXTENSION_DAYS } from './delays';
import { DEFAULT_CHECK_IN_MINUTES, MAX_DEPARTMENTS } from './whistles';

/** 群众吹哨: characters of the description. */
export const MAX_DESCRIPTION = 2000;
/** 群众吹哨: photos per case. */
export const MAX_PHOTOS = 9;
/** A contact phone as typed (spaces, dashes and +86 included); the mobile rule decides the rest. */
export const MAX_CONTACT_PHONE = 20;
/** 吹哨: the departments' check-in time, in minutes. */
export const MIN_CHECK_IN_MINUTES = 5;
export const MAX_CHECK_IN_MINUTES = 24 * 60;

/** Characters of the free text each action takes (its note, reason, reply, result or comment). */
export const TEXT_LIMITS = {
  accept: 500,
  reply: 1000,
  transfer: 500,
  escalate: 500,
  resolve: 1000,
  reject: 500,
  whistle: 500,
  report: 1000,
  withdrawWhistle: 500,
  requestExtension: 500,
  decideExtension: 500,
  pause: 500,
  resume: 500,
  decidePause: 500,
  reassign: 500,
  recordVisit: 1000,
  rate: 500,
  followUp: 500,
  evaluate: 500,
  evaluateWhistle: 500,
  supplement: 1000,
  withdraw: 500
} as const;
export type TextAction = keyof typeof TEXT_LIMITS;

/** What the pages need to know of the bounds above, sent with org.catalog. */
export interface ClientLimits {
  maxDescription: number;
  maxPhotos: number;
  maxContactPhone: number;
  mobileRule: MobileRule;
  maxDepartments: number;
  checkInMinutes: { min: number; max: number; default: number };
  maxExtensionDays: number;
  texts: Record<TextAction, number>;
}

export const CLIENT_LIMITS: ClientLimits = {
  maxDescription: MAX_DESCRIPTION,
  maxPhotos: MAX_PHOTOS,
  maxContactPhone: MAX_CONTACT_PHONE,
  mobileRule: MOBILE_RULE,
  maxDepartments: MAX_DEPARTMENTS,
  checkInMinutes: { min: MIN_CHECK_IN_MINUTES, max: MAX_CHECK_IN_MINUTES, default: DEFAULT_CHECK_IN_MINUTES },
  maxExtensionDays: MAX_EXTENSION_DAYS,
  texts: TEXT_LIMITS
};
