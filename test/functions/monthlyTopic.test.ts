// 每月一题: the month's top clusters with counts, trends and map points; the district's 综治中心 picks one,
// tracks its proactive case to the end, then publishes the outcome; the month exports as xlsx.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type {
  MonthlyTopicsResponse,
  NightlyReport,
  PublishedTopic,
  TopicExportResponse
} from '../../typings/proactive';
import type { Result } from '../../typings/result';

let cloud: TestCloud;
let month: string;
const DAY = 24 * 3600_000;

const call = <T>(action: string, fields: Record<string, unknown>, who: string) =>
  cloud.call<Result<T>>('proactive', { action, ...fields }, who);
async function ok<T>(action: string, fields: Record<string, unknown>, who: string): Promise<T> {
  const res = await call<T>(action, fields, who);
  if (!res.ok) throw new Error(`${action}: ${res.code}`);
  return res.data;
}

const district = staffOf(ORG.district);
const town = staffOf(ORG.xinshancun);

beforeAll(async () => {
  cloud = await startLocalCloud();
  for (let i = 0; i < 6; i++)
    await submitOk(cloud, `resident-t-${i % 3}`, {
      category: 'neighbor',
      description: ['钢花社区广场舞音响太吵，晚上十点还在放', '广场舞音响太吵了，晚上十点还在放，影响休息'][i % 2],
      communityId: ORG.ganghua,
      location: { latitude: 29.4841 + i * 0.0001, longitude: 106.4821 }
    });
  // The night after: the month of "yesterday" is the month these were filed in.
  await cloud.advanceClock(DAY);
  const res = (await cloud.trigger('proactive')) as { ok: boolean; result: NightlyReport };
  month = res.result.month;
});
afterAll(() => cloud?.stop());

test('the month lists its top cluster with count, trend and map points; towns see their own, only the district may pick', async () => {
  const m = await ok<MonthlyTopicsResponse>('monthly', { month }, district);
  expect(m.mayPick).toBe(true);
  const row = m.rows.find((r) => r.communityId === ORG.ganghua);
  expect(row).toMatchObject({ count: 6, reporters: 3, lastMonth: 0, trend: 'new', communityName: '钢花社区' });
  expect(row?.points).toHaveLength(6);
  expect(row?.center).not.toBeNull();
  expect(row?.proactiveCaseId).toBeTruthy();
  const t = await ok<MonthlyTopicsResponse>('monthly', { month }, town);
  expect(t.mayPick).toBe(false);
  expect(t.rows.map((r) => r.key)).toContain(row?.key);
  const other = await ok<MonthlyTopicsResponse>('monthly', { month }, staffOf('500104002000'));
  expect(other.rows.find((r) => r.key === row?.key)).toBeUndefined();
  expect(await call('pickTopic', { month, key: row?.key }, town)).toMatchObject({
    ok: false,
    code: 'NOT_TOPIC_PICKER'
  });
  expect(await call('monthly', { month }, 'resident-t-0')).toMatchObject({ ok: false, code: 'NOT_STAFF' });
  expect(await call('pickTopic', { month, key: 'no-such-row' }, district)).toMatchObject({
    ok: false,
    code: 'TOPIC_NOT_FOUND'
  });
});

test('the 综治中心 picks 每月一题, tracks its case to the end, then publishes the outcome; the month exports', async () => {
  const m = await ok<MonthlyTopicsResponse>('monthly', { month }, district);
  const row = m.rows.find((r) => r.communityId === ORG.ganghua);
  if (!row) throw new Error('no row');
  expect(await call('publishTopic', { month, outcome: '已整改' }, district)).toMatchObject({
    ok: false,
    code: 'TOPIC_NOT_PICKED'
  });
  const picked = await ok<MonthlyTopicsResponse>('pickTopic', { month, key: row.key }, district);
  expect(picked.pick).toMatchObject({
    key: row.key,
    proactiveCaseId: row.proactiveCaseId,
    status: 'submitted',
    outcome: null
  });
  expect(await call('pickTopic', { month, key: row.key }, district)).toMatchObject({
    ok: false,
    code: 'TOPIC_ALREADY_PICKED'
  });
  expect(await call('publishTopic', { month, outcome: '已整改' }, district)).toMatchObject({
    ok: false,
    code: 'TOPIC_NOT_DONE'
  });

  const caseId = row.proactiveCaseId as string;
  await actOk(cloud, town, 'accept', { caseId });
  await actOk(cloud, town, 'resolve', { caseId, result: '划定广场舞时段与音量上限，安装分贝提示屏' });
  const done = await ok<MonthlyTopicsResponse>('monthly', { month }, district);
  expect(done.pick?.status).toBe('resolved');
  expect(await call('publishTopic', { month, outcome: '已整改' }, town)).toMatchObject({
    ok: false,
    code: 'NOT_TOPIC_PICKER'
  });
  const out = await ok<MonthlyTopicsResponse>('publishTopic', { month, outcome: '广场舞限时限音，投诉清零' }, district);
  expect(out.pick?.outcome).toBe('广场舞限时限音，投诉清零');
  expect(out.pick?.publishedAt).toBeTruthy();
  const pub = await ok<PublishedTopic[]>('published', {}, 'resident-t-0');
  expect(pub[0]).toMatchObject({ month, count: 6, outcome: '广场舞限时限音，投诉清零' });

  const file = await ok<TopicExportResponse>('export', { month }, district);
  expect(file.rows).toBe(done.rows.length);
  expect(file.tempFileURL).toMatch(/^https?:\/\//);
});
