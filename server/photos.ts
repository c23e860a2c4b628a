// Photos are private: the ids an action stores, their media checks, and the temporary URLs pages get.
//
// Upload convention: a client uploads to `uploads/<openid>/<folder>/<day>/<name>` (see the
// mini-program's services/storage/uploadPhoto.ts), so its fileID is
// `cloud://<env>.<bucket>/uploads/<openid>/…`. An action accepts only ids of this environment's
// storage under the caller's own folder: nobody can attach a file they did not upload.
import type { PhotoUrl } from '../typings/cases';
import { database, sdk, settle } from './cloud';
import { COLLECTIONS } from './collections';
import { requestMediaCheck, type ContentScene } from './contentCheck';
import { AppError } from './function';
import { recordCheck } from './mediaVerdict';

export type { MediaCheckDoc } from './mediaVerdict';

export const UPLOAD_ROOT = 'uploads';
/** How long a page's photo link stays valid: a page open that long asks again. */
export const PHOTO_URL_SECONDS = 2 * 3600;
/** CloudBase answers at most this many files per getTempFileURL. */
const URLS_PER_REQUEST = 50;

/** WeChat openids (and the local cloud's demo ones) are plain tokens: never a path separator. */
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;
const BUCKET = /^[A-Za-z0-9-]{1,100}$/;
const MAX_FILE_ID = 600;

/** The folder a caller's uploads go to; null for an openid that cannot name a folder. */
export function uploadFolderOf(openid: string): string | null {
  return OPENID.test(openid) ? `${UPLOAD_ROOT}/${openid}/` : null;
}

/** Whether `fileId` is a file of environment `env`'s own storage, under `openid`'s upload folder. Pure. */
export function isOwnPhotoId(fileId: string, env: string, openid: string): boolean {
  const folder = uploadFolderOf(openid);
  if (!folder || !env || fileId.length > MAX_FILE_ID) return false;
  const scheme = `cloud://${env}.`;
  if (!fileId.startsWith(scheme)) return false;
  const rest = fileId.slice(scheme.length);
  const slash = rest.indexOf('/');
  if (slash < 1 || !BUCKET.test(rest.slice(0, slash))) return false;
  const path = rest.slice(slash + 1);
  if (!path.startsWith(folder)) return false;
  const segments = path.slice(folder.length).split('/');
  return (
    segments.length <= 4 &&
    segments.every(
      (s) => s.length > 0 && s.length <= 128 && s !== '.' && s !== '..' && !/[\s\\?#%\u0000-\u001f\u007f]/.test(s)
    )
  );
}

/** The environment this function runs in (CloudBase sets TCB_ENV; getWXContext reads it). */
function currentEnv(): string {
  return sdk().getWXContext().ENV ?? '';
}

/** PHOTO_INVALID unless every id is the caller's own upload in this environment. No request. */
export function assertOwnPhotos(openid: string, fileIds: readonly string[]): void {
  if (fileIds.length === 0) return;
  const env = currentEnv();
  const bad = fileIds.findIndex((id) => !isOwnPhotoId(id, env, openid));
  if (bad >= 0) throw new AppError('PHOTO_INVALID', `photos.${bad}`);
}

/** Temporary URLs of stored files, by fileID ('' for a file that is gone): one storage request per 50 files. */
export async function tempUrls(fileIds: readonly string[], maxAge = PHOTO_URL_SECONDS): Promise<Map<string, string>> {
  const unique = [...new Set(fileIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += URLS_PER_REQUEST) chunks.push(unique.slice(i, i + URLS_PER_REQUEST));
  const answers = await Promise.all(
    chunks.map(
      (ids) =>
        sdk().getTempFileURL({ fileList: ids.map((fileID) => ({ fileID, maxAge })) }) as Promise<{
          fileList?: Array<{ fileID: string; tempFileURL?: string; status?: number; code?: string }>;
        }>
    )
  );
  const urls = new Map<string, string>();
  for (const item of answers.flatMap((a) => a.fileList ?? [])) {
    const ok =
      !!item.tempFileURL &&
      (item.status === undefined || item.status === 0) &&
      (item.code === undefined || item.code === 'SUCCESS');
    urls.set(item.fileID, ok ? (item.tempFileURL as string) : '');
  }
  return urls;
}

/**
 * What a page shows for a document's photos: each with a temporary URL, except those reported risky
 * (`hidden`), whose URL only `seesHidden` (the handling unit's staff) gets. One storage request.
 */
export async function photoViews(
  fileIds: readonly string[],
  hidden: readonly string[] | undefined,
  seesHidden: boolean
): Promise<PhotoUrl[]> {
  const hiddenSet = new Set(hidden ?? []);
  const shown = fileIds.filter((id) => seesHidden || !hiddenSet.has(id));
  const urls = shown.length > 0 ? await tempUrls(shown) : new Map<string, string>();
  return fileIds.map((fileId) => ({ fileId, url: urls.get(fileId) ?? '', hidden: hiddenSet.has(fileId) }));
}

const mediaChecks = () => database().collection(COLLECTIONS.mediaChecks);

/**
 * After an action stored photos: each one not checked before goes to security.mediaCheckAsync with a
 * temporary URL, and is recorded under the trace_id the verdict will carry (a verdict faster than
 * that record is applied then: server/mediaVerdict.ts). A failure here never
 * undoes the action (it is stored already); it is logged and the photo stays unchecked.
 * Requests: 1 read + 1 storage + per new photo 1 openapi + 1 write.
 */
export async function checkNewPhotos(
  openid: string,
  scene: ContentScene,
  fileIds: readonly string[],
  now: Date
): Promise<void> {
  try {
    const unique = [...new Set(fileIds)];
    const _ = database().command;
    const known = await settle(
      mediaChecks()
        .where({ fileId: _.in(unique) })
        .field({ fileId: true })
        .limit(1000)
        .get()
    );
    const seen = new Set((known.data as Array<{ fileId: string }>).map((d) => d.fileId));
    const fresh = unique.filter((id) => !seen.has(id));
    if (fresh.length === 0) return;
    const urls = await tempUrls(fresh);
    await Promise.all(
      fresh.map(async (fileId) => {
        const url = urls.get(fileId);
        if (!url) return console.warn(`media check skipped: ${fileId} has no temporary URL (gone?)`);
        try {
          const traceId = await requestMediaCheck(openid, scene, url);
          await recordCheck(traceId, fileId, openid, scene, now);
        } catch (e) {
          console.warn(`media check of ${fileId} not requested`, e);
        }
      })
    );
  } catch (e) {
    console.warn('media checks not requested', e);
  }
}
