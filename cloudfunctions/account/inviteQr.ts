// The invite's 小程序码: WeChat draws it (wxacode.getUnlimited, declared in config.json), storage keeps it.
import { inviteScene } from '../../domain/invites';
import { sdk } from '../../server/cloud';

/** The page a scanned invite opens, with `scene` = the code (the redeem page reads it back). */
export const REDEEM_PAGE = 'packageAdmin/redeem/index';

export const ENV_VERSIONS = ['release', 'trial', 'develop'] as const;
export type EnvVersion = (typeof ENV_VERSIONS)[number];

/** What the page shows in place of the QR when WeChat could not draw it. */
export const QR_UNAVAILABLE = '小程序码暂时无法生成，请把邀请码发给对方，在“加入单位”页输入';

/** The one open API used here, as wx-server-sdk answers it (an image: its bytes and type). */
interface WxaCodeApi {
  wxacode: {
    getUnlimited(params: {
      scene: string;
      page: string;
      checkPath: boolean;
      envVersion: EnvVersion;
      width: number;
    }): Promise<{ contentType?: string; buffer?: Uint8Array }>;
  };
}

/**
 * Draws the code's 小程序码 for the mini-program version the admin runs (a develop build's QR opens
 * the develop build; checkPath off, so the page needs no published release) and stores it. The fileID,
 * or null when WeChat or storage refused: the invite is made anyway and the code is typed instead.
 */
export async function storeInviteQr(code: string, envVersion: EnvVersion): Promise<string | null> {
  try {
    const api = sdk().openapi as unknown as WxaCodeApi;
    const image = await api.wxacode.getUnlimited({
      scene: inviteScene(code),
      page: REDEEM_PAGE,
      checkPath: false,
      envVersion,
      width: 430
    });
    if (!image.buffer || !/^image\//.test(image.contentType ?? '')) throw new Error('wxacode answered no image');
    const up = (await sdk().uploadFile({
      cloudPath: `invites/${code}.png`,
      fileContent: Buffer.from(image.buffer)
    })) as { fileID?: string };
    return up.fileID ?? null;
  } catch (e) {
    // Logged for the operator (a missing permission shows here); the admin gets the hint instead.
    console.warn('invite 小程序码 unavailable:', (e as { errMsg?: string })?.errMsg ?? String(e));
    return null;
  }
}
