import { z } from 'zod';
import { rankSimilar, SIMILAR_CANDIDATES } from '../../../domain/similar';
import { isLatLng, type LatLng } from '../../../domain/geo';
import { action, AppError } from '../../../server/function';
import { database, settle } from '../../../server/cloud';
import { COLLECTIONS } from '../../../server/collections';
import { requireOpenid } from '../../../server/identity';
import { caseId } from '../../../server/schemas';
import type { FollowState, SimilarCase } from '../../../typings/cases';
import { getCase } from '../../../server/repos/cases';

/** Statuses a resident may still follow or add to. */
const OPEN = ['submitted', 'accepted'] as const;

interface SimilarDoc {
  _id: string;
  code: string;
  categoryName: string;
  description: string;
  status: string;
  location: LatLng | null;
  followers?: number;
  followerIds?: string[];
  reporterId: string;
}

const location = z.object({ latitude: z.number(), longitude: z.number() }).refine(isLatLng, 'FIELD_INVALID');

/**
 * 相似诉求 before filing: ONE indexed query (cases_similar: category, communityId, status, createdAt)
 * for the newest open cases of the category in the community, at most SIMILAR_CANDIDATES however many
 * are open, ranked in memory by distance and text (domain/similar.ts).
 */
export const similar = action(
  z
    .object({
      communityId: z.string().min(1).max(64),
      category: z.string().min(1).max(64),
      location: location.nullish(),
      text: z.string().trim().max(2000)
    })
    .strict(),
  async (req, ctx): Promise<{ items: SimilarCase[] }> => {
    const openid = requireOpenid(ctx);
    if (!req.text) return { items: [] };
    const db = database();
    const res = await settle(
      db
        .collection(COLLECTIONS.cases)
        .where({ category: req.category, communityId: req.communityId, status: db.command.in([...OPEN]) })
        .orderBy('createdAt', 'desc')
        .limit(SIMILAR_CANDIDATES)
        .field({
          _id: true,
          code: true,
          categoryName: true,
          description: true,
          status: true,
          location: true,
          followers: true,
          followerIds: true,
          reporterId: true
        })
        .get()
    );
    const docs = (res.data as SimilarDoc[]).filter((d) => d.reporterId !== openid);
    const ranked = rankSimilar(
      { text: req.text, location: req.location ?? null },
      docs.map((d) => ({ id: d._id, text: d.description, location: isLatLng(d.location) ? d.location : null, doc: d }))
    );
    return {
      items: ranked.map(({ item: { doc }, distanceM }) => ({
        caseId: doc._id,
        code: doc.code,
        categoryName: doc.categoryName,
        text: Array.from(doc.description).slice(0, 60).join(''),
        status: doc.status,
        distanceM,
        followers: doc.followers ?? 0,
        following: (doc.followerIds ?? []).includes(openid)
      }))
    };
  }
);

/** Loads a case a resident may follow: open, and not their own. */
async function followable(id: string, openid: string): Promise<SimilarDoc> {
  const doc = (await getCase(id)) as unknown as SimilarDoc | null;
  if (!doc) throw new AppError('NOT_FOUND', id);
  if (doc.reporterId === openid) throw new AppError('CASE_OWN_FOLLOW', id);
  return doc;
}

/**
 * Writes the follower list only if no one changed it since it was read (the count is the version),
 * so two followers at once cannot lose one another; the loser reads again.
 */
async function setFollowers(doc: SimilarDoc, next: string[]): Promise<boolean> {
  const db = database();
  const res = await settle(
    db
      .collection(COLLECTIONS.cases)
      .where({ _id: doc._id, followers: doc.followers === undefined ? db.command.exists(false) : doc.followers })
      .update({ data: { followerIds: next, followers: next.length } })
  );
  return ((res as { stats?: { updated?: number } }).stats?.updated ?? 0) > 0;
}

async function changeFollow(id: string, openid: string, on: boolean): Promise<FollowState> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await followable(id, openid);
    const ids = doc.followerIds ?? [];
    const has = ids.includes(openid);
    if (has === on) return { following: on, followers: doc.followers ?? ids.length };
    if (on && !(OPEN as readonly string[]).includes(doc.status)) throw new AppError('CASE_CLOSED', doc.status);
    const next = on ? [...ids, openid] : ids.filter((x) => x !== openid);
    if (await setFollowers(doc, next)) return { following: on, followers: next.length };
  }
  throw new AppError('CASE_BUSY', id);
}

/** 关注: a resident follows an open case instead of filing it again; its notices reach them too. */
export const follow = action(z.object({ caseId }).strict(), (req, ctx) =>
  changeFollow(req.caseId, requireOpenid(ctx), true)
);

/** 取消关注: any time, even after the case ended. */
export const unfollow = action(z.object({ caseId }).strict(), (req, ctx) =>
  changeFollow(req.caseId, requireOpenid(ctx), false)
);
