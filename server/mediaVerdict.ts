// What a media-check verdict does: a photo reported risky is hidden on every document holding it
// (only the handling unit's staff still get its URL) and its uploader is told. Used by the `media`
// function (the message push) and by the requester, when the verdict arrived before its record.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { database, openapi, settle } from './cloud';
import { COLLECTIONS } from './collections';
import { duplicateOf } from './dbErrors';
import { loadReference } from './reference';

dayjs.extend(utc);

export type MediaStatus = 'pending' | 'pass' | 'risky';

/**
 * mediaChecks/<trace_id>: one asynchronous media check of one stored photo. A verdict that arrives
 * before the requester recorded its check is kept with fileId null, and the requester applies it.
 */
export interface MediaCheckDoc {
  _id: string;
  fileId: string | null;
  /** The uploader: their openid went with the check, and they are told when the photo is hidden. */
  openid: string | null;
  scene: number | null;
  at: Date;
  status: MediaStatus;
  verdictAt: Date | null;
}

/** A document holding the photo, and how its uploader's message names and links it. */
export interface Holder {
  collection: string;
  id: string;
  code: string;
  page: string;
}

const checks = () => database().collection(COLLECTIONS.mediaChecks);

export async function findCheck(traceId: string): Promise<MediaCheckDoc | null> {
  const res = await settle(checks().where({ _id: traceId }).limit(1).get());
  return (res.data[0] as MediaCheckDoc | undefined) ?? null;
}

/**
 * Records a check just requested. If its verdict is already there (WeChat was faster than this
 * write), the verdict is applied here. Answers what was hidden (usually nothing yet).
 */
export async function recordCheck(
  traceId: string,
  fileId: string,
  openid: string,
  scene: number,
  now: Date
): Promise<Holder[]> {
  const doc: MediaCheckDoc = { _id: traceId, fileId, openid, scene, at: now, status: 'pending', verdictAt: null };
  try {
    await settle(checks().add({ data: doc }));
    return [];
  } catch (e) {
    if (!duplicateOf(e)) throw e;
  }
  const early = await findCheck(traceId);
  if (!early || early.fileId !== null || early.status === 'pending') return [];
  await settle(
    checks()
      .where({ _id: traceId, fileId: null })
      .update({ data: { fileId, openid, scene, at: now } })
  );
  return early.status === 'risky' ? hideAndTell(fileId, openid, now) : [];
}

/**
 * The verdict of a push: applied to its recorded check (once: a repeated push changes nothing), or
 * kept for the requester when the check is not recorded yet. Answers the documents now hiding the photo.
 */
export async function applyVerdict(
  traceId: string,
  status: Exclude<MediaStatus, 'pending'>,
  now: Date
): Promise<{ check: MediaCheckDoc | null; hidden: Holder[]; repeated: boolean }> {
  let check = await findCheck(traceId);
  if (!check) {
    const early: MediaCheckDoc = {
      _id: traceId,
      fileId: null,
      openid: null,
      scene: null,
      at: now,
      status,
      verdictAt: now
    };
    try {
      await settle(checks().add({ data: early }));
      return { check: early, hidden: [], repeated: false };
    } catch (e) {
      // The requester recorded it meanwhile: go on as usual.
      if (!duplicateOf(e)) throw e;
      check = await findCheck(traceId);
    }
  }
  if (!check || check.status !== 'pending' || !check.fileId) return { check, hidden: [], repeated: true };
  const hidden = status === 'risky' ? await hideAndTell(check.fileId, check.openid, now) : [];
  // Last, so a push that failed half-way is redone in full when WeChat pushes again.
  await settle(
    checks()
      .where({ _id: traceId, status: 'pending' })
      .update({ data: { status, verdictAt: now } })
  );
  return { check: { ...check, status, verdictAt: now }, hidden, repeated: false };
}

async function hideAndTell(fileId: string, openid: string | null, now: Date): Promise<Holder[]> {
  const holders = await hideEverywhere(fileId);
  if (openid) await tellUploader(openid, holders, now);
  return holders;
}

/**
 * Marks the photo hidden on the cases, claims and items holding it (each found through an index on its
 * photo field). Cases are version-guarded: the version moves on, so no concurrent change is lost.
 */
async function hideEverywhere(fileId: string): Promise<Holder[]> {
  const db = database();
  const _ = db.command;
  const find = (collection: string, field: string, fields: Record<string, true>) =>
    settle(
      db
        .collection(collection)
        .where({ [field]: fileId })
        .field({ _id: true, ...fields })
        .limit(100)
        .get()
    ).then((r) => r.data as Array<Record<string, string>>);
  const [cases, claims, items, topics] = await Promise.all([
    find(COLLECTIONS.cases, 'photos', { code: true }),
    find(COLLECTIONS.claims, 'photos', {}),
    find(COLLECTIONS.items, 'picture', {}),
    find(COLLECTIONS.topics, 'photos', {})
  ]);
  const holders: Holder[] = [
    ...cases.map((c) => ({
      collection: COLLECTIONS.cases,
      id: c._id,
      code: c.code,
      page: `pages/case/index?caseId=${c._id}`
    })),
    ...claims.map((c) => ({
      collection: COLLECTIONS.claims,
      id: c._id,
      code: c._id.slice(0, 32),
      page: 'packagePoints/claim/index'
    })),
    ...items.map((i) => ({
      collection: COLLECTIONS.items,
      id: i._id,
      code: i._id.slice(0, 32),
      page: 'packagePoints/staff/index'
    })),
    // A deliberation proposal's photo: hidden from all but the community's council (cloudfunctions/deliberation).
    ...topics.map((t) => ({
      collection: COLLECTIONS.topics,
      id: t._id,
      code: t._id.slice(0, 32),
      page: `packageDeliberation/topic/index?topicId=${t._id}`
    }))
  ];
  await Promise.all(
    holders.map((h) => {
      const data: Record<string, unknown> = { hiddenPhotos: _.addToSet(fileId) };
      if (h.collection === COLLECTIONS.cases) data.version = _.inc(1);
      return settle(db.collection(h.collection).where({ _id: h.id }).update({ data }));
    })
  );
  return holders;
}

/**
 * Tells the uploader, with the resident template of case replies (the one a reporter subscribes to
 * when filing): which case (or claim, or item) and that a photo was hidden. A failed send is logged.
 */
async function tellUploader(openid: string, holders: Holder[], now: Date): Promise<void> {
  const ref = await loadReference(now);
  const targets = holders.length > 0 ? holders : [{ collection: '', id: '', code: 'photo', page: 'pages/home/index' }];
  await Promise.all(
    targets.map((h) =>
      openapi()
        .subscribeMessage.send({
          touser: openid,
          templateId: ref.templates.caseReplied,
          page: h.page,
          data: {
            character_string1: { value: h.code },
            phrase2: { value: '照片隐藏' },
            thing3: { value: '您上传的照片未通过内容安全检测' },
            time4: { value: dayjs(now).utcOffset(480).format('YYYY年M月D日 HH:mm') }
          }
        })
        .catch((e: unknown) => console.warn(`subscribe message (photo hidden) to ${openid} failed`, e))
    )
  );
}
