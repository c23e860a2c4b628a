// 相似诉求 before filing (未诉先办): rank a few open candidates of the same category and community by
// distance and text. Pure: the cloud function loads at most SIMILAR_CANDIDATES by one indexed query.
import { distanceM, type LatLng } from './geo';
import { similarityTo } from './clusterText';

/** Candidates one query loads (newest first); ranking happens in memory. */
export const SIMILAR_CANDIDATES = 100;
/** Answers shown on the report page. */
export const SIMILAR_SHOWN = 5;
/** Farther than this is not "nearby" when both have a location. */
export const SIMILAR_RADIUS_M = 500;
/** Below this text similarity a case is not shown, however near. */
export const SIMILAR_MIN_TEXT = 0.15;

export interface SimilarCandidate {
  id: string;
  text: string;
  location: LatLng | null;
}

export interface Ranked<C> {
  item: C;
  distanceM: number | null;
  score: number;
}

/** Near and alike first: text similarity, lowered with distance (half at the radius). */
export function rankSimilar<C extends SimilarCandidate>(
  query: { text: string; location?: LatLng | null },
  candidates: readonly C[],
  limit = SIMILAR_SHOWN
): Ranked<C>[] {
  const sim = similarityTo(query.text);
  const out: Ranked<C>[] = [];
  for (const c of candidates) {
    const d = query.location && c.location ? distanceM(query.location, c.location) : null;
    if (d !== null && d > SIMILAR_RADIUS_M) continue;
    const text = sim(c.text);
    if (text < SIMILAR_MIN_TEXT) continue;
    const score = d === null ? text : text * (1 - d / (2 * SIMILAR_RADIUS_M));
    out.push({ item: c, distanceM: d, score });
  }
  return out.sort((a, b) => b.score - a.score || a.item.id.localeCompare(b.item.id)).slice(0, limit);
}
