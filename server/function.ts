import type { z } from 'zod';
import { messageOf } from '../domain/errors';
import type { Fail, Result } from '../typings/result';
import { wxContext, type WxContext } from './cloud';

/** An expected failure: it reaches the caller as `{ ok: false, code, message }`. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export interface ActionContext extends WxContext {
  /** When the request arrived; rules take time from here, never from the wall clock. */
  now: Date;
}

export interface Action<S extends z.ZodTypeAny, R> {
  input: S;
  run(input: z.infer<S>, ctx: ActionContext): Promise<R>;
}

export function action<S extends z.ZodTypeAny, R>(input: S, run: (input: z.infer<S>, ctx: ActionContext) => Promise<R>): Action<S, R> {
  return { input, run };
}

/** The failure answer; `detail` (e.g. the offending field) helps developers, `message` is for users. */
export function fail(code: string, detail?: string): Fail {
  return detail ? { ok: false, code, message: messageOf(code), detail } : { ok: false, code, message: messageOf(code) };
}

/** A timer trigger's event: only the platform fires one without an OPENID (a mini-program call always carries one). */
export function isTimerEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer' && !wxContext().openid;
}

/**
 * A cloud function's `main`: validate → run the action → answer with data.
 * Expected failures are data; anything unexpected is logged and answered with INTERNAL, never a stack trace.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defineFunction(actions: Record<string, Action<any, unknown>>): (event: unknown) => Promise<Result<unknown>> {
  return async (event) => {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return fail('BAD_REQUEST');
    const { action: name, ...fields } = event as Record<string, unknown>;
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(actions, name)) return fail('UNKNOWN_ACTION', String(name ?? ''));
    const handler = actions[name];
    delete (fields as Record<string, unknown>).userInfo; // the client SDK adds it; identity comes from the WX context
    const parsed = handler.input.safeParse(fields, { reportInput: true });
    if (!parsed.success) return validationFailure(parsed.error);
    try {
      const data = await handler.run(parsed.data, { ...wxContext(), now: new Date() });
      return { ok: true, data };
    } catch (e) {
      if (e instanceof AppError) return fail(e.code, e.detail);
      console.error(`[${name}] unexpected error`, e);
      return fail('INTERNAL');
    }
  };
}

function validationFailure(error: z.ZodError): Fail {
  const issue = error.issues[0];
  const field = issue.path.join('.');
  // A schema may name the code itself (e.g. DESCRIPTION_TOO_LONG) in the issue's message.
  if (/^[A-Z][A-Z0-9_]+$/.test(issue.message)) return fail(issue.message, field);
  const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
  return fail(missing ? 'FIELD_REQUIRED' : 'FIELD_INVALID', field);
}
