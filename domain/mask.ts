// Phone numbers: validation of mainland mobiles and masking for display. Pure TS. The mini-program
// cannot import it: it gets MOBILE_RULE as data with org.catalog's limits and applies the same steps.

/** The mainland-mobile rule as RegExp sources, applied in this order (see normalizeMobile). */
export interface MobileRule {
  /** Removed everywhere first (global). */
  separators: string;
  /** Then removed once: a country prefix before the 11 digits. */
  prefix: string;
  /** What is left must match: 11 digits, 13x–19x. */
  mobile: string;
}

export const MOBILE_RULE: MobileRule = {
  separators: '[\\s-]',
  prefix: '^(\\+86|0086|86)(?=1\\d{10}$)',
  mobile: '^1[3-9]\\d{9}$'
};

const SEPARATORS = new RegExp(MOBILE_RULE.separators, 'g');
const PREFIX = new RegExp(MOBILE_RULE.prefix);
const MOBILE = new RegExp(MOBILE_RULE.mobile);

/** Digits of a mainland mobile with spaces, dashes and a +86/0086/86 prefix removed; null if not one. */
export function normalizeMobile(input: string): string | null {
  if (typeof input !== 'string') return null;
  const s = input.replace(SEPARATORS, '').replace(PREFIX, '');
  return MOBILE.test(s) ? s : null;
}

/** 13812341234 → 138****1234; other inputs keep at most 3 leading and 4 trailing digits, nothing if short. */
export function maskPhone(input: string): string {
  const mobile = normalizeMobile(input);
  const s = mobile ?? (typeof input === 'string' ? input.replace(SEPARATORS, '') : '');
  if (s.length >= 8) return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
  return '*'.repeat(s.length);
}
