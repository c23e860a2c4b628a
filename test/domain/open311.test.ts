// Open311 mapping, dates and XML; partner keys, scope and backoff; channels and the follow-up call.
import { openCase, type CaseRecord } from '../../domain/case';
import { channelOf, ratesByCall } from '../../domain/channel';
import { listDuties } from '../../domain/duties';
import {
  dateWindow,
  formatDate,
  inDistrict,
  maskPhones,
  open311Status,
  parseDate,
  toServiceRequest,
  toXml
} from '../../domain/open311';
import { communityInKeyScope, nextAttemptAt, parseKey, webhookUrlOk } from '../../domain/partners';
import { ctx, DISTRICT, PINGAN, routingRules, sh, units, XINSHANCUN } from './fixtures';

describe('Open311 dates', () => {
  test('W3C datetimes need a zone; a date alone is midnight in Beijing; impossible dates are refused', () => {
    expect(parseDate('2026-03-09T10:00:00+08:00')?.toISOString()).toBe('2026-03-09T02:00:00.000Z');
    expect(parseDate('2026-03-09T02:00:00Z')?.toISOString()).toBe('2026-03-09T02:00:00.000Z');
    expect(parseDate('2026-03-09')?.toISOString()).toBe('2026-03-08T16:00:00.000Z');
    for (const bad of ['2026-03-09T10:00:00', '2026-02-30', '2026-13-01', 'yesterday', '2026-3-9', ''])
      expect(parseDate(bad)).toBeNull();
  });

  test('the window: 90 days by default and at most; start after end refused', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const w = dateWindow(undefined, undefined, now);
    expect('from' in w && (w.to.getTime() - w.from.getTime()) / 86_400_000).toBe(90);
    expect(dateWindow('2026-01-01', '2026-06-01', now)).toMatchObject({ status: 400, description: /90 days/ });
    expect(dateWindow('2026-05-02', '2026-05-01', now)).toMatchObject({ status: 400, description: /after/ });
    expect(dateWindow('nope', undefined, now)).toMatchObject({ status: 400, description: /start_date/ });
  });

  test('datetimes leave in Beijing time with the offset', () => {
    expect(formatDate(new Date('2026-03-09T02:00:00Z'))).toBe('2026-03-09T10:00:00+08:00');
    expect(formatDate(null)).toBeNull();
  });
});

