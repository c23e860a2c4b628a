// Shared by the points function tests and the points bench: calling the function, reading the
// database directly (as an auditor would), and checking the ledger's invariants.
import { randomUUID } from 'node:crypto';
import { EJSON } from 'bson';
import type { TestCloud } from '../support/localcloud';
import type { Result } from '../../typings/result';
import type { PointsActions } from '../../typings/points';
import { COLLECTIONS } from '../../server/collections';
import { orgSeed } from '../../server/orgSeed';
import { POINTS_COLLECTIONS } from '../../server/repos/points';
import type { AccountDoc, EntryDoc, ItemDoc, OutcomeDoc, SpendDoc, StockShardDoc } from '../../server/repos/points';

export const PINGAN = '500104001001'; // 平安社区
export const GANGHUA = '500104001004'; // 钢花社区
export const staffOf = (unitId: string): string => `staff-${unitId}`;
/** A second staff member of the unit: the second key on awards above the threshold. */
export const secondStaffOf = (unitId: string): string => `staff2-${unitId}`;

type A = PointsActions;

/** Calls a points action as `openid`. */
export function points<K extends keyof A>(
  cloud: TestCloud,
  openid: string,
  action: K,
  fields: A[K]['req']
): Promise<Result<A[K]['res']>> {
  return cloud.call<Result<A[K]['res']>>('points', { action, ...fields }, openid);
}

/** Like points(), failing the test on `ok: false`. */
export async function pointsOk<K extends keyof A>(
  cloud: TestCloud,
  openid: string,
  action: K,
  fields: A[K]['req']
): Promise<A[K]['res']> {
  const res = await points(cloud, openid, action, fields);
  if (!res.ok) throw new Error(`${String(action)} as ${openid} failed: ${res.code} ${res.message}`);
  return res.data;
}

async function admin(cloud: TestCloud, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await cloud.request('POST', '/admin', body);
  return res.body as Record<string, unknown>;
}

/**
 * Makes sure the points collections, the organisation's units (points reads them as cases do) and the
 * staff identities the tests use exist. The setup function creates them on a seeded cloud; this covers
 * a cloud started without the seed.
 */
export async function preparePoints(cloud: TestCloud, staff: string[] = [PINGAN, GANGHUA]): Promise<void> {
  const reference = [COLLECTIONS.units, COLLECTIONS.categories, COLLECTIONS.config, COLLECTIONS.users];
  for (const name of [...Object.values(POINTS_COLLECTIONS), ...reference]) {
    const res = await admin(cloud, { action: 'database.addCollection', collectionName: name });
    if (res.code && res.code !== 'DATABASE_COLLECTION_ALREADY_EXIST')
      throw new Error(`addCollection ${name}: ${JSON.stringify(res)}`);
  }
  // A seeded cloud has them already.
  const seeded = await admin(cloud, {
    action: 'database.getDocument',
    collectionName: COLLECTIONS.units,
    query: EJSON.stringify({}),
    queryType: 'WHERE',
    limit: 1
  });
  if (!((seeded.data as { list?: unknown[] } | undefined)?.list ?? []).length)
    await insertAll(cloud, COLLECTIONS.units, orgSeed(new Date()).units);
  const users = [
    ...staff.flatMap((unitId) =>
      [staffOf(unitId), secondStaffOf(unitId)].map((_id) => ({
        _id,
        role: 'staff',
        unitId,
        unitName: unitId,
        createdAt: new Date()
      }))
    ),
    { _id: 'admin-points', role: 'admin', unitId: null, unitName: null, createdAt: new Date() }
  ];
  for (const doc of users) {
    const res = await admin(cloud, {
      action: 'database.insertDocument',
      collectionName: 'users',
      data: [EJSON.stringify(doc, { relaxed: false })]
    });
    if (res.code && !/duplicate key/.test(String(res.message))) throw new Error(`insert staff: ${JSON.stringify(res)}`);
  }
}

/** Every document of a collection, read in pages of 1000 straight from the database. */
export async function readAll<T>(cloud: TestCloud, collection: string, query: object = {}): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 1000) {
    const res = await admin(cloud, {
      action: 'database.getDocument',
      collectionName: collection,
      query: EJSON.stringify(query),
      queryType: 'WHERE',
      offset,
      limit: 1000
    });
    if (res.code) throw new Error(`read ${collection}: ${JSON.stringify(res)}`);
    const list = ((res.data as { list: string[] }).list ?? []).map((s) => EJSON.parse(s) as T);
    out.push(...list);
    if (list.length < 1000) return out;
  }
}

