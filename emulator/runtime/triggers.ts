import { Cron } from 'croner';
import type { Clock } from '../clock';
import type { FunctionRuntime, InvokeResult } from './functions';

/** WeChat timer triggers: 7-field cron (second … year) in UTC+8, following the local cloud's clock. */
export class TriggerScheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  /** Each function's next planned run, so a clock moved past it can fire it. */
  private readonly planned = new Map<string, number>();

  constructor(
    private readonly runtime: FunctionRuntime,
    private readonly clock: Clock
  ) {
    clock.onAdvance(() => {
      if (!this.running) return;
      // Time moved past a planned run: it fires now, once however many runs were skipped, as a
      // cloud catching up would; then every trigger is planned again from the new time.
      const due = [...this.planned].filter(([, at]) => at <= this.clock.now()).map(([name]) => name);
      this.start();
      for (const name of due) void this.fire(name);
    });
  }

  /** The trigger of a function, as its config.json declares it (WeChat allows one per function). */
  triggerOf(name: string): { name: string; config: string } | undefined {
    return this.runtime.info(name)?.config.triggers?.find((t) => t.type === 'timer');
  }

  fire(name: string): Promise<InvokeResult> {
    const trigger = this.triggerOf(name);
    return this.runtime.invoke(
      name,
      { Type: 'Timer', TriggerName: trigger?.name ?? 'manual', Time: new Date(this.clock.now()).toISOString() },
      { source: 'wx_trigger' },
      { TRIGGER_SRC: 'timer' }
    );
  }

  start(): void {
    this.stop();
    this.running = true;
    for (const fn of this.runtime.list()) {
      const trigger = this.triggerOf(fn.name);
      if (trigger) this.schedule(fn.name, new Cron(trigger.config, { timezone: 'Asia/Shanghai', paused: true }));
    }
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.planned.clear();
  }

  private schedule(name: string, cron: Cron): void {
    const next = cron.nextRun(new Date(this.clock.now()));
    if (!next) return;
    this.planned.set(name, next.getTime());
    const delay = Math.max(0, next.getTime() - this.clock.now());
    // Timers beyond ~24 days overflow setTimeout; re-plan daily instead.
    const timer = setTimeout(
      () => {
        if (delay > 86_400_000) return this.schedule(name, cron);
        this.planned.delete(name);
        void this.fire(name).finally(() => this.running && this.schedule(name, cron));
      },
      Math.min(delay, 86_400_000)
    );
    timer.unref();
    this.timers.push(timer);
  }
}
