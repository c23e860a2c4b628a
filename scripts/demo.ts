/**
 * `npm run demo`: plays a day of 群众吹哨 against a running local cloud (`npm start`) as the demo
 * identities, then prints each case's timeline.
 */
import { randomUUID } from 'node:crypto';
import type { CaseDetail, SubmitRequest, SubmitResponse } from '../typings/cases';
import type { Result } from '../typings/result';

const BASE = process.env.LOCALCLOUD_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const PINGAN = '500104001001'; // 平安社区
const XINSHANCUN = '500104001000'; // 新山村街道
const DISTRICT = '500104000000';
const staff = (unitId: string): string => `staff-${unitId}`;

async function call<T>(fn: string, openid: string, event: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${BASE}/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify(event)
  });
  const body = (await res.json()) as Result<T> | { errMsg: string };
  if (!('ok' in body)) throw new Error(`${fn}.${String(event.action)}: HTTP ${res.status} ${body.errMsg}`);
  if (!body.ok) throw new Error(`${fn}.${String(event.action)} as ${openid}: ${body.code} ${body.message}`);
  return body.data;
}

const submit = (openid: string, req: Omit<SubmitRequest, 'requestId'>): Promise<SubmitResponse> =>
  call('cases', openid, { action: 'submit', requestId: randomUUID(), ...req });
const act = (openid: string, action: string, fields: Record<string, unknown>, fn = 'cases'): Promise<CaseDetail> =>
  call(fn, openid, { action, ...fields });

async function main(): Promise<void> {
  const health = await fetch(`${BASE}/healthz`).catch(() => null);
  if (!health?.ok)
    throw new Error(`no local cloud at ${BASE}: run \`npm install && npm start\` in another terminal first`);
  const played: Array<{ title: string; caseId: string }> = [];

  // 1. A neighbour dispute solved in the community's 和议厅 (小事不出村).
  const noise = await submit('resident-1', {
    category: 'neighbor',
    communityId: PINGAN,
    description: '楼上住户每晚十一点后搬动家具，噪音很大，沟通过两次无果，希望社区帮忙协调。',
    contactPhone: '13812341234'
  });
  await act(staff(PINGAN), 'accept', { caseId: noise.caseId, note: '已受理，网格员今天下午上门了解情况' });
  await act(staff(PINGAN), 'reply', { caseId: noise.caseId, text: '已约双方周六上午在和议厅面谈' });
  await act(staff(PINGAN), 'resolve', {
    caseId: noise.caseId,
    result: '双方达成协议：晚十点后不搬动家具，楼上加装家具脚垫'
  });
  await act(
    'resident-1',
    'rate',
    { caseId: noise.caseId, satisfaction: 'satisfied', comment: '调解员很耐心' },
    'ratings'
  );
  played.push({ title: '邻里噪音纠纷（社区和议厅化解）', caseId: noise.caseId });

  // 2. A labour dispute: starts at the town by rule, then escalated to the district.
  const wages = await submit('resident-2', {
    category: 'labor',
    communityId: PINGAN,
    description: '在附近工地做工三个月，包工头拖欠工资两万三千元，多次讨要未果。',
    contactPhone: '13987654321'
  });
  await act(staff(XINSHANCUN), 'accept', { caseId: wages.caseId, note: '街道调解室已受理，正在联系施工单位' });
  await act(staff(XINSHANCUN), 'escalate', {
    caseId: wages.caseId,
    reason: '涉及多名工人和总包单位，需区级协调人社、住建部门'
  });
  await act(staff(DISTRICT), 'accept', { caseId: wages.caseId, note: '莎姐调解中心已受理，将会同区人力社保局处理' });
  await act(staff(DISTRICT), 'resolve', { caseId: wages.caseId, result: '总包单位已代付全部工资，款项已到账' });
  await act('resident-2', 'rate', { caseId: wages.caseId, satisfaction: 'satisfied' }, 'ratings');
  played.push({ title: '劳资纠纷（街道受理后上报区级）', caseId: wages.caseId });

  // 3. A duplicate report, rejected with the reason shown to the resident (不予受理).
  const first = await submit('resident-3', {
    category: 'property-mgmt',
    communityId: PINGAN,
    description: '小区电梯经常停运，物业不及时维修。'
  });
  const dup = await submit('resident-3', {
    category: 'property-mgmt',
    communityId: PINGAN,
    description: '电梯又坏了，物业还是不修！'
  });
  await act(staff(PINGAN), 'accept', { caseId: first.caseId });
  await act(staff(PINGAN), 'reject', { caseId: dup.caseId, reason: `与诉求${first.code}重复，已合并办理` });
  played.push({ title: '重复诉求（不予受理）', caseId: dup.caseId });

  // 4. An unsatisfied rating: re-handled by the same unit (重办), then closed.
  await act(staff(PINGAN), 'resolve', { caseId: first.caseId, result: '已督促物业维修电梯' });
  await act(
    'resident-3',
    'rate',
    { caseId: first.caseId, satisfaction: 'unsatisfied', comment: '只修了一天又坏了' },
    'ratings'
  );
  await act(staff(PINGAN), 'reply', { caseId: first.caseId, text: '已约物业与电梯维保公司现场检修，更换控制板' });
  await act(staff(PINGAN), 'resolve', { caseId: first.caseId, result: '更换控制板并签订维保承诺，连续一周运行正常' });
  await act('resident-3', 'rate', { caseId: first.caseId, satisfaction: 'basic', comment: '总算修好了' }, 'ratings');
  played.push({ title: '电梯维修（不满意后重办）', caseId: first.caseId });

  for (const { title, caseId } of played) {
    const owner = caseId === noise.caseId ? 'resident-1' : caseId === wages.caseId ? 'resident-2' : 'resident-3';
    const d = await act(owner, 'detail', { caseId });
    console.log(`\n${d.case.code}  ${title}  [${d.case.status}]`);
    for (const e of d.timeline)
      console.log(`  ${new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}  ${e.note}`);
  }
  const outbox = (await (await fetch(`${BASE}/__emulator/outbox`)).json()) as unknown[];
  console.log(`\n订阅消息 ${outbox.length} 条已进入本地云 outbox（GET ${BASE}/__emulator/outbox）`);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
