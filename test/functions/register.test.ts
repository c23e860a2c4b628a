// 多网合一: staff register cases from other channels; every case carries its channel; the reporter
// rates by a follow-up call; the queue, the per-channel figures and the nightly export see channels.
import { randomUUID } from 'node:crypto';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { ORG, staffOf, submitOk } from '../support/cases';
import { rawFind, rawInsert } from '../support/rawDb';
import type { CaseDetail, CaseSummary, Page, SubmitResponse } from '../../typings/cases';
import type { ChannelsResponse } from '../../typings/stats';
import type { DailyExportReport } from '../../typings/partners';
import type { Result } from '../../typings/result';
import { listDuties, type DutyCase } from '../../domain/duties';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const hotline = (extra: Record<string, unknown> = {}) => ({
  action: 'register',
  category: 'neighbor',
  communityId: ORG.pingan,
  description: '来电反映楼上漏水，多次协商未果。',
  channel: 'hotline',
  reporterName: '王先生',
  reporterPhone: '138 1234 1234',
  requestId: randomUUID(),
  ...extra
});

async function register(openid: string, extra: Record<string, unknown> = {}): Promise<SubmitResponse> {
  const res = await cloud.call<Result<SubmitResponse>>('cases', hotline(extra), openid);
  if (!res.ok) throw new Error(`register: ${res.code}`);
  return res.data;
}

const call = <T>(openid: string, fields: Record<string, unknown>, fn = 'cases') =>
  cloud.call<Result<T>>(fn, fields, openid);

test('a town registers a hotline case: routed as a submit, the town owes the first reply, name and phone kept', async () => {
  const town = staffOf(ORG.xinshancun);
  const r = await register(town);
  expect(r).toMatchObject({ status: 'submitted', unitId: ORG.pingan, level: 'community' });
  const [doc] = (await rawFind<Record<string, unknown>>(cloud, 'cases', { _id: r.caseId }))!;
  expect(doc).toMatchObject({
    channel: 'hotline',
    registeredUnitId: ORG.xinshancun,
    reporterName: '王先生',
    contactPhone: '13812341234'
  });
  // The same request again files nothing new.
  const again = await cloud.call<Result<SubmitResponse>>('cases', { ...hotline(), requestId: 'same-request-1' }, town);
  const twice = await cloud.call<Result<SubmitResponse>>('cases', { ...hotline(), requestId: 'same-request-1' }, town);
  expect(again.ok && twice.ok && again.data.caseId === twice.data.caseId).toBe(true);
  // The handling community's staff see the name and phone, to call back; another community's do not reach it.
  const seen = await call<CaseDetail>(staffOf(ORG.pingan), { action: 'detail', caseId: r.caseId });
  if (!seen.ok) throw new Error(seen.code);
  expect([seen.data.case.channel, seen.data.case.reporterName, seen.data.case.contactPhone]).toEqual([
    'hotline',
    '王先生',
    '13812341234'
  ]);
  const town2 = await call<CaseDetail>(town, { action: 'detail', caseId: r.caseId });
  if (!town2.ok) throw new Error(town2.code);
  expect([town2.data.case.reporterName, town2.data.case.contactPhone]).toEqual([null, '138****1234']);
  // 谁登记谁回复: the town owes the first reply, and gives it.
  expect(doc.firstResponseDueAt).toBeTruthy();
  const replied = await call<CaseDetail>(town, { action: 'reply', caseId: r.caseId, text: '已登记，社区将联系您' });
  expect(replied.ok).toBe(true);
  const [after] = (await rawFind<{ firstReplyAt: unknown }>(cloud, 'cases', { _id: r.caseId }))!;
  expect(after.firstReplyAt).not.toBeNull();
});

