// Legal services through the local cloud: the demo pools, the community adviser and the next visiting
// day, a question's reply duty (督办 when late), legal aid routed to the centre and decided, ratings.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { ORG, staffOf } from '../support/cases';
import type { Result } from '../../typings/result';
import { writes } from './deliberationHelpers';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
}, 60_000);
afterAll(() => cloud?.stop());

type Data = Record<string, unknown>;
const legal = (openid: string | undefined, action: string, fields: Data = {}) =>
  cloud.call<Result<Data>>('legal', { action, ...fields }, openid);
async function legalOk(openid: string, action: string, fields: Data = {}): Promise<Data> {
  const res = await legal(openid, action, fields);
  if (!res.ok) throw new Error(`${action} failed: ${res.code} ${res.message}`);
  return res.data;
}
async function refused(call: () => Promise<Result<unknown>>, code: string): Promise<void> {
  const before = await writes(cloud);
  expect(await call()).toMatchObject({ ok: false, code });
  expect((await writes(cloud)) - before).toBe(0);
}

test('the demo pools hold mediators for every 和议厅 and 调解室, experts and lawyers, marked demo', async () => {
  const { items } = (await legalOk(staffOf(ORG.pingan), 'pool', { unitId: ORG.pingan })) as {
    items: Array<{ pool: string; name: string }>;
  };
  expect(items.length).toBeGreaterThanOrEqual(2);
  expect(items[0].name).toContain('演示');
  const all = ((await legalOk('admin-1', 'pool')) as { items: Array<{ pool: string }> }).items;
  expect(new Set(all.map((i) => i.pool))).toEqual(new Set(['hall', 'expert', 'lawyer']));
});

test('adviser, question with its reply duty, 督办 when late, reply and rating', async () => {
  await refused(
    () => legal(staffOf(ORG.ganghua), 'setAdviser', { communityId: ORG.pingan, name: '周律师', weekdays: [2] }),
    'FORBIDDEN'
  );
  await legalOk(staffOf(ORG.pingan), 'setAdviser', {
    communityId: ORG.pingan,
    name: '周律师',
    openid: 'adviser-pingan',
    weekdays: [2, 4]
  });
  const { adviser } = (await legalOk('resident-1', 'adviser', { communityId: ORG.pingan })) as {
    adviser: { name: string; nextVisit: string };
  };
  expect(adviser.name).toBe('周律师');
  expect([2, 4]).toContain(new Date(Date.parse(adviser.nextVisit) + 8 * 3600_000).getUTCDay());

  const { questionId } = await legalOk('resident-1', 'ask', { communityId: ORG.pingan, text: '房东不退押金怎么办？' });
  const state = async () =>
    (
      (await legalOk('adviser-pingan', 'questions', { communityId: ORG.pingan })) as {
        items: Array<{ questionId: string; state: string }>;
      }
    ).items.find((q) => q.questionId === questionId)?.state;
  expect(await state()).toBe('waiting');
  await cloud.advanceClock(4 * 24 * 3600_000);
  expect(await state()).toBe('supervised');
  await refused(() => legal('resident-2', 'reply', { questionId, text: '我来答' }), 'NOT_FOUND');
  await legalOk('adviser-pingan', 'reply', { questionId, text: '可先协商，保留证据，必要时申请调解或起诉。' });
  await refused(() => legal('adviser-pingan', 'reply', { questionId, text: '再答' }), 'ALREADY_REPLIED');
  await legalOk('resident-1', 'rate', { questionId, stars: 5 });
  await refused(() => legal('resident-1', 'rate', { questionId, stars: 4 }), 'ALREADY_RATED');
});

test('legal aid is routed to the legal-aid centre with the eligibility reading, and decided there', async () => {
  const applied = await legalOk('resident-2', 'aid', {
    name: '王五',
    phone: '13700000003',
    matter: 'wages',
    hardship: false,
    hasLawyer: false,
    summary: '工地拖欠工资三个月。'
  });
  expect(applied).toMatchObject({ status: 'submitted', routedTo: '区法律援助中心', precheck: { likely: true } });
  await refused(
    () => legal(staffOf(ORG.pingan), 'aidDecide', { aidId: applied.aidId, grant: true, reason: '符合' }),
    'NOT_FOUND'
  );
  expect(
    await legalOk(staffOf('dept-justice'), 'aidDecide', {
      aidId: applied.aidId,
      grant: true,
      reason: '追索劳动报酬，免于经济审查'
    })
  ).toMatchObject({ status: 'granted' });
  await refused(
    () => legal(staffOf('dept-justice'), 'aidDecide', { aidId: applied.aidId, grant: false, reason: '再议' }),
    'ILLEGAL_TRANSITION'
  );
});
