// Answers that do not change within a visit (who I am, the org catalog), fetched once instead of by
// every page that needs them. Kept per identity, so switching the demo identity (develop builds)
// never shows another user's answer, and for a while only: an admin's edit or a new role shows up
// without restarting the mini-program. Failures are not kept.
import type { Result } from '../../typings';
import { activeLocalCloud } from './local-cloud';

const KEEP_MS = 10 * 60_000;
/** Bumped when the caller's identity changed in place (an invite redeemed): every kept answer is stale. */
let generation = 0;

/** Forgets every kept answer, e.g. after redeeming an invite made this user staff. */
export function forgetRemembered(): void {
  generation++;
}

function identity(): string {
  const local = activeLocalCloud();
  return `${generation}|${local ? `${local.url}|${local.openid}` : 'cloud'}`;
}

export function remembered<T>(load: () => Promise<Result<T>>): () => Promise<Result<T>> {
  let kept: { key: string; at: number; answer: Promise<Result<T>> } | null = null;
  return () => {
    const key = identity();
    if (kept && kept.key === key && Date.now() - kept.at < KEEP_MS) return kept.answer;
    const answer = load();
    const entry = { key, at: Date.now(), answer };
    kept = entry;
    // A failed answer is not kept: the next caller asks again.
    void answer.then((res) => {
      if (!res.ok && kept === entry) kept = null;
    });
    return answer;
  };
}
