/**
 * @jest-environment jsdom
 */
// 莎姐调解's pages (packageMediation) against the real local cloud: the other party joins from the
// share link (agrees) or the QR (declines); the mediation page shows the stage, the mediator, the
// sessions, the draft, the agreement PDF and the 30-day confirmation deadline; the signature page
// exports its canvas as a PNG, uploads it and signs; the legal page shows the community's adviser and
// the next visiting day, takes a question and a legal-aid application.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { LAST_COMMUNITY_STORAGE_KEY } from '../../miniprogram/config';
import { nextVisit } from '../../domain/legal';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import type { TestCloud } from '../support/localcloud';
import { strokePng } from '../support/png';
import { rawFind } from '../support/rawDb';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage, type SimNode } from '../support/simulate';
import type { MediationView, Result } from '../../typings';

let cloud: TestCloud;
let page: LoadedPage | undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shajie-mediation-pages-'));
/** The `wx` the pages call (simulate's, with ./simulate-wx installed). */
const wxApi = (globalThis as unknown as { wx: Record<string, unknown> }).wx;

beforeAll(async () => {
  cloud = await startLocalCloud();
}, 60_000);
afterAll(async () => {
  await cloud?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => wxControl.reset());
afterEach(() => {
  page?.unload();
  page = undefined;
  delete wxApi.canvasToTempFilePath;
});

let serial = 0;
type Data = MediationView & Record<string, unknown>;

async function medOk(openid: string, action: string, fields: Record<string, unknown> = {}): Promise<Data> {
  const res = await cloud.call<Result<Data>>('mediation', { action, ...fields }, openid);
  if (!res.ok) throw new Error(`${action} failed: ${res.code} ${res.message}`);
  return res.data;
}

/** An accepted dispute case at 平安社区 and a mediation of it that the other party has not answered yet. */
async function invited() {
  const k = `${process.pid}-${++serial}`;
  const reporter = `mp-app-${k}`;
  const c = await submitOk(cloud, reporter, { communityId: ORG.pingan });
  const staff = staffOf(ORG.pingan);
  await actOk(cloud, staff, 'accept', { caseId: c.caseId });
  const o = await medOk(staff, 'open', { caseId: c.caseId });
  return { k, reporter, respondent: `mp-res-${k}`, staff, token: o.joinToken as string, id: o.mediationId };
}

/** A joined mediation with a mediator (bound to an openid), a video session and a first draft. */
async function drafted() {
  const m = await invited();
  await medOk(m.respondent, 'join', { token: m.token, agree: true, name: '李四', phone: '13900000002' });
  const mediatorId = `mp-mediator-${m.k}`;
  const mediator = `mp-mediator-openid-${m.k}`;
  const added = await cloud.call<Result<unknown>>(
    'legal',
    { action: 'addMember', memberId: mediatorId, pool: 'hall', unitId: ORG.pingan, name: '王调解', openid: mediator },
    'admin-1'
  );
  expect(added).toMatchObject({ ok: true });
  await medOk(m.staff, 'assign', { mediationId: m.id, mediatorId });
  const at = new Date(Date.parse(await now()) + 2 * 86_400_000).toISOString();
  await medOk(mediator, 'schedule', { mediationId: m.id, at, place: 'video' });
  await medOk(mediator, 'draft', {
    mediationId: m.id,
    facts: '楼上漏水致楼下墙面受损',
    issues: '修缮费用',
    responsibilities: '李四承担主要责任',
    terms: [{ what: '李四赔偿修缮费2000元', who: '李四', by: at }]
  });
  return { ...m, mediator };
}

async function now(): Promise<string> {
  return ((await cloud.request('GET', '/__emulator/clock')).body as { now: string }).now;
}

/** Signs as a client would: the PNG uploaded to the signer's own folder, then mediation.sign. */
async function signAs(openid: string, mediationId: string, draftVersion = 1): Promise<Data> {
  const cloudPath = `uploads/${openid}/signatures/20261205/${mediationId}-v${draftVersion}.png`;
  const meta = await cloud.request('POST', '/admin', { action: 'storage.getUploadMetadata', path: cloudPath });
  const { url, fileId } = (meta.body as { data: { url: string; fileId: string } }).data;
  expect((await cloud.request('PUT', url.slice(cloud.url.length), strokePng())).status).toBe(200);
  return medOk(openid, 'sign', { mediationId, draftVersion, signature: fileId });
}

/** The native <input>/<textarea> with this class, typed into as a keyboard would. */
async function type(p: LoadedPage, selector: string, field: string, value: string): Promise<void> {
  const node = p.query(selector);
  if (!node) throw new Error(`no ${selector}. Text: ${p.text()}`);
  node.dispatchEvent('input', { detail: { value, cursor: value.length } });
  await p.waitFor(() => p.data[field] === value);
}

/** A stroke of a finger on the canvas: j-component's native touch events, down, along and up. */
function stroke(node: SimNode): void {
  const send = (node as unknown as { dispatchEvent(n: string, o?: object): void }).dispatchEvent.bind(node);
  send('touchstart', { touches: [{ x: 10, y: 10 }] });
  send('touchmove', { touches: [{ x: 60, y: 40 }] });
  // Lifted: without it j-component takes the next tap for the same gesture.
  send('touchend');
}

/** An instant as the pages print it: the Shanghai day. */
function shanghai(at: string | Date, withYear = true): string {
  const d = new Date(new Date(at).getTime() + 8 * 3600_000);
  const md = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return withYear ? `${d.getUTCFullYear()}年${md}` : md;
}

describe('join (被申请人)', () => {
  test('from the share link: sees the dispute, agrees with a name, lands on the mediation page', async () => {
    const m = await invited();
    signIn(cloud.url, m.respondent);
    page = await loadPage('packageMediation/join/index', { query: { token: m.token } });
    await page.waitForText('人民调解免费，遵循自愿原则');
    expect(page.text()).toContain('纠纷类型：');

    await page.tapText('同意调解');
    await page.waitForText('请填写您的姓名');
    expect(wxControl.cloudCalls.filter((c) => (c.data as { action: string }).action === 'join')).toHaveLength(0);

    await type(page, '.join__name', 'name', '李四');
    await type(page, '.join__phone', 'phone', '13900000002');
    await page.tapText('同意调解');
    await page.waitFor(() => wxControl.redirectTo.mock.calls.length > 0);
    expect(wxControl.redirectTo.mock.calls[0][0]).toMatchObject({
      url: `/packageMediation/mediation/index?mediationId=${m.id}`
    });
    expect(await medOk(m.respondent, 'get', { mediationId: m.id })).toMatchObject({
      stage: 'choosing',
      respondent: { name: '李四', phone: '13900000002' }
    });
  });

  test('from the QR (scene): declines with a reason, is told the other options; the mediation ends', async () => {
    const m = await invited();
    signIn(cloud.url, m.respondent);
    page = await loadPage('packageMediation/join/index', { query: { scene: encodeURIComponent(m.token) } });
    await page.waitForText('不同意调解');
    await type(page, '.join__name', 'name', '李四');
    await page.tapText('不同意调解');
    await page.waitForText('请说明不同意调解的原因');

    await type(page, '.join__reason', 'reason', '已在法院起诉');
    await page.tapText('不同意调解');
    await page.waitForText('您已拒绝调解。您还可以：');
    for (const option of ['申请劳动/商事仲裁', '申请行政机关处理', '向人民法院起诉'])
      expect(page.text()).toContain(option);
    // The form is gone: the token is spent.
    expect(page.findByText('同意调解')).toBeUndefined();
    expect(wxControl.redirectTo).not.toHaveBeenCalled();
    const ended = await medOk(m.staff, 'get', { mediationId: m.id });
    expect(ended).toMatchObject({ stage: 'ended' });
    expect(ended.endReason).toContain('已在法院起诉');
  });
});

describe('the mediation page', () => {
  test('while mediating: the stage, the mediator, the video session, the draft and who has signed; 手写签名 opens the pad', async () => {
    const m = await drafted();
    signIn(cloud.url, m.reporter);
    page = await loadPage('packageMediation/mediation/index', { query: { mediationId: m.id } });
    await page.waitForText('人民调解 · 调解中');
    for (const shown of [
      '被申请人：李四',
      '调解员：王调解',
      '调解安排：视频调解',
      '调解协议（第1稿）',
      '事实：楼上漏水致楼下墙面受损',
      '1. 李四赔偿修缮费2000元（李四）',
      '签名：申请人未签，被申请人未签，调解员未签'
    ])
      expect(page.text()).toContain(shown);
    expect(page.query('.mediation__due')).toBeUndefined();

    await page.tapText('手写签名');
    expect(wxControl.navigateTo.mock.calls[0][0]).toMatchObject({
      url: `/packageMediation/sign/index?mediationId=${m.id}&draftVersion=1`
    });
    // Back from the pad after signing elsewhere: the page shows the new signature.
    await signAs(m.reporter, m.id);
    (page.instance as unknown as { onShow(): void }).onShow();
    await page.waitForText('签名：申请人已签');
  });

  test('once all three signed: 协议已生效, the 30-day confirmation deadline, the agreement PDF and the joint application', async () => {
    const m = await drafted();
    await signAs(m.reporter, m.id);
    await signAs(m.respondent, m.id);
    const effective = await signAs(m.mediator, m.id);
    expect(effective.stage).toBe('effective');
    const due = effective.confirmationDueAt as string;
    // Art. 33: 30 days after the agreement took effect.
    expect(Date.parse(due) - Date.parse(effective.effectiveAt as string)).toBe(30 * 86_400_000);

    signIn(cloud.url, m.respondent);
    page = await loadPage('packageMediation/mediation/index', { query: { mediationId: m.id } });
    await page.waitForText('人民调解 · 协议已生效');
    expect(page.text()).toContain('签名：申请人已签，被申请人已签，调解员已签');
    expect(page.query('.mediation__due')?.dom?.textContent).toBe(`${shanghai(due)}前可共同申请司法确认`);
    expect(page.findByText('手写签名')).toBeUndefined();

    await page.tapText('查看调解协议书');
    await page.waitFor(() => wxControl.openDocument.mock.calls.length === 1);
    expect(wxControl.openDocument.mock.calls[0][0]).toMatchObject({ fileType: 'pdf' });
    const pdf = fs.readFileSync(String((wxControl.openDocument.mock.calls[0][0] as { filePath: string }).filePath));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    await page.tapText('生成司法确认申请书');
    await page.waitFor(() => wxControl.openDocument.mock.calls.length === 2);
    const application = fs.readFileSync(
      String((wxControl.openDocument.mock.calls[1][0] as { filePath: string }).filePath)
    );
    expect(application.subarray(0, 5).toString()).toBe('%PDF-');
    // Applied once: the button goes.
    await page.waitFor(() => page!.findByText('生成司法确认申请书') === undefined);
    expect((await medOk(m.reporter, 'get', { mediationId: m.id })).confirmation.appliedAt).not.toBeNull();
  });
});

describe('the signature page', () => {
  /** What the 2d context was asked to draw. */
  const drawn: string[] = [];
  const ctx = {
    lineWidth: 0,
    lineCap: '',
    strokeStyle: '',
    beginPath: () => drawn.push('beginPath'),
    moveTo: (x: number, y: number) => drawn.push(`moveTo ${x} ${y}`),
    lineTo: (x: number, y: number) => drawn.push(`lineTo ${x} ${y}`),
    stroke: () => drawn.push('stroke'),
    clearRect: () => drawn.push('clearRect')
  };
  const canvasNode = { width: 0, height: 0, getContext: (kind: string) => (kind === '2d' ? ctx : null) };
  const exported = path.join(tmp, 'signature.png');

  /** The pad: jsdom has no canvas, so the selector query hands over the recording node, 300 × 120. */
  async function openPad(mediationId: string): Promise<LoadedPage> {
    drawn.length = 0;
    const p = await loadPage('packageMediation/sign/index', { query: { mediationId, draftVersion: '1' } });
    const selectors: string[] = [];
    const instance = p.instance as unknown as { createSelectorQuery(): unknown; onReady(): void };
    instance.createSelectorQuery = () => {
      const q = {
        select: (s: string) => (selectors.push(s), q),
        fields: () => q,
        exec: (cb: (res: unknown[]) => void) =>
          void Promise.resolve().then(() => cb([{ node: canvasNode, width: 300, height: 120 }]))
      };
      return q;
    };
    instance.onReady();
    await p.waitFor(() => canvasNode.width === 300);
    expect(selectors).toEqual(['#pad']);
    // The canvas export (wx.canvasToTempFilePath): a real PNG file, as the phone writes one.
    fs.writeFileSync(exported, strokePng());
    wxApi.canvasToTempFilePath = jest.fn((o: { canvas: unknown; fileType: string; success(r: unknown): void }) => {
      expect(o).toMatchObject({ canvas: canvasNode, fileType: 'png' });
      setTimeout(() => o.success({ tempFilePath: exported }), 0);
    });
    return p;
  }

  test('draws, exports the canvas as a PNG, uploads it to the signer’s own folder and signs; then goes back', async () => {
    const m = await drafted();
    signIn(cloud.url, m.reporter);
    page = await openPad(m.id);

    await page.tapText('确认签名');
    await page.waitForText('请先在框内手写签名');
    expect(wxApi.canvasToTempFilePath).not.toHaveBeenCalled();

    const pad = page.query('#pad')!;
    stroke(pad);
    await page.waitFor(() => page!.data.drawn === true);
    expect(drawn).toContain('stroke');

    await page.tapText('重写');
    await page.waitFor(() => drawn.includes('clearRect'));
    expect(page.data.drawn).toBe(false);
    stroke(pad);
    await page.waitFor(() => page!.data.drawn === true);

    await page.tapText('确认签名');
    await page.waitFor(() => wxControl.navigateBack.mock.calls.length === 1);
    expect(page.text()).not.toContain('失败');
    const signed = await medOk(m.reporter, 'get', { mediationId: m.id });
    expect(signed.signed).toEqual({ applicant: true });
    // The stored signature is the exported PNG, under the signer's own uploads/ folder.
    const record = (await rawFind<{ draft: unknown; signatures: Record<string, { fileId: string } | string> }>(
      cloud,
      'mediations',
      { _id: m.id }
    ))![0];
    expect(JSON.stringify(record.signatures)).toContain(`/uploads/${m.reporter}/signatures/`);
  });

  test('a refused signature (a stale draft version) is shown, and the page stays', async () => {
    const m = await drafted();
    signIn(cloud.url, m.respondent);
    page = await openPad(m.id);
    // The mediator edits the draft while the party is on the pad: version 1 is void.
    await medOk(m.mediator, 'draft', {
      mediationId: m.id,
      facts: '楼上漏水致楼下墙面、吊顶受损',
      issues: '修缮费用',
      responsibilities: '李四承担主要责任',
      terms: [{ what: '李四赔偿修缮费2500元', who: '李四', by: new Date(Date.parse(await now()) + 86_400_000) }]
    });
    stroke(page.query('#pad')!);
    await page.waitFor(() => page!.data.drawn === true);
    await page.tapText('确认签名');
    await page.waitForText('该协议稿已修改，原签名作废，请查看最新协议后重新签名');
    expect(wxControl.navigateBack).not.toHaveBeenCalled();
    expect((await medOk(m.respondent, 'get', { mediationId: m.id })).signed).toEqual({});
  });
});

describe('the legal page', () => {
  test('shows the community’s adviser and next visiting day, takes a question and a legal-aid application', async () => {
    const staff = staffOf(ORG.pingan);
    const set = await cloud.call<Result<unknown>>(
      'legal',
      { action: 'setAdviser', communityId: ORG.pingan, name: '赵律师', weekdays: [2, 4] },
      staff
    );
    expect(set).toMatchObject({ ok: true });
    const resident = `mp-legal-${process.pid}-${++serial}`;
    signIn(cloud.url, resident);
    // The community picker starts at the last community used.
    wxControl.storage.set(LAST_COMMUNITY_STORAGE_KEY, ORG.pingan);
    page = await loadPage('packageMediation/legal/index');
    await page.waitForText('法律顾问：赵律师（周二、周四驻点）');
    const visit = nextVisit([2, 4], new Date(await now()))!;
    expect(page.text()).toContain(`下次驻点：${shanghai(visit, false)}`);

    const question = '邻居占用公共楼道堆放杂物，我可以起诉吗？';
    await type(page, '.legal__question', 'question', question);
    await page.tapText('提交咨询');
    await page.waitForText('已提交，法律顾问将在3日内答复');
    const mine = await cloud.call<Result<{ items: Array<{ text: string; state: string }> }>>(
      'legal',
      { action: 'questions' },
      resident
    );
    expect(mine).toMatchObject({ ok: true, data: { items: [{ text: question, state: 'waiting' }] } });

    await type(page, '.legal__aid-name', 'aidName', '张三');
    await type(page, '.legal__aid-phone', 'aidPhone', '13800000003');
    page.query('.legal__matter')!.dispatchEvent('change', { detail: { value: '1' } });
    page.query('.legal__hardship')!.dispatchEvent('change', { detail: { value: true } });
    await page.waitForText('援助事项：工伤赔偿');
    await type(page, '.legal__aid-summary', 'aidSummary', '在工地受伤，老板不承认劳动关系');
    await page.tapText('提交申请');
    await page.waitForText('已提交至区法律援助中心，审查结果将通知您');
    const aid = await rawFind<Record<string, unknown>>(cloud, 'legalAid', { applicantId: resident });
    expect(aid).toEqual([
      expect.objectContaining({
        name: '张三',
        phone: '13800000003',
        matter: 'injury',
        hardship: true,
        unitId: 'dept-justice',
        status: 'submitted'
      })
    ]);
    expect(page.query('.error')).toBeUndefined();
  });
});
