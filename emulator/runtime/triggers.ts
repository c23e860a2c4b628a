import { Cron } from 'croner';
import type { Clock } from '../clock';
import type { FunctionRuntime, InvokeResult } from './functions';

/** WeChat timer triggers: 7-field cron (second … year) in UTC+8, following the local cloud's clock. */
export class TriggerScheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = false;

  constructor(
    private readonly runtime: FunctionRuntime,
    private readonly clock: Clock
  ) {
    clock.onAdvance(() => {
      if (this.running) this.start();
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
  }

  private schedule(name: string, cron: Cron): void {
    const next = cron.nextRun(new Date(this.clock.now()));
    if (!next) return;
    const delay = Math.max(0, next.getTime() - this.clock.now());
    // Timers beyond ~24 days overflow setTimeout; re-plan daily instead.
    const timer = setTimeout(
      () => {
        if (delay > 86_400_000) return this.schedule(name, cron);
        void this.fire(name).finally(() => this.running && this.schedule(name, cron));
      },
      Math.min(delay, 86_400_000)
    );
    timer.unref();
    this.timers.push(timer);
  }
}
