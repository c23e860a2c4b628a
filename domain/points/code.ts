// 积分码: what a resident shows staff to receive points. A short-lived random number, never the openid:
// a photo of it is useless minutes later, and it names nobody on its own.

/** How long a code works after it is issued. */
export const POINTS_CODE_TTL_MS = 10 * 60_000;
/** Digits of a code: fits a version-1 QR in numeric mode (up to 34 digits) and stays unguessable (10^16). */
export const POINTS_CODE_DIGITS = 16;

const CODE = new RegExp(`^\\d{${POINTS_CODE_DIGITS}}$`);

/** Whether `s` is a code's shape (digits only; spaces as shown on screen removed). */
export function isPointsCode(s: string): boolean {
  return CODE.test(s);
}

/** Whether a code issued until `expiresAt` still works at `now`. */
export function codeLive(expiresAt: Date | string, now: Date): boolean {
  return now.getTime() < new Date(expiresAt).getTime();
}
