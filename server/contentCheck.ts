import { openapi } from './cloud';
import { AppError } from './function';

/**
 * WeChat's content security scenes (msgSecCheck / mediaCheckAsync, version 2):
 * 1 资料 (names, profiles), 2 评论 (comments, replies, reasons), 3 论坛 (posts), 4 社交日志.
 */
export type ContentScene = 1 | 2 | 3 | 4;
export const SCENE = { profile: 1, comment: 2, forum: 3, log: 4 } as const satisfies Record<string, ContentScene>;

/** msgSecCheck v2 takes at most this many characters; every action's texts together stay below it. */
export const MAX_CHECKED_CHARS = 2500;

/** The non-blank texts of an action, joined the way they are checked (one call for all of them). */
export function joinTexts(texts: ReadonlyArray<string | null | undefined>): string {
  return texts.filter((t): t is string => typeof t === 'string' && t.trim() !== '').join('\n');
}

/**
 * WeChat's content security check (security.msgSecCheck, version 2) on text someone else will read:
 * ONE call over all of an action's texts, as the caller (their openid) in the action's scene.
 * Risky text is refused; if the check itself is unavailable we refuse too, rather than store unchecked text.
 */
export async function assertTextIsSafe(
  openid: string,
  scene: ContentScene,
  texts: ReadonlyArray<string | null | undefined>
): Promise<void> {
  const content = joinTexts(texts);
  if (!content) return;
  if (content.length > MAX_CHECKED_CHARS)
    throw new AppError('TEXT_TOO_LONG', `${content.length} > ${MAX_CHECKED_CHARS}`);
  let suggest: string | undefined;
  try {
    const res = await openapi().security.msgSecCheck({ content, version: 2, scene, openid });
    suggest = res.result?.suggest;
  } catch (e) {
    console.warn('msgSecCheck failed', e);
    throw new AppError('CONTENT_CHECK_UNAVAILABLE');
  }
  if (suggest === undefined) throw new AppError('CONTENT_CHECK_UNAVAILABLE', 'no suggest');
  // 'review' (uncertain) is refused as well: nothing unchecked is published.
  if (suggest !== 'pass') throw new AppError('CONTENT_RISKY');
}

/**
 * Asks WeChat to check an image asynchronously (security.mediaCheckAsync, version 2); the verdict
 * arrives later as a `wxa_media_check` message push carrying the answered trace_id.
 */
export async function requestMediaCheck(openid: string, scene: ContentScene, mediaUrl: string): Promise<string> {
  const res = await openapi().security.mediaCheckAsync({ mediaUrl, mediaType: 2, version: 2, scene, openid });
  if (!res.traceId) throw new Error(`mediaCheckAsync answered no trace_id: ${res.errCode} ${res.errMsg ?? ''}`);
  return res.traceId;
}
