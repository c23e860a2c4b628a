/**
 * Uploads one photo to cloud storage and answers its cloud:// fileID, reporting progress 0–100.
 * CloudBase: wx.cloud.uploadFile with onProgressUpdate. Local cloud (develop only): the storage
 * protocol the server SDK uses (getUploadMetadata, then a PUT of the bytes to the address this
 * device reaches the local cloud by), so a photo is really stored; wx.request reports no upload
 * progress, so progress jumps from 0 to 100.
 */
import type { Fail, Result } from '../../../typings';
import { onLocalCloud } from '../../utils/localCloudUrl';
import { activeLocalCloud } from '../local-cloud';
import { adminRequest } from './localCloudAdmin';

const UPLOAD_FAILED: Fail = { ok: false, code: 'UPLOAD_FAILED', message: '照片上传失败，请检查网络后重试' };

/**
 * Where a photo is stored: `uploads/<openid>/<folder>/<day>/<name>`. The functions accept only
 * fileIDs of their own environment under the caller's own `uploads/<openid>/` (server/photos.ts),
 * so this is the only place a form's photos may go. `name` is made of [A-Za-z0-9._-].
 */
export function uploadPathOf(openid: string, folder: string, day: string, name: string): string {
  return `uploads/${openid}/${folder}/${day}/${name}`;
}

export function uploadPhoto(
  filePath: string,
  cloudPath: string,
  onProgress: (percent: number) => void
): Promise<Result<{ fileId: string }>> {
  const local = activeLocalCloud();
  return local
    ? viaLocalCloud(local.url, filePath, cloudPath, onProgress)
    : viaCloudBase(filePath, cloudPath, onProgress);
}

function viaCloudBase(
  filePath: string,
  cloudPath: string,
  onProgress: (percent: number) => void
): Promise<Result<{ fileId: string }>> {
  return new Promise((resolve) => {
    if (!wx.cloud) return resolve(UPLOAD_FAILED);
    const task = wx.cloud.uploadFile({
      cloudPath,
      filePath,
      success: (res) => {
        onProgress(100);
        resolve({ ok: true, data: { fileId: res.fileID } });
      },
      fail: (err) => {
        console.warn('[upload] wx.cloud.uploadFile failed', err);
        resolve(UPLOAD_FAILED);
      }
    });
    // Typed as void | task depending on the callback style; the callback form returns a task.
    (task as unknown as WechatMiniprogram.UploadTask | undefined)?.onProgressUpdate?.((p) => onProgress(p.progress));
  });
}

async function viaLocalCloud(
  url: string,
  filePath: string,
  cloudPath: string,
  onProgress: (percent: number) => void
): Promise<Result<{ fileId: string }>> {
  onProgress(0);
  try {
    const meta = await adminRequest<{ data?: { url?: string; fileId?: string }; code?: string }>(url, {
      action: 'storage.getUploadMetadata',
      path: cloudPath
    });
    const target = meta.data?.data;
    if (!target?.url || !target.fileId) throw new Error(`getUploadMetadata: ${meta.data?.code ?? meta.statusCode}`);
    const bytes = await readFile(filePath);
    const put = await putBytes(onLocalCloud(url, target.url), bytes);
    if (put.statusCode !== 200) throw new Error(`PUT ${put.statusCode}`);
    onProgress(100);
    return { ok: true, data: { fileId: target.fileId } };
  } catch (err) {
    console.warn('[upload] local cloud upload failed', err);
    return UPLOAD_FAILED;
  }
}

function putBytes(url: string, bytes: ArrayBuffer): Promise<{ statusCode: number }> {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method: 'PUT',
      data: bytes,
      header: { 'content-type': 'application/octet-stream' },
      success: (res) => resolve({ statusCode: res.statusCode }),
      fail: (err) => reject(err)
    });
  });
}

function readFile(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({
      filePath,
      success: (res) => resolve(res.data as ArrayBuffer),
      fail: (err) => reject(err)
    });
  });
}
