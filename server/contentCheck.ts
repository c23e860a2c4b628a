import { sdk } from './cloud';
import { AppError } from './function';

/**
 * WeChat's content security check (security.msgSecCheck, version 2) on text a resident publishes.
 * Risky text is refused; if the check itself is unavailable we refuse too, rather than store unchecked text.
 */
export async function assertTextIsSafe(openid: string, ...texts: Array<string | undefined>): Promise<void> {
  const content = texts.filter((t): t is string => !!t && t.trim() !== '').join('\n');
  if (!content) return;
  let suggest: string | undefined;
  try {
    const res = (await sdk().openapi.security.msgSecCheck({ content, version: 2, scene: 2, openid })) as { result?: { suggest?: string } };
    suggest = res.result?.suggest;
  } catch (e) {
    console.warn('msgSecCheck failed', e);
    throw new AppError('CONTENT_CHECK_UNAVAILABLE');
  }
  if (suggest !== 'pass') throw new AppError('CONTENT_RISKY');
}
