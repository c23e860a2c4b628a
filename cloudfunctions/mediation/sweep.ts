// The timer: a mediation open for a month (SUPERVISE_AFTER_MS) is 督办'd once: marked, logged, and the
// unit above the handling unit is told (its staff's subscribe message), like other late duties.
import { SUPERVISE_AFTER_MS } from '../../domain/mediation';
import { dueReminders, needsSupervision } from '../../domain/mediationTimer';
import { database, openapi, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { loadReference } from '../../server/reference';
import type { MediationDoc } from '../../server/repos/mediations';
import { notifyParties } from './notify';

/** Requests: 1 read (+1 cold reference) + per late mediation 1 write and its messages. */
export async function superviseMediations(now: Date): Promise<{ supervised: number }> {
  const _ = database().command;
  const ref = await loadReference(now);
  const res = await settle(
    database()
      .collection(COLLECTIONS.mediations)
      .where({
        stage: _.in(['inviting', 'choosing', 'mediating']),
        openedAt: _.lte(new Date(now.getTime() - SUPERVISE_AFTER_MS))
      })
      .limit(100)
      .get()
  );
  const late = (res.data as MediationDoc[]).filter((m) => needsSupervision(m, now));
  for (const m of late) {
    const line = { at: now, by: 'system', text: '调解已逾一个月未结束，列入督办' };
    const _c = database().command;
    const done = await settle(
      database()
        .collection(COLLECTIONS.mediations)
        .where({ _id: m._id, version: m.version })
        .update({ data: { supervisedAt: now, version: m.version + 1, log: _c.push([line]) } })
    );
    if ((done as { stats?: { updated?: number } }).stats?.updated !== 1) continue;
    const above = ref.units.get(m.unitId)?.parentId;
    for (const openid of [...(ref.staffOf.get(m.unitId) ?? []), ...(above ? (ref.staffOf.get(above) ?? []) : [])])
      await openapi()
        .subscribeMessage.send({
          touser: openid,
          templateId: ref.templates.caseSupervised,
          page: `packageMediation/mediation/index?mediationId=${m._id}`,
          data: {
            character_string1: { value: m._id.slice(0, 32) },
            phrase2: { value: '督办' },
            thing3: { value: '调解逾一个月未结束' },
            time4: { value: now.toISOString().slice(0, 10) }
          }
        })
        .catch((e: unknown) => console.warn(`mediation 督办 message to ${openid} failed`, e));
  }
  return { supervised: late.length };
}

/**
 * Session and term-due reminders (subscribe message to both parties). The key is recorded before the
 * send under the version check, so two timer runs never send one reminder twice.
 */
export async function remindMediations(now: Date): Promise<{ reminded: number }> {
  const _ = database().command;
  const res = await settle(
    database()
      .collection(COLLECTIONS.mediations)
      .where({ stage: _.in(['mediating', 'effective']) })
      .limit(100)
      .get()
  );
  let ref: Awaited<ReturnType<typeof loadReference>> | null = null;
  let reminded = 0;
  for (const m of res.data as Array<MediationDoc & { reminded?: string[] }>) {
    const due = dueReminders(m, now);
    if (due.length === 0) continue;
    const done = await settle(
      database()
        .collection(COLLECTIONS.mediations)
        .where({ _id: m._id, version: m.version })
        .update({ data: { reminded: [...(m.reminded ?? []), ...due.map((r) => r.key)], version: m.version + 1 } })
    );
    if ((done as { stats?: { updated?: number } }).stats?.updated !== 1) continue;
    ref ??= await loadReference(now);
    for (const r of due) await notifyParties(m, r.note, r.at, ref);
    reminded += due.length;
  }
  return { reminded };
}
