// Phone numbers: validation of mainland mobiles and masking for display. Pure TS (mini-program too).

/** Digits of a mainland mobile with spaces, dashes and a +86/0086/86 prefix removed; null if not one. */
export function normalizeMobile(input: string): string | null {
  if (typeof input !== 'string') return null;
  let s = input.replace(/[\s-]/g, '');
  s = s.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

/** Whether the input is a mainland mobile number (11 digits, 13x–19x). */
export function isMainlandMobile(input: string): boolean {
  return normalizeMobile(input) !== null;
}

/** 13812341234 → 138****1234; other inputs keep at most 3 leading and 4 trailing digits, nothing if short. */
export function maskPhone(input: string): string {
  const mobile = normalizeMobile(input);
  const s = mobile ?? (typeof input === 'string' ? input.replace(/[\s-]/g, '') : '');
  if (s.length >= 8) return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
  return '*'.repeat(s.length);
}
