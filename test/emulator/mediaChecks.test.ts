import fs from 'node:fs';
import path from 'node:path';
// jest's own expect: its asymmetric matchers are typed (the global ones return `any`).
import { expect } from '@jest/globals';
import { MediaChecks, messagePushReceivers } from '../../emulator/mediaChecks';
import type { FunctionInfo, InvokeResult } from '../../emulator/runtime/functions';
import { startLocalCloud, tempDir, type TestCloud } from '../support/localcloud';
import { buildFixtureFunctions } from '../support/fixtures';

type Check = { ok: boolean; traceId?: string; errCode?: number };
type Delivered = { ok: true; source: string | null; openid: string | null; event: Record<string, unknown> };

describe('MediaChecks (in-process)', () => {
  const ok = (result: unknown): InvokeResult => ({ ok: true, result, record: {} as InvokeResult['record'] });

  test('the verdict is queued, never delivered inside the call; flush waits for it', async () => {
    const deliver = jest.fn((_name: string, event: Record<string, unknown>) =>
      Promise.resolve(ok({ got: event.trace_id }))
    );
    const checks = new MediaChecks({
      now: () => Date.UTC(2026, 0, 5),
      appid: 'wxapp',
      riskyNames: () => ['risky'],
      receiver: 'inbox',
      deliver
    });
    const a = checks.request({ mediaUrl: 'http://h/cases/RISKY-1.jpg', mediaType: 2, scene: 1, openid: 'resident-1' });
    const b = checks.request({ mediaUrl: 'http://h/cases/ok.jpg', mediaType: 2, scene: 1, openid: 'resident-1' });
    expect(deliver).not.toHaveBeenCalled();
    expect([a.state, a.verdict, b.verdict]).toEqual(['queued', 'risky', 'pass']);
    const delivered = await checks.flush();
    expect(delivered.map((r) => [r.traceId, r.state, r.outcome])).toEqual([
      [a.traceId, 'delivered', { got: a.traceId }],
      [b.traceId, 'delivered', { got: b.traceId }]
    ]);
    expect(deliver).toHaveBeenCalledTimes(2);
    expect(deliver.mock.calls[0][1]).toMatchObject({
      CreateTime: Date.UTC(2026, 0, 5) / 1000,
      ToUserName: 'gh_wxapp',
      appid: 'wxapp'
    });
    expect(await checks.flush()).toEqual([]);
  });

  test('a receiver that fails is recorded as failed, and the queue goes on', async () => {
    let n = 0;
    const deliver = (): Promise<InvokeResult> =>
      n++ === 0 ? Promise.reject(new Error('boom')) : Promise.resolve(ok(null));
    const checks = new MediaChecks({ now: () => 0, appid: 'wx', riskyNames: () => [], receiver: 'inbox', deliver });
    checks.request({ mediaUrl: 'http://h/1.jpg', mediaType: 2, scene: 1, openid: 'o' });
    checks.request({ mediaUrl: 'http://h/2.jpg', mediaType: 2, scene: 1, openid: 'o' });
    expect((await checks.flush()).map((r) => r.state)).toEqual(['failed', 'delivered']);
  });

  test('exactly one function may claim an event', () => {
    const fn = (name: string, messagePush?: unknown): FunctionInfo => ({
      name,
      dir: '',
      bundle: '',
      config: { messagePush } as FunctionInfo['config']
    });
    expect(messagePushReceivers([fn('a'), fn('b', ['wxa_media_check'])]).get('wxa_media_check')).toBe('b');
    expect(() => messagePushReceivers([fn('a', ['wxa_media_check']), fn('b', ['wxa_media_check'])])).toThrow(
      /claimed by both a and b/
    );
    expect(() => messagePushReceivers([fn('a', 'wxa_media_check')])).toThrow(/list of event names/);
  });
});

