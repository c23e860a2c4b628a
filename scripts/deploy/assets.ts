// Storage assets (cloudfunctions/storageAssets.ts) as the deploy names them in CloudBase.

/** A fileID as CloudBase writes it: `cloud://<envId>.<bucket>/<cloudPath>`. */
export const fileIdOf = (envId: string, bucket: string, cloudPath: string): string =>
  `cloud://${envId}.${bucket}/${cloudPath}`;
