import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { CloudBaseError } from './errors';

/** Cloud storage on the local disk: fileIDs look like CloudBase's, temp URLs are signed and served by the same server. */
export class LocalStorage {
  private readonly bucket: string;

  constructor(
    private readonly opts: { root: string; envId: string; baseUrl: () => string; now: () => number; secret: string }
  ) {
    this.bucket = `${opts.envId}.localcloud-bucket`;
    fs.mkdirSync(opts.root, { recursive: true });
  }

  fileIdOf(cloudPath: string): string {
    return `cloud://${this.bucket}/${cloudPath}`;
  }

  getUploadMetadata(cloudPath: unknown): Record<string, unknown> {
    const clean = this.cleanPath(cloudPath);
    this.assertWritable(clean);
    const fileId = this.fileIdOf(clean);
    const token = this.sign(`put:${clean}`);
    return {
      data: {
        url: `${this.opts.baseUrl()}/__storage/upload?path=${encodeURIComponent(clean)}&token=${token}`,
        token,
        authorization: token,
        fileId,
        cosFileId: fileId
      }
    };
  }

  /** Writes a file as the deploy uploads an asset (no client, no token); answers its fileID. */
  place(cloudPath: string, bytes: Buffer): string {
    const clean = this.cleanPath(cloudPath);
    this.assertWritable(clean);
    const file = this.fileOf(clean);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return this.fileIdOf(clean);
  }

  /** The PUT that node-sdk sends after getUploadMetadata. */
  put(cloudPath: string, token: string, bytes: Buffer): void {
    const clean = this.cleanPath(cloudPath);
    if (token !== this.sign(`put:${clean}`))
      throw new CloudBaseError('STORAGE_SIGN_PARAM_INVALID', 'upload token does not match');
    this.assertWritable(clean);
    const file = this.fileOf(clean);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  }

  /** On disk a folder and a file cannot share a name (COS keys could): refuse before anything is written. */
  private assertWritable(clean: string): void {
    const segments = clean.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const stat = statOf(path.join(this.opts.root, ...segments.slice(0, i)));
      if (!stat) return;
      if (i < segments.length && !stat.isDirectory())
        throw new CloudBaseError('INVALID_PARAM', 'cloudPath runs through an existing file');
      if (i === segments.length && !stat.isFile())
        throw new CloudBaseError('INVALID_PARAM', 'cloudPath names a folder');
    }
  }

  batchGetDownloadUrl(list: unknown): Record<string, unknown> {
    if (!Array.isArray(list)) throw new CloudBaseError('INVALID_PARAM', 'file_list must be an array');
    const download_list = list.map((item: { fileid?: unknown; max_age?: unknown }) => {
      const fileID = typeof item?.fileid === 'string' ? item.fileid : '';
      const cloudPath = this.pathOf(fileID);
      if (cloudPath === null || !this.isFile(cloudPath)) {
        return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: 'file not exist' };
      }
      const maxAge = typeof item.max_age === 'number' && item.max_age > 0 ? item.max_age : 86400;
      const expires = Math.floor(this.opts.now() / 1000) + maxAge;
      const sign = this.sign(`get:${cloudPath}:${expires}`);
      // Raw path, as COS gives it: node-sdk applies encodeURI itself before downloading.
      const url = `${this.opts.baseUrl()}/__storage/files/${cloudPath}?t=${expires}&sign=${sign}`;
      return { fileID, tempFileURL: url, code: 'SUCCESS', maxAge };
    });
    return { data: { download_list } };
  }

  batchDeleteFile(list: unknown): Record<string, unknown> {
    if (!Array.isArray(list)) throw new CloudBaseError('INVALID_PARAM', 'fileid_list must be an array');
    const delete_list = list.map((fileID: unknown) => {
      const cloudPath = this.pathOf(String(fileID));
      if (cloudPath === null || !this.isFile(cloudPath)) return { fileID, code: 'STORAGE_FILE_NONEXIST' };
      fs.rmSync(this.fileOf(cloudPath));
      return { fileID, code: 'SUCCESS' };
    });
    return { data: { delete_list } };
  }

  /** Reads a file for a temp URL, or null when the URL is expired, forged or the file is gone. */
  read(cloudPath: string, expires: string, sign: string): Buffer | null {
    let clean: string;
    try {
      clean = this.cleanPath(cloudPath);
    } catch {
      return null;
    }
    if (sign !== this.sign(`get:${clean}:${expires}`)) return null;
    if (Number(expires) * 1000 < this.opts.now()) return null;
    return this.isFile(clean) ? fs.readFileSync(this.fileOf(clean)) : null;
  }

  private isFile(cloudPath: string): boolean {
    return statOf(this.fileOf(cloudPath))?.isFile() ?? false;
  }

  private pathOf(fileID: string): string | null {
    const prefix = `cloud://${this.bucket}/`;
    if (!fileID.startsWith(prefix)) return null;
    try {
      return this.cleanPath(fileID.slice(prefix.length));
    } catch {
      return null;
    }
  }

  /**
   * A cloud path is taken as written, never normalised: segments joined by '/', none empty, '.' or '..'
   * (so nothing resolves outside the root or onto it), and none of the characters a URL or the disk
   * would read differently. Errors never echo the path.
   */
  private cleanPath(cloudPath: unknown): string {
    if (typeof cloudPath !== 'string' || cloudPath.length === 0 || cloudPath.length > 1024) {
      throw new CloudBaseError('INVALID_PARAM', 'cloudPath must be a string of 1 to 1024 characters');
    }
    const bad = cloudPath
      .split('/')
      .some((seg) => seg === '' || seg === '.' || seg === '..' || /[\0-\x1f\\?#%]/.test(seg));
    if (bad)
      throw new CloudBaseError(
        'INVALID_PARAM',
        "invalid cloudPath: empty, '.' or '..' segments and the characters \\ ? # % are not allowed"
      );
    return cloudPath;
  }

  private fileOf(cloudPath: string): string {
    return path.join(this.opts.root, ...cloudPath.split('/'));
  }

  private sign(text: string): string {
    return createHmac('sha256', this.opts.secret).update(text).digest('hex').slice(0, 32);
  }
}

function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
