// 未诉先办: when a proactive case (cloudfunctions/proactive) is resolved, its resolution is posted to
// every source case as a record on its timeline (one request), and each source's reporter and followers
// get a subscribe message that opens their own case (one read, then the sends). So each reporter
// reads how the repeated problem was solved at its root. The sources' own status and duties are untouched.
import type { TimelineEntry } from '../domain/case';
import { channelOf } from '../domain/channel';
import { database, settle } from './cloud';
import { COLLECTIONS } from './collections';
import { notifyReporter } from './notify';
import type { Reference } from './reference';
import type { CaseDoc, SweepDoc } from './repos/cases';

type ProactiveDoc = SweepDoc & { sourceCaseIds?: string[]; code?: string };

/** Posts the resolution of a proactive case that this change resolved; nothing for any other change. */
export async function postProactiveResolution(
  before: SweepDoc,
  after: SweepDoc,
  entries: readonly TimelineEntry[],
  ref: Reference,
  now: Date
): Promise<void> {
  const p = after as ProactiveDoc;
  if (channelOf(after) !== 'proactive' || after.status !== 'resolved' || before.status === 'resolved') return;
  const ids = p.sourceCaseIds ?? [];
  if (ids.length === 0) return;
  const resolution = entries.find((e) => e.action === 'resolve')?.text ?? '';
  const entry: TimelineEntry = {
    at: now,
    action: 'proactive',
    actor: { kind: 'system', id: 'proactive' },
    unitId: after.unitId,
    status: after.status,
    round: after.round,
    text: `主动治理案件 ${p.code ?? after._id} 已办结：${resolution}`,
    data: { proactiveCaseId: after._id, resolved: true }
  };
  const db = database();
  const _ = db.command;
  try {
    for (let i = 0; i < ids.length; i += 1000)
      await settle(
        db
          .collection(COLLECTIONS.cases)
          .where({ _id: _.in(ids.slice(i, i + 1000)) })
          .update({ data: { proactiveResolvedAt: now, timeline: _.push([entry]) } })
      );
    const note = `主动治理已办结：${resolution}`;
    for (let i = 0; i < ids.length; i += 1000) {
      const sources = (
        await settle(
          db
            .collection(COLLECTIONS.cases)
            .where({ _id: _.in(ids.slice(i, i + 1000)) })
            .field({ timeline: false })
            .limit(1000)
            .get()
        )
      ).data as CaseDoc[];
      await Promise.all(
        sources.map((c) => notifyReporter(c, [{ to: 'reporter', event: 'replied', note }], note, ref.templates, now))
      );
    }
  } catch (e) {
    // The proactive case is resolved either way: a lost record must not undo it (logged for a retry by hand).
    console.error('posting a proactive resolution failed', after._id, e);
  }
}