describe('mapping a case', () => {
  const base = {
    _id: 'c1',
    code: 'DDK-20260309-0001',
    status: 'accepted' as const,
    category: 'pollution',
    categoryName: '环境污染纠纷',
    description: '工地夜间施工，电话 138-1234-5678 或 023-68812345',
    unitId: PINGAN,
    createdAt: sh('2026-03-09 10:00'),
    updatedAt: sh('2026-03-09 11:00'),
    resolveDueAt: sh('2026-03-16 23:59'),
    location: { latitude: 29.484211, longitude: 106.482611, address: '平安社区3栋' },
    timeline: [
      { at: sh('2026-03-09 10:00'), action: 'submit', unitId: PINGAN, text: '群众吹哨' },
      { at: sh('2026-03-09 11:00'), action: 'accept', unitId: PINGAN, text: '已受理，电话13812345678联系' }
    ]
  };
  const name = (id: string) => (id === PINGAN ? '平安社区' : id);

  test('statuses map to open/closed', () => {
    expect(['submitted', 'accepted', 'resolved', 'closed', 'rejected'].map((s) => open311Status(s as never))).toEqual([
      'open',
      'open',
      'closed',
      'closed',
      'closed'
    ]);
  });

  test('a key sees the description with phones masked and the replies as notes; anonymous callers less', () => {
    const full = toServiceRequest(base, name, true);
    expect(full).toMatchObject({
      service_request_id: 'DDK-20260309-0001',
      status: 'open',
      agency_responsible: '平安社区',
      expected_datetime: '2026-03-16T23:59:00+08:00',
      lat: 29.484211,
      address: '平安社区3栋'
    });
    expect(full.description).not.toMatch(/1381234|68812345/);
    expect(full.notes).toEqual([
      { datetime: '2026-03-09T11:00:00+08:00', agency: '平安社区', description: '已受理，电话1**********联系' }
    ]);
    expect(full.status_notes).toBe('办理中：已受理，电话1**********联系');
    const anon = toServiceRequest(base, name, false);
    expect(anon).toMatchObject({ description: null, address: null, lat: 29.484, long: 106.483, notes: [] });
  });

  test('phones in free text are masked whatever their separators', () => {
    expect(maskPhones('a 13812345678 b +86 138 1234 5678 c 023-68812345 d 12345')).toBe(
      'a 1********** b 1********** c 0********** d 12345'
    );
  });

  test('XML: lists by the spec’s item names, text escaped, empty fields self-closed', () => {
    expect(toXml('service_requests', [{ a: 'x<y & "z"', b: null, notes: [{ c: 1 }] }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests><request><a>x&lt;y &amp; &quot;z&quot;</a><b/><notes><note><c>1</c></note></notes></request></service_requests>'
    );
    expect(toXml('errors', [{ code: 404, description: 'no' }])).toContain('<errors><error><code>404</code>');
  });

  test('the district’s box', () => {
    expect(inDistrict(29.4842, 106.4826)).toBe(true);
    expect(inDistrict(39.9, 116.4)).toBe(false);
  });
});

describe('partner keys', () => {
  test('keys parse only in their own shape', () => {
    expect(parseKey(`pk_0123456789abcdef.${'a'.repeat(32)}`)).toEqual({
      keyId: 'pk_0123456789abcdef',
      secret: 'a'.repeat(32)
    });
    for (const bad of [
      'pk_0123.abc',
      'letmein',
      `pk_0123456789abcdef.${'a'.repeat(31)}`,
      `pk_0123456789ABCDEF.${'a'.repeat(32)}`
    ])
      expect(parseKey(bad)).toBeNull();
  });

  test('a key files only in its unit: a town its communities, the district all', () => {
    expect(communityInKeyScope(PINGAN, XINSHANCUN, units)).toBe(true);
    expect(communityInKeyScope(PINGAN, DISTRICT, units)).toBe(true);
    expect(communityInKeyScope('500104101001', XINSHANCUN, units)).toBe(false);
  });

  test('backoff doubles up to two hours and stops after a day', () => {
    const created = new Date('2026-03-09T00:00:00Z');
    const wait = (attempts: number, at: Date) => (nextAttemptAt(created, attempts, at)?.getTime() ?? 0) - at.getTime();
    expect([1, 2, 3, 4].map((n) => wait(n, created) / 60_000)).toEqual([1, 2, 4, 8]);
    expect(wait(20, created)).toBe(2 * 3600_000);
    expect(nextAttemptAt(created, 20, new Date(created.getTime() + 23 * 3600_000))).toBeNull();
  });

  test('webhook URLs: https, or http to this machine; no credentials', () => {
    expect(webhookUrlOk('https://partner.example/hook?x=1')).toBe(true);
    expect(webhookUrlOk('http://127.0.0.1:9000/hook')).toBe(true);
    for (const bad of ['http://partner.example/hook', 'https://user:pw@partner.example/', 'ftp://x', 'https://'])
      expect(webhookUrlOk(bad)).toBe(false);
  });
});

describe('channels', () => {
  function resolvedCase(channel?: 'hotline'): CaseRecord {
    const o = openCase(
      { category: 'neighbor', communityId: PINGAN, reporterId: 'u1', at: sh('2026-03-09 10:00'), channel },
      routingRules,
      ctx
    );
    if (!o.ok) throw new Error(o.code);
    return {
      ...o.record,
      status: 'resolved',
      acceptedAt: sh('2026-03-09 11:00'),
      firstReplyAt: sh('2026-03-09 11:00'),
      resolvedAt: sh('2026-03-10 10:00')
    };
  }

  test('a case without a channel came from the mini-program', () => {
    expect(channelOf({})).toBe('miniprogram');
    expect(ratesByCall({})).toBe(false);
    expect(resolvedCase().channel).toBe('miniprogram');
  });

  test('a registered case owes a follow-up call right after resolution, not the resident’s rating', () => {
    const kinds = (c: CaseRecord) => listDuties(c, sh('2026-03-10 12:00')).map((d) => [d.kind, d.owner]);
    expect(kinds(resolvedCase('hotline'))).toEqual([
      ['firstResponse', 'unit'],
      ['acceptReply', 'unit'],
      ['resolveReply', 'unit'],
      ['followUp', 'unit']
    ]);
    expect(kinds(resolvedCase()).map(([k]) => k)).toEqual(['firstResponse', 'acceptReply', 'resolveReply', 'rate']);
  });
});