/** Inserts documents straight into the database (test data, e.g. items with a given stock). */
export async function insertAll(cloud: TestCloud, collection: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) {
    const data = docs.slice(i, i + 500).map((d) => EJSON.stringify(d, { relaxed: false }));
    const res = await admin(cloud, { action: 'database.insertDocument', collectionName: collection, data });
    if (res.code) throw new Error(`insert ${collection}: ${JSON.stringify(res)}`);
  }
}

export interface Audit {
  accounts: number;
  entries: number;
  orders: number;
  cancelled: number;
  collected: number;
  /** Breaches of the ledger's invariants; empty when all hold. */
  breaches: string[];
}

/** An item's stock: the sum of its shards. */
export async function stockOf(cloud: TestCloud, itemId: string): Promise<number> {
  const shards = await readAll<StockShardDoc>(cloud, POINTS_COLLECTIONS.accounts, { itemId });
  return shards.reduce((n, s) => n + s.stock, 0);
}

/** The terms an item's shards must carry, as the item has them. */
const TERMS = ['communityId', 'name', 'points', 'monthlyLimit', 'status', 'availableUntil'] as const;

/**
 * Checks, from the raw documents: every balance equals the sum of its account's entries and of its
 * lots, entries are numbered 1..n, no balance or lot is negative, every item has exactly its shards
 * (#0…#n−1) carrying its terms, no shard is negative, no item is oversold (its shards plus what it sold
 * make its initial stock), each requestId has at most one order, each pickup code names one order in
 * its community, and each cancelled order has exactly one refund.
 */
