/**
 * @jest-environment jsdom
 */
// 议事协商 pages against the real local cloud: a resident chooses their community and proposes; the
// council screens on the topic page; a representative votes; the supervisory committee finds the draft
// in its review queue and sends it back; the counts show, never who voted. Plus the labels match the domain's.
import { LAST_COMMUNITY_STORAGE_KEY } from '../../miniprogram/config';
import { STAGE_LABELS, stepsOf } from '../../miniprogram/packageDeliberation/common';
import { STAGE_LABELS as DOMAIN_STAGE_LABELS } from '../../domain/deliberation';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';
import { delibOk, PINGAN, seat, staffOf, topicAt } from '../functions/deliberationHelpers';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
  await seat(cloud, PINGAN, 'representative', 'page-rep');
  await seat(cloud, PINGAN, 'supervisor', 'page-sup');
});
afterAll(() => cloud?.stop());
beforeEach(() => wxControl.reset());
afterEach(() => {
  page?.unload();
  page = undefined;
});

const as = (openid: string): void => signIn(cloud.url, openid);

test('the stage labels are the domain’s, and the steps say where a topic stands in words', () => {
  expect(STAGE_LABELS).toEqual(DOMAIN_STAGE_LABELS);
  expect(stepsOf('opinions').map((s) => s.mark)).toEqual([
    '已完成',
    '已完成',
    '进行中',
    '未开始',
    '未开始',
    '未开始',
    '未开始',
    '未开始'
  ]);
  expect(stepsOf('refused')[1]).toMatchObject({ label: '初审', state: 'stopped' });
  expect(stepsOf('done').every((s) => s.state === 'done')).toBe(true);
});

test('a resident chooses their community, then proposes a matter', async () => {
  as('page-newcomer');
  wxControl.storage.set(LAST_COMMUNITY_STORAGE_KEY, PINGAN);
  page = await loadPage('packageDeliberation/topics/index');
  await page.waitForText('选择我的村（社区）');
  await page.waitFor(() => page!.data.picked === PINGAN);
  await page.tapText('确定');
  await page.waitForText('平安社区');
  await page.waitForText('我要提议');
  await page.waitFor(() => page!.data.status === 'ready');
  expect(page.text()).toContain('暂无议题');
  await page.tapText('我要提议');
  expect(wxControl.navigateTo).toHaveBeenLastCalledWith(
    expect.objectContaining({ url: `/packageDeliberation/propose/index?communityId=${PINGAN}` })
  );
  page.unload();

  page = await loadPage('packageDeliberation/propose/index', { query: { communityId: PINGAN } });
  await page.tapText('提交议题');
  await page.waitForText('请填写议题标题');
  await page.typeInto('.propose__title', '小区门口加装减速带');
  await page.typeInto('.propose__text', '门口车速快，老人孩子过马路危险。');
  await page.tapText('提交议题');
  await page.waitFor(() => wxControl.redirectTo.mock.calls.length === 1);
  const url = (wxControl.redirectTo.mock.calls[0][0] as { url: string }).url;
  expect(url).toMatch(/^\/packageDeliberation\/topic\/index\?topicId=t[0-9a-f]+$/);
  page.unload();

  page = await loadPage('packageDeliberation/topic/index', { query: { topicId: url.split('=')[1] } });
  await page.waitForText('小区门口加装减速带');
  expect(page.text()).toContain('初审（进行中）');
  expect(page.text()).toContain('一上：提出议题');
  expect(page.text()).toContain('取消关注'); // the proposer follows their own topic
});

test('the council screens a proposal on the topic page; the refusal needs a reason', async () => {
  const topicId = await topicAt(cloud, 'proposed', { proposer: 'page-res-1', supervisor: 'page-sup' });
  as(staffOf(PINGAN));
  page = await loadPage('packageDeliberation/topic/index', { query: { topicId } });
  await page.waitForText('不予受理');
  await page.tapText('受理');
  await page.tapText('确认提交');
  await page.waitForText('请填写受理说明，将向居民公开');
  await page.typeInto('.topic__text-box', '涉及全体居民，受理并征求意见');
  await page.tapText('确认提交');
  await page.waitForText('征求意见（进行中）');
  expect(page.text()).toContain('一下：受理');
  expect(page.text()).not.toContain('不予受理');
});