describe('security.mediaCheckAsync through the SDK', () => {
  let cloud: TestCloud;
  let functionsDir: string;

  beforeAll(async () => {
    functionsDir = await buildFixtureFunctions();
    cloud = await startLocalCloud({ seed: false, env: { LOCALCLOUD_FUNCTIONS_DIR: functionsDir } });
  });

  afterAll(() => cloud?.stop());

  const check = (mediaUrl: unknown, extra: Record<string, unknown> = {}): Promise<Check> =>
    cloud.call<Check>('probe', { action: 'mediaCheck', mediaUrl, ...extra }, 'resident-1');

  test('answers a trace_id at once; the verdict reaches the declared receiver as WeChat pushes it', async () => {
    const risky = await check('http://127.0.0.1:1/__storage/files/cases/2026-01-05/risky-photo.jpg?t=1&sign=x');
    const plain = await check('https://example.com/cases/kitchen.png', { openid: 'resident-2', scene: 2 });
    expect(risky).toEqual({ ok: true, traceId: expect.stringMatching(/^[0-9a-f-]{20,}$/), errCode: 0 });
    const delivered = await cloud.flushMediaChecks();
    const byTrace = new Map(delivered.map((r) => [r.traceId, r]));
    const r = byTrace.get(risky.traceId!)!;
    expect(r).toMatchObject({
      verdict: 'risky',
      receiver: 'mediainbox',
      state: 'delivered',
      openid: 'resident-1',
      mediaType: 2,
      scene: 1
    });
    const got = r.outcome as Delivered;
    // A message push: no OPENID, SOURCE wx_msg (no gateway caller can claim it).
    expect(got).toMatchObject({ ok: true, source: 'wx_msg', openid: null });
    expect(got.event).toEqual({
      ToUserName: 'gh_wxlocalcloud',
      FromUserName: 'resident-1',
      CreateTime: expect.any(Number),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: 'wxlocalcloud',
      trace_id: risky.traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest: 'risky', label: 20002, prob: 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: 'risky', label: 20002 }
    });
    expect((byTrace.get(plain.traceId!)!.outcome as Delivered).event).toMatchObject({
      FromUserName: 'resident-2',
      result: { suggest: 'pass', label: 100 }
    });
    // Everything is listed, with its verdict.
    const all = await cloud.mediaChecks();
    expect(all.filter((x) => [risky.traceId, plain.traceId].includes(x.traceId)).map((x) => x.verdict)).toEqual([
      'risky',
      'pass'
    ]);
  });

  test('a listed word anywhere in the file name, in any case and percent-encoded, is risky', async () => {
    const traces = [
      await check(`http://h/a/${encodeURIComponent('现场违规照片')}.jpg`),
      await check('http://h/a/IMG_RISKY.JPG'),
      await check('http://h/risky/plain.jpg')
    ];
    await cloud.flushMediaChecks();
    const all = await cloud.mediaChecks();
    expect(traces.map((t) => all.find((x) => x.traceId === t.traceId)!.verdict)).toEqual(['risky', 'risky', 'pass']);
  });

  test.each([
    ['a cloud:// id', { mediaUrl: 'cloud://env.bucket/a.jpg' }, 47001],
    ['no URL', { mediaUrl: 'not a url' }, 47001],
    ['a missing URL', { mediaUrl: undefined }, 47001],
    ['media_type 3', { mediaType: 3 }, 47001],
    ['version 1', { version: 1 }, 47001],
    ['scene 5', { scene: 5 }, 47001],
    ['scene 0', { scene: 0 }, 47001],
    ['no openid', { openid: '' }, 40003]
  ])('refuses %s with errcode, and records nothing', async (_, fields, errCode) => {
    const before = (await cloud.mediaChecks()).length;
    expect(await check('http://h/a.jpg', fields)).toEqual({ ok: false, errCode });
    expect((await cloud.mediaChecks()).length).toBe(before);
  });

  test('without a receiver verdicts are kept and not delivered; LOCALCLOUD_RISKY_MEDIA names the list', async () => {
    const dir = tempDir('localcloud-noreceiver-');
    fs.cpSync(path.join(functionsDir, 'probe'), path.join(dir, 'probe'), { recursive: true });
    const words = path.join(tempDir(), 'media.txt');
    fs.writeFileSync(words, '# 测试\ncustombad\n');
    const other = await startLocalCloud({ seed: false, riskyMediaFile: words, env: { LOCALCLOUD_FUNCTIONS_DIR: dir } });
    try {
      const a = await other.call<Check>('probe', { action: 'mediaCheck', mediaUrl: 'http://h/custombad.jpg' });
      const b = await other.call<Check>('probe', { action: 'mediaCheck', mediaUrl: 'http://h/risky.jpg' });
      expect(await other.flushMediaChecks()).toEqual([]);
      const all = await other.mediaChecks();
      expect(all.map((x) => [x.traceId, x.verdict, x.receiver, x.state])).toEqual([
        [a.traceId, 'risky', null, 'undeliverable'],
        [b.traceId, 'pass', null, 'undeliverable']
      ]);
    } finally {
      await other.stop();
    }
  });

  test('two functions claiming the event stop the local cloud at start', async () => {
    const dir = tempDir('localcloud-twoclaims-');
    for (const name of ['one', 'two']) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'config.json'), JSON.stringify({ messagePush: ['wxa_media_check'] }));
    }
    await expect(startLocalCloud({ seed: false, env: { LOCALCLOUD_FUNCTIONS_DIR: dir } })).rejects.toThrow(
      /claimed by both one and two/
    );
  });
});
