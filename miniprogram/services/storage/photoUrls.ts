/**
 * What an <image> or wx.previewImage can load for stored photos (cloud:// fileIDs), one per fileID, in
 * order; '' for one that cannot be shown (the file is gone, or the local cloud did not answer).
 * CloudBase: the fileIDs themselves, which WeChat's image component and previewImage load. Local
 * cloud (develop only): temporary URLs from its `storage.batchGetDownloadUrl`, the call the server
 * SDK's getTempFileURL makes, since a cloud:// src means nothing outside WeChat's cloud.
 */
import { onLocalCloud } from '../../utils/localCloudUrl';
import { activeLocalCloud } from '../local-cloud';
import { adminRequest } from './localCloudAdmin';

/** How long a local-cloud link stays valid: longer than anyone keeps a page open. */
const MAX_AGE_S = 86_400;

interface DownloadList {
  data?: { download_list?: Array<{ fileID?: string; tempFileURL?: string; code?: string }> };
  code?: string;
}

export async function photoUrls(fileIds: readonly string[]): Promise<string[]> {
  const local = activeLocalCloud();
  if (!local) return [...fileIds];
  if (fileIds.length === 0) return [];
  try {
    const res = await adminRequest<DownloadList>(local.url, { action: 'storage.batchGetDownloadUrl', file_list: fileIds.map((fileid) => ({ fileid, max_age: MAX_AGE_S })) });
    const list = res.data?.data?.download_list;
    if (!list) throw new Error(`batchGetDownloadUrl: ${res.data?.code ?? res.statusCode}`);
    const byId = new Map(list.map((d) => [d.fileID, d.code === 'SUCCESS' && d.tempFileURL ? d.tempFileURL : '']));
    // The path comes raw, as COS gives it (the SDK encodes it before downloading); an <image> needs it encoded.
    return fileIds.map((id) => {
      const url = byId.get(id);
      return url ? encodeURI(onLocalCloud(local.url, url)) : '';
    });
  } catch (err) {
    console.warn('[photos] local cloud temp URLs failed', err);
    return fileIds.map(() => '');
  }
}
