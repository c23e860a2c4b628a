import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { buildFixtureFunctions } from '../support/fixtures';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({
    seed: false,
    env: { LOCALCLOUD_FUNCTIONS_DIR: await buildFixtureFunctions(), LOCALCLOUD_TRIGGERS: 'on' }
  });
});
afterAll(() => cloud?.stop());

test('a timer trigger fires on its own schedule, read in UTC+8, when the clock passes it', async () => {
  const { now } = (await cloud.request('GET', '/__emulator/clock')).body as { now: string };
  // 02:00 in Beijing is 18:00 UTC: move the clock just past the next one.
  const current = new Date(now);
  const next = new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth(), current.getUTCDate(), 18, 0, 0));
  if (next.getTime() <= current.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  const nightly = async () => (await cloud.invocations(50)).filter((x) => x.name === 'nightly');
  // Short of it, nothing fires: stop an hour short, or halfway when it is nearer (tests run at any hour).
  const gap = next.getTime() - current.getTime();
  const short = Math.min(3600_000, Math.floor(gap / 2));
  await cloud.advanceClock(gap - short);
  expect(await nightly()).toEqual([]);
  await cloud.advanceClock(short + 1000);
  // The run is asynchronous: poll its record, a bounded number of times (no fixed wait).
  let fired = await nightly();
  for (let i = 0; i < 500 && fired.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
    fired = await nightly();
  }
  expect(fired).toHaveLength(1);
  // It fired at the emulated 18:00 UTC, not at a wall-clock time.
  const { now: after } = (await cloud.request('GET', '/__emulator/clock')).body as { now: string };
  expect(new Date(after).getTime()).toBeGreaterThanOrEqual(next.getTime());
  // Moving on an hour does not fire it again: the next run is tomorrow.
  await cloud.advanceClock(3600_000);
  expect(await nightly()).toHaveLength(1);
});
