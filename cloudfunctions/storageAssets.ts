/**
 * Files the functions read from cloud storage rather than from their zip (capped at 1.5 MB), declared
 * once as the HTTP routes are (http-routes.json): `npm run deploy` uploads each to `cloudPath` and sets
 * `envVar` of function `fn` to its fileID; the local cloud places the same files at the same paths.
 */
import { FONT_ASSET } from './mediation/fontAsset';

export interface StorageAsset {
  /** Repository-relative path of the file. */
  file: string;
  cloudPath: string;
  fn: string;
  envVar: string;
}

export const STORAGE_ASSETS: readonly StorageAsset[] = [FONT_ASSET];