test('a representative votes once; after the close the counts show, never who voted', async () => {
  const topicId = await topicAt(cloud, 'voting', { proposer: 'page-res-2', supervisor: 'page-sup' });
  as('page-rep');
  page = await loadPage('packageDeliberation/topic/index', { query: { topicId } });
  await page.waitForText('请投票');
  expect(page.text()).toContain('村（居）民代表会议表决中');
  await page.tapText('赞成');
  await page.waitForText('您已投票');
  expect(page.text()).not.toContain('请投票');
  await delibOk(cloud, staffOf(PINGAN), 'closeVote', { topicId });
  await (page.instance.onPullDownRefresh as () => Promise<void>)();
  await page.waitForText('实到 1');
  expect(page.text()).toMatch(/赞成 1，反对 0，弃权 0/);
  expect(page.text()).not.toContain('page-rep');
});

test('the supervisory committee finds the draft in its review queue and sends it back', async () => {
  const topicId = await topicAt(cloud, 'review', { proposer: 'page-res-3', supervisor: 'page-sup' });
  // The draft's comment window closed on time; the sweeper moves it to 监督审核 in the list.
  await cloud.trigger('deliberation');
  as('page-sup');
  page = await loadPage('packageDeliberation/topics/index');
  await page.waitForText('监督委员会成员');
  await page.tapText('监督审核');
  await page.waitFor(() => (page!.data.items as Array<{ topicId: string }>).some((t) => t.topicId === topicId));
  page.unload();

  page = await loadPage('packageDeliberation/topic/index', { query: { topicId } });
  await page.waitForText('退回修改');
  await page.tapText('退回修改');
  await page.typeInto('.topic__text-box', '预算缺少明细，请补充');
  await page.tapText('确认提交');
  await page.waitForText('监督委员会：退回修改');
  expect(page.text()).toContain('方案（进行中）');
});

test('the council invites a representative and registers a household voter', async () => {
  as(staffOf(PINGAN));
  page = await loadPage('packageDeliberation/topics/index');
  await page.waitForText('议事会管理');
  expect(page.text()).not.toContain('我要提议');
  await page.tapText('邀请村（居）民代表');
  await page.waitForText('村（居）民代表邀请码');
  await page.typeInto('.topics__household', '5栋1单元302');
  await page.tapText('登记户代表（生成登记码）');
  await page.waitForText('5栋1单元302 户代表登记码');
  const code = (page.data.issued as Array<{ code: string }>)[0].code;
  page.unload();

  as('page-household');
  await delibOk(cloud, 'page-household', 'setHome', { communityId: PINGAN });
  page = await loadPage('packageDeliberation/topics/index');
  await page.waitForText('我是户代表');
  await page.typeInto('.topics__code', code);
  await page.tapText('登记');
  await page.waitForText('登记成功：您是本户的投票代表');
  await page.waitForText('我的身份：户代表');
});

test('the topic list has a tab per stage: each shows its own topics, 全部 shows them all', async () => {
  const communityId = '500104002019';
  await seat(cloud, communityId, 'supervisor', 'page-tabs-sup');
  const opts = { communityId, proposer: 'page-tabs-res', supervisor: 'page-tabs-sup' };
  const proposed = await topicAt(cloud, 'proposed', opts);
  const approved = await topicAt(cloud, 'approved', opts);
  as('page-tabs-res');
  page = await loadPage('packageDeliberation/topics/index');
  const listed = () => (page!.data.items as Array<{ topicId: string; stageLabel: string }>).map((t) => t.topicId);
  await page.waitFor(() => page!.data.status === 'ready' && listed().length === 2);
  expect(listed()).toEqual([approved, proposed]);
  // Every stage a topic goes through has its tab, in order, after 全部.
  for (const label of [
    '全部',
    '待初审',
    '征求意见',
    '拟定方案',
    '方案公示',
    '监督审核',
    '待表决',
    '表决中',
    '已通过',
    '已办结'
  ])
    expect(page.text()).toContain(label);
  await page.tapText('待表决');
  await page.waitFor(() => page!.data.status === 'ready' && page!.data.stage === 'approved');
  expect(listed()).toEqual([approved]);
  expect(page.text()).not.toContain('暂无议题');
  await page.tapText('表决中');
  await page.waitFor(() => page!.data.status === 'ready' && page!.data.stage === 'voting');
  expect(listed()).toEqual([]);
  expect(page.text()).toContain('暂无议题');
  await page.tapText('全部');
  await page.waitFor(() => page!.data.status === 'ready' && page!.data.stage === '');
  expect(listed()).toEqual([approved, proposed]);
});
