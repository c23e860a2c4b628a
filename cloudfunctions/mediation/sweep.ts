// The timer: a mediation open for a month (SUPERVISE_AFTER_MS) is 督办'd once: marked, logged, and the
// unit above the handling unit is told (its staff's subscribe message), like other late duties.
import { needsSupervision, SUPERVISE_AFTER_MS } from '../../domain/mediation';
import { database, openapi, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { loadReference } from '../../server/reference';
import type { MediationDoc } from '../../server/repos/mediations';

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
