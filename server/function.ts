import type { z } from 'zod';
import { isErrorCode, messageOf, type ErrorCode } from '../domain/errors';
import type { Fail, Result } from '../typings/result';
import { wxContext, type WxContext } from './cloud';
import { assertTextIsSafe, SCENE, type ContentScene } from './contentCheck';
import { assertOwnPhotos, checkNewPhotos } from './photos';

/** An expected failure: it reaches the caller as `{ ok: false, code, message }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export interface ActionContext extends WxContext {
  /** When the request arrived; rules take time from here, never from the wall clock. */
  now: Date;
  /** Settles when the declared checks have passed (already, unless `concurrent`); rejects with their refusal. */
  checked: Promise<void>;
}

/**
 * What an action declares about its input, enforced by defineFunction after validation and before
 * `run` (so a refusal writes nothing; the texts alongside `run` when `concurrent`). Declaring any
 * makes the action need an OPENID.
 */
export interface ActionChecks<I> {
  /** Free text someone else will read: ONE msgSecCheck (v2, the caller's openid, `scene`) over all of it. */
  texts?(input: I): ReadonlyArray<string | null | undefined>;
  /** The content security scene of the texts and photos; 2 (评论) unless said. */
  scene?: ContentScene;
  /** cloud:// ids the action stores: only this environment's, under the caller's own upload folder; checked for media after success. */
  photos?(input: I): ReadonlyArray<string> | null | undefined;
  /**
   * Run the text check alongside `run` instead of before it, to save its round trip: `run` must
   * `await ctx.checked` before it stores anything someone will read, and take back on refusal any
   * count it wrote meanwhile (so a refusal leaves nothing); a refusal answers before any error of
   * `run`. Who and photos are still checked first.
   */
  concurrent?: boolean;
}

export interface Action<S extends z.ZodTypeAny, R> {
  input: S;
  run(input: z.infer<S>, ctx: ActionContext): Promise<R>;
  checks?: ActionChecks<z.infer<S>>;
}

export function action<S extends z.ZodTypeAny, R>(
  input: S,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
  checks?: ActionChecks<z.infer<S>>
): Action<S, R> {
  return checks ? { input, run, checks } : { input, run };
}

/**
 * An action whatever its input: defineFunction hands `run` and the checks only what the action's own
 * schema parsed. (ActionChecks declares methods, so an action over a narrower input still fits.)
 */
type SomeAction = Action<z.ZodType, unknown>;

/** A function's main, with the names of its actions (so tests can enumerate every action). */
export type FunctionMain = ((event: unknown) => Promise<Result<unknown>>) & { readonly actions: readonly string[] };

/** The failure answer; `detail` (e.g. the offending field) helps developers, `message` is for users. */
export function fail(code: ErrorCode, detail?: string): Fail {
  return detail ? { ok: false, code, message: messageOf(code), detail } : { ok: false, code, message: messageOf(code) };
}

/**
 * A timer trigger's event. The body alone proves nothing (any caller without OPENID, e.g. WeChat's HTTP
 * API, can send `{ Type: 'Timer' }`), so it also needs TRIGGER_SRC=timer, which the platform sets in the
 * function's environment for timer runs only (node-sdk reads it the same way; the local cloud sets it too).
 */
export function isTimerEvent(event: unknown): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    (event as { Type?: unknown }).Type === 'Timer' &&
    process.env.TRIGGER_SRC === 'timer' &&
    !wxContext().openid
  );
}

/**
 * A cloud function's `main`: validate → run the action → answer with data.
 * Expected failures are data; anything unexpected is logged and answered with INTERNAL, never a stack trace.
 */
export function defineFunction(actions: Record<string, SomeAction>): FunctionMain {
  const main = async (event: unknown): Promise<Result<unknown>> => {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return fail('BAD_REQUEST');
    const { action: name, ...fields } = event as Record<string, unknown>;
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(actions, name))
      return fail('UNKNOWN_ACTION', typeof name === 'string' ? name : undefined);
    const handler = actions[name];
    delete (fields as Record<string, unknown>).userInfo; // the client SDK adds it; identity comes from the WX context
    const parsed = handler.input.safeParse(fields, { reportInput: true });
    if (!parsed.success) return validationFailure(parsed.error);
    try {
      const call = { ...wxContext(), now: new Date() };
      const { photos, texts } = handler.checks ? startChecks(handler.checks, parsed.data, call) : NO_CHECKS;
      if (handler.checks?.concurrent)
        texts.catch(() => undefined); // awaited below, whatever `run` does
      else await texts;
      const ctx: ActionContext = { ...call, checked: texts };
      const data = await handler.run(parsed.data, ctx).catch(async (e: unknown) => {
        await texts; // the check's refusal, if any, is the answer
        throw e;
      });
      await texts;
      // The action stored these photos: each new one goes to WeChat's asynchronous media check.
      if (photos.length > 0 && ctx.openid)
        await checkNewPhotos(ctx.openid, handler.checks?.scene ?? SCENE.comment, photos, ctx.now);
      return { ok: true, data };
    } catch (e) {
      if (e instanceof AppError) return fail(e.code, e.detail);
      console.error(`[${name}] unexpected error`, e);
      return fail('INTERNAL');
    }
  };
  return Object.assign(main, { actions: Object.freeze(Object.keys(actions)) });
}

const NO_CHECKS = { photos: [] as string[], texts: Promise.resolve() };

/** Who → photos (no request, throws at once) → texts (one openapi call, started); the photos to check after success. */
function startChecks(
  checks: ActionChecks<unknown>,
  input: unknown,
  ctx: WxContext
): { photos: string[]; texts: Promise<void> } {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  const photos = [...(checks.photos?.(input) ?? [])];
  assertOwnPhotos(ctx.openid, photos);
  const texts = checks.texts
    ? assertTextIsSafe(ctx.openid, checks.scene ?? SCENE.comment, checks.texts(input))
    : Promise.resolve();
  return { photos, texts };
}

function validationFailure(error: z.ZodError): Fail {
  const issue = error.issues[0];
  const field = issue.path.join('.');
  // A schema may name the code itself (e.g. DESCRIPTION_TOO_LONG) in the issue's message.
  if (isErrorCode(issue.message)) return fail(issue.message, field);
  const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
  return fail(missing ? 'FIELD_REQUIRED' : 'FIELD_INVALID', field);
}