test('谁登记谁回复 across units: a town registers a case for another town; it owes the first reply and can give it', async () => {
  // 八桥镇 takes the call, but the case happened in 新山村街道's 平安社区: it routes there.
  const registrar = staffOf(ORG.bajiao);
  const r = await register(registrar);
  expect(r).toMatchObject({ unitId: ORG.pingan });
  const [doc] = (await rawFind<Record<string, unknown>>(cloud, 'cases', { _id: r.caseId }))!;
  expect(doc).toMatchObject({ registeredUnitId: ORG.bajiao, firstReplyAt: null });
  // The first-reply duty is 八桥镇's, not the handling community's (the duties the case view and KPIs read).
  const firstResponse = listDuties(doc as unknown as DutyCase, new Date()).find((d) => d.kind === 'firstResponse');
  expect(firstResponse).toMatchObject({ owner: 'unit', unitId: ORG.bajiao, doneAt: null });
  // 八桥镇 reads the case it registered, although it is not in its scope; replying is all it may do there.
  const seen = await call<CaseDetail>(registrar, { action: 'detail', caseId: r.caseId });
  expect(seen.ok).toBe(true);
  const accepted = await call<CaseDetail>(registrar, { action: 'accept', caseId: r.caseId });
  expect(accepted).toMatchObject({ ok: false, code: 'OUT_OF_SCOPE' });
  const escalated = await call<CaseDetail>(registrar, { action: 'escalate', caseId: r.caseId, reason: '需要提级' });
  expect(escalated).toMatchObject({ ok: false, code: 'OUT_OF_SCOPE' });
  const replied = await call<CaseDetail>(registrar, {
    action: 'reply',
    caseId: r.caseId,
    text: '已登记，已转平安社区办理'
  });
  expect(replied.ok).toBe(true);
  const [after] = (await rawFind<{ firstReplyAt: unknown; unitId: string; status: string }>(cloud, 'cases', {
    _id: r.caseId
  }))!;
  expect(after).toMatchObject({ unitId: ORG.pingan, status: 'submitted' });
  expect(after.firstReplyAt).not.toBeNull();
  // Its duty done, the case is the handling chain's alone again.
  const later = await call<CaseDetail>(registrar, { action: 'detail', caseId: r.caseId });
  expect(later).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  // Another unit that did not register it still cannot reach it.
  const other = await call<CaseDetail>(staffOf(ORG.bajiaoCommunity), {
    action: 'reply',
    caseId: r.caseId,
    text: '你好'
  });
  expect(other.ok).toBe(false);
});

test('residents, admins and nobody cannot register; bad input writes nothing', async () => {
  expect(await cloud.call<Result<unknown>>('cases', hotline(), 'resident-1')).toMatchObject({ code: 'NOT_STAFF' });
  expect(await cloud.call<Result<unknown>>('cases', hotline(), 'admin-1')).toMatchObject({ code: 'NOT_STAFF' });
  expect(await cloud.call<Result<unknown>>('cases', hotline())).toMatchObject({ code: 'NOT_LOGGED_IN' });
  const town = staffOf(ORG.xinshancun);
  const before = (await rawFind(cloud, 'cases', {}))!.length;
  expect(await cloud.call<Result<unknown>>('cases', hotline({ channel: 'miniprogram' }), town)).toMatchObject({
    code: 'FIELD_INVALID'
  });
  expect(await cloud.call<Result<unknown>>('cases', hotline({ reporterPhone: '12345' }), town)).toMatchObject({
    code: 'PHONE_INVALID'
  });
  expect(await cloud.call<Result<unknown>>('cases', hotline({ category: 'nope' }), town)).toMatchObject({
    code: 'UNKNOWN_CATEGORY'
  });
  expect((await rawFind(cloud, 'cases', {}))!.length).toBe(before);
});

test('the reporter rates by a follow-up call at once after resolution; a mini-program case waits the 7 days', async () => {
  const community = staffOf(ORG.pingan);
  const reg = await register(staffOf(ORG.pingan));
  const own = await submitOk(cloud, 'resident-2');
  for (const id of [reg.caseId, own.caseId]) {
    expect((await call(community, { action: 'accept', caseId: id })).ok).toBe(true);
    expect((await call(community, { action: 'resolve', caseId: id, result: '已协调维修' })).ok).toBe(true);
  }
  const visit = (caseId: string) =>
    call<CaseDetail>(
      community,
      { action: 'followUp', caseId, satisfaction: 'satisfied', note: '电话回访，群众满意' },
      'ratings'
    );
  const early = await visit(own.caseId);
  expect(early).toMatchObject({ ok: false, code: 'FOLLOW_UP_TOO_EARLY' });
  const called = await visit(reg.caseId);
  expect(called.ok && called.data.case.status).toBe('closed');
  const [doc] = (await rawFind<{ ratedBy: string }>(cloud, 'cases', { _id: reg.caseId }))!;
  expect(doc.ratedBy).toBe('followUp');
  // No subscribe message goes to a reporter without WeChat.
  expect((await cloud.outbox()).some((m) => m.touser.startsWith('hotline:'))).toBe(false);
});

