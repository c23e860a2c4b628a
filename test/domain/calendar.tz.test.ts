// The domain must not depend on the host time zone (cloud functions run in UTC, laptops in
// Shanghai, CI anywhere), and the holiday data it reads must agree with chinese-days' answers.
// Jest cannot switch the zone of its own process, so each zone runs in a child process.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const probe = path.join(__dirname, 'tzProbe.ts');

interface ProbeAnswer {
  offset: number;
  sample?: string[];
  mismatches?: string[];
}

function run(tz: string, mode: 'sample' | 'agree'): ProbeAnswer {
  const out = execFileSync(process.execPath, ['--import', 'tsx', probe, mode], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8'
  });
  return JSON.parse(out) as ProbeAnswer;
}

describe('host time zone independence', () => {
  it('gives the same deadlines in every host time zone', () => {
    const reference = run('Asia/Shanghai', 'sample');
    expect(reference.offset).toBe(-480);
    for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      const r = run(tz, 'sample');
      expect(r.offset).not.toBe(-480); // the zone really changed
      expect(r.sample).toEqual(reference.sample);
    }
  });
});

describe('chinese-days data', () => {
  it('agrees with chinese-days isWorkday for every day 2004–2026 (in Shanghai time)', () => {
    expect(run('Asia/Shanghai', 'agree').mismatches).toEqual([]);
  });
});
