// 莎姐调解 and legal services: the mediation pages' one door to the backend (typed from typings/mediation).
import type { LegalActions, MediationActions, Result } from '../../typings';
import { getMe } from './account/me';
import { callFunction } from './cloud';
import { uploadPathOf, uploadPhoto } from './storage/uploadPhoto';
import { shanghaiDay } from '../utils/format';

type M<K extends keyof MediationActions> = MediationActions[K];
type L<K extends keyof LegalActions> = LegalActions[K];

export const invitation = (token: string): Promise<Result<M<'invitation'>['res']>> =>
  callFunction('mediation', 'invitation', { token });
export const join = (req: M<'join'>['req']): Promise<Result<M<'join'>['res']>> =>
  callFunction('mediation', 'join', req);
export const getMediation = (mediationId: string): Promise<Result<M<'get'>['res']>> =>
  callFunction('mediation', 'get', { mediationId });
export const recuse = (mediationId: string, reason: string): Promise<Result<M<'recuse'>['res']>> =>
  callFunction('mediation', 'recuse', { mediationId, reason });
export const agreementUrl = (mediationId: string): Promise<Result<M<'agreement'>['res']>> =>
  callFunction('mediation', 'agreement', { mediationId });
export const applyConfirmation = (mediationId: string): Promise<Result<M<'confirmation'>['res']>> =>
  callFunction('mediation', 'confirmation', { mediationId, step: 'apply' });

/** Uploads the canvas's signature image to the caller's own folder, then signs the draft with it. */
export async function signWith(
  mediationId: string,
  draftVersion: number,
  tempFilePath: string
): Promise<Result<M<'sign'>['res']>> {
  const me = await getMe();
  if (!me.ok) return me;
  const cloudPath = uploadPathOf(
    me.data.openid,
    'signatures',
    shanghaiDay(Date.now()),
    `${mediationId}-v${draftVersion}.png`
  );
  const up = await uploadPhoto(tempFilePath, cloudPath, () => undefined);
  if (!up.ok) return up;
  return callFunction('mediation', 'sign', { mediationId, draftVersion, signature: up.data.fileId });
}

export const adviser = (communityId: string): Promise<Result<L<'adviser'>['res']>> =>
  callFunction('legal', 'adviser', { communityId });
export const ask = (communityId: string, text: string): Promise<Result<L<'ask'>['res']>> =>
  callFunction('legal', 'ask', { communityId, text });
export const applyAid = (req: L<'aid'>['req']): Promise<Result<L<'aid'>['res']>> => callFunction('legal', 'aid', req);