test('the queue filters by channel; cases stored before channels count as the mini-program', async () => {
  const town = staffOf(ORG.xinshancun);
  const reg = await register(town, { channel: 'visit' });
  const own = await submitOk(cloud, 'resident-1');
  // A case stored before channels existed: no field at all.
  const [legacy] = (await rawFind<Record<string, unknown>>(cloud, 'cases', { _id: own.caseId }))!;
  const old: Record<string, unknown> = {
    ...legacy,
    _id: `legacy${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    code: 'DDK-20200101-0001',
    day: '20200101',
    seq: 1
  };
  delete old.channel;
  await rawInsert(cloud, 'cases', [old]);
  const queue = async (channel: string) => {
    const res = await call<Page<CaseSummary>>(staffOf(ORG.pingan), { action: 'queue', channel });
    if (!res.ok) throw new Error(res.code);
    return res.data.items.map((i) => [i.caseId, i.channel]);
  };
  const visits = await queue('visit');
  expect(visits).toContainEqual([reg.caseId, 'visit']);
  expect(visits.every(([, c]) => c === 'visit')).toBe(true);
  const mp = await queue('miniprogram');
  expect(mp).toEqual(
    expect.arrayContaining([
      [own.caseId, 'miniprogram'],
      [old._id, 'miniprogram']
    ])
  );
  expect(mp.some(([id]) => id === reg.caseId)).toBe(false);
});

test('figures split by channel: every channel listed, counts per channel in the unit’s scope', async () => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Shanghai
  // Its own case on each channel it counts, so it stands alone.
  await register(staffOf(ORG.xinshancun), { channel: 'grid' });
  await register(staffOf(ORG.xinshancun), { channel: 'hotline' });
  await submitOk(cloud, 'resident-3', { communityId: ORG.pingan });
  const res = await call<ChannelsResponse>(
    staffOf(ORG.xinshancun),
    {
      action: 'channels',
      from: '2026-01-01',
      to: today > '2026-01-01' ? today : '2026-01-02'
    },
    'stats'
  );
  if (!res.ok) throw new Error(res.code);
  const by = Object.fromEntries(res.data.items.map((i) => [i.channel, i.cases]));
  expect(Object.keys(by)).toEqual([
    'miniprogram',
    'hotline',
    'visit',
    'grid',
    'letter',
    'partner',
    'other',
    'proactive'
  ]);
  expect(by.grid).toBeGreaterThanOrEqual(1);
  expect(by.hotline).toBeGreaterThanOrEqual(1);
  expect(by.miniprogram).toBeGreaterThanOrEqual(1);
});

test('the nightly export writes the day’s cases per unit as xlsx and JSON lines, without names or phones', async () => {
  const r = await register(staffOf(ORG.xinshancun), { description: '电话13812341234反映噪音' });
  const [doc] = (await rawFind<{ day: string }>(cloud, 'cases', { _id: r.caseId }))!;
  const day = `${doc.day.slice(0, 4)}-${doc.day.slice(4, 6)}-${doc.day.slice(6)}`;
  const res = await call<DailyExportReport>('admin-1', { action: 'exportDay', day }, 'sharing');
  if (!res.ok) throw new Error(res.code);
  const unit = res.data.files.find((f) => f.unitId === ORG.pingan)!;
  expect(unit.cases).toBeGreaterThanOrEqual(1);
  expect(unit.xlsx).toMatch(/\.xlsx$/);
  const url = async (fileID: string) => {
    const links = (
      await cloud.request('POST', '/admin', {
        action: 'storage.batchGetDownloadUrl',
        file_list: [{ fileid: fileID, max_age: 600 }]
      })
    ).body as { data: { download_list: Array<{ tempFileURL: string }> } };
    return links.data.download_list[0].tempFileURL;
  };
  const lines = (await (await fetch(await url(unit.jsonl))).text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const mine = lines.find((l) => l.code === r.code)!;
  expect(mine).toMatchObject({ channel: 'hotline', unitId: ORG.pingan, registeredUnitId: ORG.xinshancun });
  expect(JSON.stringify(lines)).not.toMatch(/13812341234|王先生/);
  const xlsx = Buffer.from(await (await fetch(await url(unit.xlsx))).arrayBuffer());
  expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  // The timer does the same for yesterday.
  expect(await cloud.trigger('sharing')).toBeTruthy();
});
