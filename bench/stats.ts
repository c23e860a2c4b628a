import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const round = (v: number): number => Math.round(v * 100) / 100;
  return {
    n: s.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length)
  };
}

/** Runs `op` `total` times with `concurrency` callers at once; returns each call's latency in ms. */
export async function measure(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>
): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      await op(i);
      samples.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return samples;
}

export function table(rows: Array<Record<string, string | number>>): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(width[i])).join('  ');
  return [
    line(cols),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => String(r[c]))))
  ].join('\n');
}

/** Database requests of the local cloud's last invocation. */
export async function lastRequests(cloud: {
  invocations(n: number): Promise<Array<{ dbRequests: number }>>;
}): Promise<number> {
  return (await cloud.invocations(1))[0].dbRequests;
}
