// 消息中心 (cases.todo): the caller's own cases that wait for them, counted for the badges: 待补充 while
// a unit paused the case for their material, 待评价 once resolved. Nobody else's cases appear, and the
// read is one request however many cases the collection holds.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { ResidentTodo } from '../../typings/cases';
import type { Result } from '../../typings/result';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const staff = staffOf(ORG.pingan);
const todoOf = async (openid: string): Promise<ResidentTodo> => {
  const res = await cloud.call<Result<ResidentTodo>>('cases', { action: 'todo' }, openid);
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
};

test('a paused case is 待补充, a resolved one 待评价; open and rated ones are neither', async () => {
  const me = 'todo-resident';
  const paused = await submitOk(cloud, me);
  await actOk(cloud, staff, 'accept', { caseId: paused.caseId });
  await actOk(cloud, staff, 'pause', { caseId: paused.caseId, reason: '请提供协商记录' });
  const resolved = await submitOk(cloud, me);
  await actOk(cloud, staff, 'accept', { caseId: resolved.caseId });
  await actOk(cloud, staff, 'resolve', { caseId: resolved.caseId, result: '已调解' });
  await submitOk(cloud, me); // open, nothing asked of the resident
  const rated = await submitOk(cloud, me);
  await actOk(cloud, staff, 'accept', { caseId: rated.caseId });
  await actOk(cloud, staff, 'resolve', { caseId: rated.caseId, result: '已调解' });
  await actOk(cloud, me, 'rate', { caseId: rated.caseId, satisfaction: 'satisfied' }, 'ratings');

  const todo = await todoOf(me);
  expect(todo).toMatchObject({ awaitingMaterial: 1, awaitingRating: 1 });
  expect(todo.items.map((i) => [i.caseId, i.need])).toEqual([
    [paused.caseId, 'material'],
    [resolved.caseId, 'rate']
  ]);
  expect((await cloud.invocations(1))[0].dbRequests).toBe(1);

  // The material clears 待补充; the rating clears 待评价.
  await actOk(cloud, me, 'supplement', { caseId: paused.caseId, text: '协商记录见附件' });
  await actOk(cloud, me, 'rate', { caseId: resolved.caseId, satisfaction: 'basic' }, 'ratings');
  expect(await todoOf(me)).toEqual({ awaitingMaterial: 0, awaitingRating: 0, items: [] });
});

test("another resident's cases never appear", async () => {
  const owner = 'todo-owner';
  const c = await submitOk(cloud, owner);
  await actOk(cloud, staff, 'accept', { caseId: c.caseId });
  await actOk(cloud, staff, 'resolve', { caseId: c.caseId, result: '已处理' });
  expect((await todoOf(owner)).awaitingRating).toBe(1);
  expect(await todoOf('todo-stranger')).toEqual({ awaitingMaterial: 0, awaitingRating: 0, items: [] });
});

test('no login, no list', async () => {
  const res = await cloud.call<Result<ResidentTodo>>('cases', { action: 'todo' });
  expect(res).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
});
