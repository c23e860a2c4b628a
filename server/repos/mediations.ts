// Mediations and the mediator pools (人民调解): whole-record writes guarded by version.
import { createHash, randomBytes } from 'node:crypto';
import type { MediationRecord, Mediator } from '../../domain/mediation';
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';

export interface MediationDoc extends MediationRecord {
  _id: string;
  /** Stored agreement PDF, once effective. */
  agreementFileId?: string | null;
  /** The joint application for judicial confirmation (司法确认申请书), once generated. */
  confirmationFileId?: string | null;
  /** Timeline of the mediation: one line per step. */
  log: Array<{ at: Date; by: string; text: string }>;
}

/** A pool member as stored (server-side fields: demo marker, active). */
export interface MediatorDoc extends Omit<Mediator, 'id' | 'load'> {
  _id: string;
  active: boolean;
  demo?: boolean;
}

const mediations = () => database().collection(COLLECTIONS.mediations);
const mediators = () => database().collection(COLLECTIONS.mediators);

/** A join token (shared in the link) and its hash (stored): the link alone is the credential. */
export function newJoinToken(): { token: string; hash: string } {
  const token = randomBytes(18).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function getMediation(id: string): Promise<MediationDoc | null> {
  const res = await settle(mediations().where({ _id: id }).limit(1).get());
  return (res.data[0] as MediationDoc | undefined) ?? null;
}

export async function findByToken(hash: string): Promise<MediationDoc | null> {
  const res = await settle(mediations().where({ joinTokenHash: hash }).limit(1).get());
  return (res.data[0] as MediationDoc | undefined) ?? null;
}

/** An unfinished mediation of the case, if any. */
export async function activeOfCase(caseId: string): Promise<MediationDoc | null> {
  const _ = database().command;
  const res = await settle(
    mediations()
      .where({ caseId, stage: _.neq('ended') })
      .limit(1)
      .get()
  );
  return (res.data[0] as MediationDoc | undefined) ?? null;
}

export async function insertMediation(doc: Omit<MediationDoc, '_id'>): Promise<string> {
  const res = (await settle(mediations().add({ data: doc }))) as { _id: string };
  return res._id;
}

/** Replaces every changed field (objects whole, so voided signatures really go) where the version is unchanged. */
export async function saveIfVersion(
  before: MediationDoc,
  next: MediationRecord,
  line: { at: Date; by: string; text: string },
  extra: Record<string, unknown> = {}
): Promise<boolean> {
  const _ = database().command;
  const data: Record<string, unknown> = { log: _.push([line]) };
  for (const [k, v] of Object.entries({ ...next, ...extra })) {
    if (k === '_id' || k === 'log') continue;
    if (JSON.stringify(v) === JSON.stringify((before as unknown as Record<string, unknown>)[k])) continue;
    data[k] = v !== null && typeof v === 'object' && !(v instanceof Date) ? _.set(v) : v;
  }
  const res = await settle(mediations().where({ _id: before._id, version: before.version }).update({ data }));
  return (res as { stats?: { updated?: number } }).stats?.updated === 1;
}

/** Active pool members (1 request), each with its current load (1 request). */
export async function loadPool(): Promise<Mediator[]> {
  const _ = database().command;
  const [members, open] = await Promise.all([
    settle(mediators().where({ active: true }).limit(1000).get()),
    settle(
      mediations()
        .where({ stage: _.in(['mediating']) })
        .field({ mediatorId: true })
        .limit(1000)
        .get()
    )
  ]);
  const load = new Map<string, number>();
  for (const d of open.data as Array<{ mediatorId?: string }>)
    if (d.mediatorId) load.set(d.mediatorId, (load.get(d.mediatorId) ?? 0) + 1);
  return (members.data as MediatorDoc[]).map(({ _id, active: _a, demo: _d, ...m }) => ({
    ...m,
    id: _id,
    load: load.get(_id) ?? 0
  }));
}

export async function addMediators(docs: readonly MediatorDoc[]): Promise<void> {
  for (const { _id, ...d } of docs) await settle(mediators().doc(_id).set({ data: d }));
}

/** Mediations of some units (for the assessment figures): the fields the counts need. */
export async function mediationsOf(unitIds: readonly string[]): Promise<MediationDoc[]> {
  const _ = database().command;
  const res = await settle(
    mediations()
      .where({ unitId: _.in([...unitIds]) })
      .field({ stage: true, outcome: true, joinedAt: true, performance: true, confirmation: true })
      .limit(1000)
      .get()
  );
  return res.data as MediationDoc[];
}
