// 图片内容安全: receives the verdicts of security.mediaCheckAsync (message push `wxa_media_check`,
// configured in config.json). A photo reported risky is hidden on every document holding it (only the
// handling unit's staff still get its URL) and its uploader is told (server/mediaVerdict.ts).
import { z } from 'zod';
import { wxContext } from '../../server/cloud';
import { fail } from '../../server/function';
import { applyVerdict, type MediaStatus } from '../../server/mediaVerdict';
import type { Result } from '../../typings/result';

/** SOURCEs of calls from the mini-program (or DevTools, or the HTTP API): never a message push. */
const CALLER_SOURCES = ['wx_client', 'wx_devtools', 'wx_http'];

const pushSchema = z.object({
  Event: z.literal('wxa_media_check'),
  trace_id: z.string().min(1).max(128),
  errcode: z.number().optional(),
  result: z.object({ suggest: z.enum(['pass', 'risky', 'review']), label: z.number().optional() }).optional()
});

export interface VerdictAnswer {
  traceId: string;
  status: MediaStatus;
  hiddenOn: Array<{ collection: string; id: string }>;
  repeated: boolean;
}

async function handle(event: unknown): Promise<Result<VerdictAnswer>> {
  const ctx = wxContext();
  // A message push carries no OPENID and comes from none of the callers' sources: anything else is refused.
  if (ctx.openid || ctx.source.split(',').some((s) => CALLER_SOURCES.includes(s)))
    return fail('FORBIDDEN', 'not a message push');
  const parsed = pushSchema.safeParse(event);
  if (!parsed.success) return fail('BAD_REQUEST', parsed.error.issues[0]?.path.join('.'));
  const push = parsed.data;
  if (push.errcode || !push.result) {
    // WeChat could not check it (e.g. the link expired): the check stays pending, and is logged.
    console.warn(`media check ${push.trace_id} failed: errcode ${push.errcode}`);
    return { ok: true, data: { traceId: push.trace_id, status: 'pending', hiddenOn: [], repeated: false } };
  }
  // 'review' (WeChat is unsure) is hidden as well: the handling unit's staff still see it.
  const status = push.result.suggest === 'pass' ? 'pass' : 'risky';
  const { check, hidden, repeated } = await applyVerdict(push.trace_id, status, new Date());
  return {
    ok: true,
    data: {
      traceId: push.trace_id,
      status: check?.status ?? status,
      hiddenOn: hidden.map(({ collection, id }) => ({ collection, id })),
      repeated
    }
  };
}

/** The message-push entry; it has no actions (nothing in the mini-program calls it). */
export const main = Object.assign(
  async (event: unknown): Promise<Result<VerdictAnswer>> => {
    try {
      return await handle(event);
    } catch (e) {
      console.error('[media] unexpected error', e);
      return fail('INTERNAL');
    }
  },
  { actions: [] as readonly string[] }
);
