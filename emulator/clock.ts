/**
 * The local cloud's clock. Tests move it forward (`POST /__emulator/clock`) to cross deadlines;
 * functions run in this process, so the global Date is shifted to make them see the same time.
 */
export class Clock {
  private offsetMs = 0;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly realNow: () => number = RealDate.now) {}

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
    this.offsetMs += ms;
    for (const listener of this.listeners) listener();
  }

  onAdvance(listener: () => void): void {
    this.listeners.push(listener);
  }
}

const RealDate = Date;

/** Makes `Date.now()` and `new Date()` in this process follow the clock. Idempotent. */
export function shiftGlobalDate(clock: Clock): void {
  if ((globalThis.Date as unknown as { __localcloud?: boolean }).__localcloud) {
    (globalThis.Date as unknown as { __clock: Clock }).__clock = clock;
    return;
  }
  const state = { clock };
  function ShiftedDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(state.clock.now()).toString();
    const value = args.length === 0 ? [state.clock.now()] : args;
    return Reflect.construct(RealDate, value, new.target);
  }
  Object.setPrototypeOf(ShiftedDate, RealDate);
  ShiftedDate.prototype = RealDate.prototype;
  Object.defineProperties(ShiftedDate, {
    now: { value: () => state.clock.now(), writable: true, configurable: true },
    __localcloud: { value: true },
    __clock: {
      get: () => state.clock,
      set: (c: Clock) => {
        state.clock = c;
      }
    }
  });
  globalThis.Date = ShiftedDate as unknown as DateConstructor;
}
