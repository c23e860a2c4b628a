// Legal services: the mediator pools (和议厅/调解室 mediators, department experts, public-interest lawyers),
// and residents' services (services.ts): the community adviser, questions, legal aid, ratings.
import { z } from 'zod';
import { demoPool, mayKeepMember } from '../../domain/legal';
import { AppError, action, defineFunction } from '../../server/function';
import { viewerOf } from '../../server/identity';
import { loadReference } from '../../server/reference';
import { addMediators, loadPool } from '../../server/repos/mediations';
import { adviser, aid, aidDecide, ask, questions, rate, reply, setAdviser } from './services';

const id = z.string().min(1).max(64);
const person = z.object({
  name: z.string().trim().min(1).max(20),
  phone: z.string().regex(/^1\d{10}$/, 'PHONE_INVALID')
});

/**
 * addMember { pool, unitId?, name, phone?, openid?, categories, grade, relations }: admins any pool; a hall's
 * or department's staff their own. Declared relations feed the conflict check. Requests: 1 user + 1 write.
 */
const addMember = action(
  z.object({
    memberId: id.regex(/^[A-Za-z0-9_-]+$/),
    pool: z.enum(['hall', 'expert', 'lawyer']),
    unitId: id.nullable().default(null),
    name: z.string().trim().min(1).max(20),
    phone: z
      .string()
      .regex(/^1\d{10}$/, 'PHONE_INVALID')
      .nullable()
      .default(null),
    openid: z.string().min(1).max(128).nullable().default(null),
    categories: z.array(id).max(20).default([]),
    grade: z.number().int().min(1).max(3).default(1),
    relations: z.array(person).max(30).default([])
  }),
  async ({ memberId, ...m }, ctx) => {
    const ref = await loadReference(ctx.now);
    const viewer = await viewerOf(ctx, ref);
    if (viewer.kind === 'resident') throw new AppError('NOT_STAFF');
    if (m.unitId && !ref.units.has(m.unitId)) throw new AppError('UNKNOWN_UNIT', m.unitId);
    if (!mayKeepMember(viewer, m.pool, m.unitId)) throw new AppError('FORBIDDEN');
    await addMediators([{ _id: memberId, ...m, active: true }]);
    return { memberId };
  }
);

/** pool { unitId? }: members (no openids), for staff and admins. Requests: 1 user + 2. */
const pool = action(z.object({ unitId: id.optional() }), async ({ unitId }, ctx) => {
  const ref = await loadReference(ctx.now);
  if ((await viewerOf(ctx, ref)).kind === 'resident') throw new AppError('NOT_STAFF');
  const items = (await loadPool()).filter((m) => !unitId || m.unitId === unitId);
  return { items: items.map(({ openid: _o, relations: _r, ...m }) => m) };
});

/** seedDemo: a few demo members for every 和议厅/调解室, each department and three lawyers (admin; the local cloud's demo). */
const seedDemo = action(z.object({}), async (_i, ctx) => {
  const ref = await loadReference(ctx.now);
  if ((await viewerOf(ctx, ref)).kind !== 'admin') throw new AppError('NOT_ADMIN');
  const units = [...ref.units.values()];
  const halls = units.filter((u) => u.kind === 'community' || u.kind === 'town');
  const depts = units.filter((u) => u.kind === 'department');
  const cats = [...ref.categories.values()] as Array<{ _id: string; defaultDepartment?: string }>;
  const members = demoPool(halls, depts, (d) => cats.filter((c) => c.defaultDepartment === d).map((c) => c._id));
  await addMediators(members.map(({ id: _id, ...m }) => ({ _id, ...m, active: true, demo: true })));
  return { members: members.length };
});

export const main = defineFunction({
  addMember,
  pool,
  seedDemo,
  setAdviser,
  adviser,
  ask,
  questions,
  reply,
  aid,
  aidDecide,
  rate
});
