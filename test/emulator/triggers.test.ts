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

test('a timer trigger fires on its own schedule, read in UTC+8', async () => {
  const { now } = (await cloud.request('GET', '/__emulator/clock')).body as { now: string };
  // 02:00 in Beijing is 18:00 UTC: move the clock to 1.5 s before the next one and wait for it.
  const current = new Date(now);
  const next = new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth(), current.getUTCDate(), 18, 0, 0));
  if (next.getTime() - current.getTime() < 5000) next.setUTCDate(next.getUTCDate() + 1);
  await cloud.advanceClock(next.getTime() - current.getTime() - 1500);
  let fired: Array<{ name: string }> = [];
  for (let i = 0; i < 50 && fired.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    fired = (await cloud.invocations(50)).filter((x) => x.name === 'nightly');
  }
  expect(fired).toHaveLength(1);
  // It fired at the emulated 18:00 UTC, not at a wall-clock time.
  const { now: after } = (await cloud.request('GET', '/__emulator/clock')).body as { now: string };
  expect(new Date(after).getTime()).toBeGreaterThanOrEqual(next.getTime());
});
