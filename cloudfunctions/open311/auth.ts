// Who calls the Open311 API: anonymous, or a partner key (domain/partners.ts). Every request is logged.
import { parseKey, type Permission } from '../../domain/partners';
import { secretMatches } from '../../server/partnerCrypto';
import { err, type Open311Error } from '../../domain/open311';
import { getKey, takeRate } from '../../server/repos/partners';

export type Caller =
  | { kind: 'anonymous' }
  | {
      kind: 'key';
      keyId: string;
      unitId: string;
      permissions: Permission[];
      /** The openid msgSecCheck checks the key's texts as: the admin who created it (WeChat wants a user's). */
      checkAs: string;
    };

/** The caller of a request with `apiKey` (absent: anonymous). One read of the key and one counter write. */
export async function callerOf(apiKey: string | undefined, now: Date): Promise<Caller | Open311Error> {
  if (apiKey === undefined || apiKey === '') return { kind: 'anonymous' };
  const parsed = parseKey(apiKey);
  if (!parsed) return err(403, 'api_key is not valid');
  const key = await getKey(parsed.keyId);
  if (!key || !secretMatches(parsed.secret, key.hash)) return err(403, 'api_key is not valid');
  if (key.revokedAt) return err(403, 'api_key has been revoked');
  if (!(await takeRate(key._id, now))) return err(429, 'too many requests with this api_key: try again next minute');
  return { kind: 'key', keyId: key._id, unitId: key.unitId, permissions: key.permissions, checkAs: key.createdBy };
}

export const keyIdOf = (c: Caller | null): string | null => (c && c.kind === 'key' ? c.keyId : null);
