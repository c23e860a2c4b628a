// 长辈模式's numbers (适老化): kept apart from the behavior so they read (and test) as plain values.

/** Where 长辈模式 is kept on this phone. */
export const ELDER_MODE_KEY = 'elderMode';

/** 长辈模式's root font: a quarter above the phone's setting, and never under 24 px (18 pt). */
export function elderFontPx(systemPx: number): number {
  return Math.max(24, Math.round(systemPx * 1.25));
}