export async function audit(cloud: TestCloud, initialStock?: Map<string, number>): Promise<Audit> {
  const C = POINTS_COLLECTIONS;
  const [wallets, entries, items, outcomes] = await Promise.all([
    readAll<AccountDoc | StockShardDoc>(cloud, C.accounts),
    readAll<EntryDoc>(cloud, C.ledger),
    readAll<ItemDoc>(cloud, C.items),
    readAll<OutcomeDoc>(cloud, C.outcomes)
  ]);
  const isShard = (d: AccountDoc | StockShardDoc): d is StockShardDoc => 'itemId' in d;
  const accounts = wallets.filter((d): d is AccountDoc => !isShard(d));
  const shards = wallets.filter(isShard);
  const breaches: string[] = [];
  const byOwner = new Map<string, EntryDoc[]>();
  for (const e of entries) {
    const list = byOwner.get(e.openid) ?? [];
    list.push(e);
    byOwner.set(e.openid, list);
  }
  for (const a of accounts) {
    const list = (byOwner.get(a._id) ?? []).sort((x, y) => x.seq - y.seq);
    byOwner.delete(a._id);
    const sum = list.reduce((s, e) => s + e.points, 0);
    const lots = a.lots.reduce((s, l) => s + l.points, 0);
    if (a.balance !== sum) breaches.push(`${a._id}: balance ${a.balance} ≠ Σ entries ${sum}`);
    if (a.balance !== lots) breaches.push(`${a._id}: balance ${a.balance} ≠ Σ lots ${lots}`);
    if (a.balance < 0 || a.lots.some((l) => l.points <= 0)) breaches.push(`${a._id}: negative balance or empty lot`);
    if (list.some((e, i) => e.seq !== i + 1) || a.seq !== list.length)
      breaches.push(`${a._id}: entries not numbered 1..${a.seq}`);
    if (list.length && list[list.length - 1].balanceAfter !== a.balance)
      breaches.push(`${a._id}: last balanceAfter ≠ balance`);
  }
  for (const owner of byOwner.keys()) breaches.push(`entries without an account: ${owner}`);

  const spends = entries.filter((e): e is SpendDoc => e.kind === 'spend');
  const outcomeOf = new Map(outcomes.map((o) => [o._id, o]));
  const perRequest = new Map<string, number>();
  for (const s of spends) {
    const key = `${s.openid}\u0000${s.requestId}`;
    perRequest.set(key, (perRequest.get(key) ?? 0) + 1);
  }
  for (const [key, n] of perRequest) if (n > 1) breaches.push(`requestId ${key.split('\u0000')[1]} has ${n} orders`);
  const refunds = new Map<string, number>();
  for (const e of entries)
    if (e.kind === 'refund')
      refunds.set(
        (e as EntryDoc & { orderId: string }).orderId,
        (refunds.get((e as EntryDoc & { orderId: string }).orderId) ?? 0) + 1
      );
  for (const s of spends) {
    const cancelled = outcomeOf.get(s._id)?.status === 'cancelled';
    if ((refunds.get(s._id) ?? 0) !== (cancelled ? 1 : 0))
      breaches.push(`order ${s._id}: ${refunds.get(s._id) ?? 0} refunds, cancelled=${cancelled}`);
    const refund = entries.find((e) => e.kind === 'refund' && (e as EntryDoc & { orderId: string }).orderId === s._id);
    if (refund && refund.points !== -s.points)
      breaches.push(`order ${s._id}: refund ${refund.points} ≠ paid ${-s.points}`);
  }
  const codes = new Set<string>();
  for (const s of spends) {
    if (s.uniqueKey !== `pickup-${s.communityId}-${s.pickupCode}`) breaches.push(`order ${s._id}: uniqueKey`);
    if (codes.has(s.uniqueKey)) breaches.push(`pickup code ${s.pickupCode} names two orders`);
    codes.add(s.uniqueKey);
  }
  for (const e of entries) if (e.kind !== 'spend' && e.uniqueKey !== e._id) breaches.push(`entry ${e._id}: uniqueKey`);
  const shardsOf = new Map<string, StockShardDoc[]>();
  for (const sh of shards) shardsOf.set(sh.itemId, [...(shardsOf.get(sh.itemId) ?? []), sh]);
  for (const item of items) {
    const own = (shardsOf.get(item._id) ?? []).sort((a, b) => a.shard - b.shard);
    shardsOf.delete(item._id);
    if (own.length !== item.shards || own.some((sh, k) => sh.shard !== k || sh._id !== `${item._id}#${k}`))
      breaches.push(`item ${item._id}: shards ${own.map((sh) => sh.shard).join(',')} ≠ 0..${item.shards - 1}`);
    for (const sh of own) {
      if (sh.stock < 0) breaches.push(`shard ${sh._id}: negative stock ${sh.stock}`);
      for (const t of TERMS)
        if (JSON.stringify(sh[t]) !== JSON.stringify(item[t]))
          breaches.push(`shard ${sh._id}: ${t} differs from the item`);
    }
    const stock = own.reduce((n, sh) => n + sh.stock, 0);
    const start = initialStock?.get(item._id);
    if (start === undefined) continue;
    const out = spends
      .filter((s) => s.itemId === item._id && outcomeOf.get(s._id)?.status !== 'cancelled')
      .reduce((n, s) => n + s.quantity, 0);
    if (stock + out !== start) breaches.push(`item ${item._id}: stock ${stock} + sold ${out} ≠ initial ${start}`);
  }
  for (const itemId of shardsOf.keys()) breaches.push(`shards without an item: ${itemId}`);
  return {
    accounts: accounts.length,
    entries: entries.length,
    orders: spends.length,
    cancelled: outcomes.filter((o) => o.status === 'cancelled').length,
    collected: outcomes.filter((o) => o.status === 'collected').length,
    breaches
  };
}

/** A fresh request id. */
export const rid = (): string => randomUUID();

/** A staff award that starts its 公示: above the threshold, the unit's second staff member confirms it. */
export async function awardNow(
  cloud: TestCloud,
  communityId: string,
  fields: A['award']['req']
): Promise<A['award']['res']> {
  const made = await pointsOk(cloud, staffOf(communityId), 'award', fields);
  return made.status === 'awaiting'
    ? pointsOk(cloud, secondStaffOf(communityId), 'confirmAward', { awardId: made.awardId })
    : made;
}

/** Gives `openid` spendable points: a staff award (both keys), then the clock past the notice period. */
export async function fund(cloud: TestCloud, openids: string[], amount: number, communityId = PINGAN): Promise<void> {
  for (const openid of openids)
    await awardNow(cloud, communityId, { openid, points: amount, reason: '测试奖励', requestId: rid() });
  await cloud.advanceClock(3 * 86_400_000 + 1000);
}
