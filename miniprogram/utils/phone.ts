import type { MobileRule } from '../../typings';

/**
 * The server's steps for a mainland mobile (domain/mask.ts normalizeMobile) with the server's own rule,
 * which org.catalog sends as data: the digits to send, or null when the server would refuse the number.
 */
export function normalizeMobileBy(rule: MobileRule, input: string): string | null {
  const s = input.replace(new RegExp(rule.separators, 'g'), '').replace(new RegExp(rule.prefix), '');
  return new RegExp(rule.mobile).test(s) ? s : null;
}
