import { z } from 'zod';
import { SCENE } from '../../../server/contentCheck';
import { action, AppError } from '../../../server/function';
import { updateUser } from '../../../server/repos/staff';
import { findUser } from '../../../server/repos/users';
import type { Me } from '../../../typings/account';
import { meOf, nameSchema } from '../views';

/** Staff and admins: the name colleagues see. Requests: 2 database (the caller, the write) + 1 content check. */
export const setName = action(
  z.strictObject({ name: nameSchema }),
  async ({ name }, ctx): Promise<Me> => {
    const openid = ctx.openid;
    if (!openid) throw new AppError('NOT_LOGGED_IN');
    const user = await findUser(openid);
    if (!user || user.role === 'resident') throw new AppError('NOT_STAFF');
    await updateUser(openid, { name });
    return meOf(openid, { ...user, name });
  },
  { texts: (i) => [i.name], scene: SCENE.profile }
);
