/**
 * The PDF font as a storage asset. A function's zip upload is capped at 1.5 MB and the subset font
 * is 1.9 MB, so `npm run deploy` uploads the repository's file to cloud storage at `cloudPath` and
 * sets the function's environment variable `envVar` to its fileID; the local cloud does the same.
 */
export const FONT_ASSET = {
  /** In the repository (and two levels above the bundle, where the local cloud and the bench find it). */
  file: 'assets/fonts/NotoSansSC-GB2312L1.otf',
  /** In cloud storage: out of uploads/, so no client may write it (STORAGE_RULE). */
  cloudPath: 'assets/fonts/NotoSansSC-GB2312L1.otf',
  fn: 'mediation',
  envVar: 'MEDIATION_FONT_FILE_ID'
} as const;

/** Set to `storage` to skip the disk shortcut (tests of the deployed route). */
export const FONT_SOURCE_ENV = 'MEDIATION_FONT_SOURCE';
