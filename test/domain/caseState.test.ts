import { openCase, type Actor, type CaseRecord } from '../../domain/case';
import { canTransition, decide, TRANSITIONS, type CaseAction, type Decision } from '../../domain/caseState';
import { CASE_ACTIONS, CASE_STATUSES, type CaseActionType, type CaseStatus } from '../../domain/enums';
import { ctx, DISTRICT, eod, GANGHUA, PINGAN, routingRules, sh, XINSHANCUN, YUEJINCUN, YUEXIN } from './fixtures';

const REPORTER = 'openid-resident-1';
const resident: Actor = { kind: 'resident', openid: REPORTER };
const staffOf = (unitId: string): Actor => ({ kind: 'staff', staffId: `staff-${unitId}`, unitId });

function newCase(at = sh('2026-03-09 10:00'), category = 'neighbor', communityId = PINGAN): CaseRecord {
  const o = openCase({ category, categoryName: '邻里纠纷', communityId, reporterId: REPORTER, at }, routingRules, ctx);
  if (!o.ok) throw new Error(o.code);
  return o.record;
}

/** A case of PINGAN in the given status, with timestamps that fit it. */
function caseIn(status: CaseStatus): CaseRecord {
  const c = newCase();
  const accepted = { acceptedAt: sh('2026-03-09 11:00'), firstReplyAt: sh('2026-03-09 11:00') };
  const resolved = { ...accepted, resolvedAt: sh('2026-03-10 10:00') };
  switch (status) {
    case 'submitted':
      return c;
    case 'accepted':
      return { ...c, ...accepted, status };
    case 'resolved':
      return { ...c, ...resolved, status };
    case 'closed':
      return {
        ...c,
        ...resolved,
        status,
        rating: 'satisfied',
        ratedAt: sh('2026-03-11 10:00'),
        ratedBy: 'resident',
        closedAt: sh('2026-03-11 10:00')
      };
    case 'rejected':
      return { ...c, status, firstReplyAt: sh('2026-03-09 11:00'), closedAt: sh('2026-03-09 11:00') };
  }
}

const VALID: Record<CaseActionType, CaseAction> = {
  accept: { type: 'accept' },
  reply: { type: 'reply', text: '已收到，正在核实' },
  transfer: { type: 'transfer', toUnitId: GANGHUA, reason: '事发地属钢花社区' },
  escalate: { type: 'escalate', reason: '涉及多方，需街道协调' },
  resolve: { type: 'resolve', summary: '双方达成调解协议' },
  reject: { type: 'reject', reason: '不属于矛盾纠纷' },
  rate: { type: 'rate', satisfaction: 'satisfied' },
  followUp: { type: 'followUp', satisfaction: 'basic', note: '电话回访，群众表示基本满意' }
};

const actorFor = (action: CaseActionType): Actor => (action === 'rate' ? resident : staffOf(PINGAN));
const LATE = sh('2026-03-30 10:00'); // past the 7-day rating window of caseIn('resolved')

function ok(d: Decision) {
  if (!d.ok) throw new Error(`refused: ${d.code} ${d.detail ?? ''}`);
  return d;
}
const apply = (c: CaseRecord, d: Decision): CaseRecord => ({ ...c, ...ok(d).patch });

// Expected outcome of every (status, action) pair: the next status, or the refusal code.
const EXPECTED: Record<CaseStatus, Record<CaseActionType, string>> = {
  submitted: {
    accept: '→accepted',
    reply: '→submitted',
    transfer: '→submitted',
    escalate: '→submitted',
    resolve: 'CASE_NOT_ACCEPTED',
    reject: '→rejected',
    rate: 'CASE_NOT_RESOLVED',
    followUp: 'CASE_NOT_RESOLVED'
  },
  accepted: {
    accept: 'CASE_NOT_ACCEPTABLE',
    reply: '→accepted',
    transfer: '→submitted',
    escalate: '→submitted',
    resolve: '→resolved',
    reject: 'ILLEGAL_TRANSITION',
    rate: 'CASE_NOT_RESOLVED',
    followUp: 'CASE_NOT_RESOLVED'
  },
  resolved: {
    accept: 'CASE_NOT_ACCEPTABLE',
    reply: '→resolved',
    transfer: 'ILLEGAL_TRANSITION',
    escalate: 'ILLEGAL_TRANSITION',
    resolve: 'ILLEGAL_TRANSITION',
    reject: 'ILLEGAL_TRANSITION',
    rate: '→closed',
    followUp: '→closed'
  },
  closed: {
    accept: 'CASE_NOT_ACCEPTABLE',
    reply: 'CASE_CLOSED',
    transfer: 'CASE_CLOSED',
    escalate: 'CASE_CLOSED',
    resolve: 'CASE_CLOSED',
    reject: 'CASE_CLOSED',
    rate: 'ALREADY_RATED',
    followUp: 'CASE_CLOSED'
  },
  rejected: {
    accept: 'CASE_NOT_ACCEPTABLE',
    reply: 'ILLEGAL_TRANSITION',
    transfer: 'ILLEGAL_TRANSITION',
    escalate: 'ILLEGAL_TRANSITION',
    resolve: 'ILLEGAL_TRANSITION',
    reject: 'ILLEGAL_TRANSITION',
    rate: 'ILLEGAL_TRANSITION',
    followUp: 'ILLEGAL_TRANSITION'
  }
};

describe('every (status, action) pair', () => {
  const pairs = CASE_STATUSES.flatMap((s) => CASE_ACTIONS.map((a) => [s, a, EXPECTED[s][a]] as const));
  it('covers 5 statuses × 8 actions', () => expect(pairs).toHaveLength(40));

  it.each(pairs)('%s + %s → %s', (status, action, expected) => {
    const c = caseIn(status);
    const d = decide(c, VALID[action], actorFor(action), LATE, ctx);
    if (expected.startsWith('→')) {
      const next = apply(c, d);
      expect(next.status).toBe(expected.slice(1));
      expect(next.version).toBe(c.version + 1);
      expect(ok(d).timeline).toMatchObject({ at: LATE, action, status: next.status, unitId: next.unitId });
      expect(canTransition(status, action)).toBe(true);
    } else {
      expect(d).toEqual({ ok: false, code: expected, detail: `${status} → ${action}` });
      expect(canTransition(status, action)).toBe(false);
      expect(TRANSITIONS[status][action]).toBe(expected);
    }
  });
});

describe('happy path', () => {
  it('files, accepts, replies, resolves and closes on a satisfied rating', () => {
    let c = newCase(sh('2026-09-29 15:00'));
    expect(c).toMatchObject({ status: 'submitted', unitId: PINGAN, level: 'community', round: 1, version: 1 });
    expect(c.firstResponseDueAt).toEqual(eod('2026-09-30'));

    const accept = decide(
      c,
      { type: 'accept', message: '请于明日到社区和议厅' },
      staffOf(PINGAN),
      sh('2026-09-30 10:00'),
      ctx
    );
    expect(ok(accept).timeline.text).toBe('平安社区和议厅已受理您的诉求：请于明日到社区和议厅');
    expect(ok(accept).notify).toEqual([{ to: 'reporter', event: 'accepted' }]);
    c = apply(c, accept);
    expect(c.acceptedAt).toEqual(sh('2026-09-30 10:00'));
    expect(c.firstReplyAt).toEqual(sh('2026-09-30 10:00'));
    expect(c.resolveDueAt).toEqual(eod('2026-10-13')); // 5 working days from acceptance, across National Day

    const reply = decide(c, { type: 'reply', text: '  已约双方面谈 ' }, staffOf(PINGAN), sh('2026-10-08 09:00'), ctx);
    expect(ok(reply).timeline.text).toBe('平安社区和议厅回复：已约双方面谈');
    c = apply(c, reply);
    expect(c.firstReplyAt).toEqual(sh('2026-09-30 10:00')); // first reply is kept
    expect(c.lastReplyAt).toEqual(sh('2026-10-08 09:00'));

    const resolve = decide(
      c,
      { type: 'resolve', summary: '双方签订调解协议' },
      staffOf(PINGAN),
      sh('2026-10-09 16:00'),
      ctx
    );
    expect(ok(resolve).timeline.text).toBe('平安社区和议厅已办结：双方签订调解协议');
    expect(ok(resolve).notify).toEqual([{ to: 'reporter', event: 'resolved' }]);
    c = apply(c, resolve);

    const rate = decide(
      c,
      { type: 'rate', satisfaction: 'satisfied', comment: '很及时' },
      resident,
      sh('2026-10-10 08:00'),
      ctx
    );
    expect(ok(rate).timeline.text).toBe('群众评价：满意（很及时），结案');
    c = apply(c, rate);
    expect(c).toMatchObject({ status: 'closed', rating: 'satisfied', ratedBy: 'resident', version: 5 });
    expect(c.closedAt).toEqual(sh('2026-10-10 08:00'));
  });

  it('does not mutate the case it decides on', () => {
    const c = Object.freeze(caseIn('resolved'));
    expect(() => decide(c, VALID.rate, resident, LATE, ctx)).not.toThrow();
    expect(c.status).toBe('resolved');
  });
});

describe('unsatisfied ratings: 重办, then escalation for supervision, then final closing', () => {
  const resolveAndRate = (c: CaseRecord, unitId: string, at: Date): CaseRecord => {
    let x = c;
    if (x.status === 'submitted') x = apply(x, decide(x, { type: 'accept' }, staffOf(unitId), at, ctx));
    x = apply(x, decide(x, { type: 'resolve', summary: '已处理' }, staffOf(unitId), at, ctx));
    return apply(
      x,
      decide(x, { type: 'rate', satisfaction: 'unsatisfied' }, resident, new Date(at.getTime() + 3600000), ctx)
    );
  };

  it('climbs community → town → district and closes after the second district failure', () => {
    let c = newCase();
    c = resolveAndRate(c, PINGAN, sh('2026-03-10 10:00'));
    expect(c).toMatchObject({
      status: 'accepted',
      unitId: PINGAN,
      round: 2,
      unsatisfiedAtUnit: 1,
      resolvedAt: null,
      rating: null
    });
    expect(c.resolveDueAt).toEqual(eod('2026-03-17')); // fresh 5 working days from 03-10

    const second = decide(
      { ...c, ...ok(decide(c, VALID.resolve, staffOf(PINGAN), sh('2026-03-11 10:00'), ctx)).patch },
      { type: 'rate', satisfaction: 'unsatisfied', comment: '问题没解决' },
      resident,
      sh('2026-03-11 12:00'),
      ctx
    );
    expect(ok(second).timeline.text).toBe('群众评价：不满意（问题没解决），提级由新山村街道调解室督办（第3轮）');
    expect(ok(second).notify).toEqual([
      { to: 'unit', unitId: XINSHANCUN, event: 'assigned' },
      { to: 'reporter', event: 'escalated' }
    ]);

    c = resolveAndRate(c, PINGAN, sh('2026-03-11 10:00'));
    expect(c).toMatchObject({
      status: 'submitted',
      unitId: XINSHANCUN,
      level: 'town',
      round: 3,
      unsatisfiedAtUnit: 0,
      supervised: true,
      acceptedAt: null
    });
    expect(c.resolveDueAt).toEqual(eod('2026-03-25')); // town: 10 working days

    c = resolveAndRate(c, XINSHANCUN, sh('2026-03-12 10:00'));
    expect(c).toMatchObject({ status: 'accepted', unitId: XINSHANCUN, round: 4, unsatisfiedAtUnit: 1 });
    c = resolveAndRate(c, XINSHANCUN, sh('2026-03-13 10:00'));
    expect(c).toMatchObject({ status: 'submitted', unitId: DISTRICT, level: 'district', round: 5 });
    expect(c.scopeIds).toEqual([DISTRICT]); // the queues of the units it left no longer list it
    c = resolveAndRate(c, DISTRICT, sh('2026-03-16 10:00'));
    expect(c).toMatchObject({ status: 'accepted', unitId: DISTRICT, round: 6 });

    c = apply(c, decide(c, VALID.resolve, staffOf(DISTRICT), sh('2026-03-17 10:00'), ctx));
    const final = decide(c, { type: 'rate', satisfaction: 'unsatisfied' }, resident, sh('2026-03-17 12:00'), ctx);
    expect(ok(final).timeline.text).toMatch(/^群众评价：不满意。本案已经区级重新办理，现予结案/);
    c = apply(c, final);
    expect(c).toMatchObject({ status: 'closed', rating: 'unsatisfied', round: 6 });
  });

  it('treats an unsatisfied visit result like an unsatisfied rating', () => {
    const d = decide(
      caseIn('resolved'),
      { type: 'followUp', satisfaction: 'unsatisfied', note: '群众电话中表示不满意' },
      staffOf(PINGAN),
      LATE,
      ctx
    );
    expect(ok(d).patch).toMatchObject({ status: 'accepted', round: 2, unsatisfiedAtUnit: 1 });
    expect(ok(d).timeline.text).toBe(
      '平安社区和议厅回访：群众电话中表示不满意（回访结果：不满意），由平安社区和议厅重新办理（第2轮）'
    );
  });
});

describe('follow-up visits (回访)', () => {
  const c = caseIn('resolved'); // resolved 2026-03-10 10:00

  it('waits for the 7-day rating window', () => {
    expect(decide(c, VALID.followUp, staffOf(PINGAN), sh('2026-03-17 09:59'), ctx)).toEqual({
      ok: false,
      code: 'FOLLOW_UP_TOO_EARLY'
    });
    const d = decide(c, VALID.followUp, staffOf(PINGAN), sh('2026-03-17 10:00'), ctx);
    expect(ok(d).patch).toMatchObject({ status: 'closed', rating: 'basic', ratedBy: 'followUp' });
    expect(ok(d).timeline.text).toBe('平安社区和议厅回访：电话回访，群众表示基本满意（回访结果：基本满意），结案');
  });

  it('lets the resident still rate after the window', () => {
    expect(apply(c, decide(c, VALID.rate, resident, LATE, ctx)).status).toBe('closed');
  });

  it('needs a note and a valid result', () => {
    expect(decide(c, { type: 'followUp', satisfaction: 'basic', note: ' ' }, staffOf(PINGAN), LATE, ctx)).toEqual({
      ok: false,
      code: 'FIELD_REQUIRED',
      detail: 'note'
    });
    expect(decide(c, { type: 'rate', satisfaction: 'great' } as unknown as CaseAction, resident, LATE, ctx)).toEqual({
      ok: false,
      code: 'FIELD_INVALID',
      detail: 'satisfaction'
    });
  });
});

describe('who may act', () => {
  const c = caseIn('submitted');
  it.each([
    ['a resident accepting', { type: 'accept' }, resident, 'NOT_STAFF'],
    ['another community accepting', { type: 'accept' }, staffOf(GANGHUA), 'OUT_OF_SCOPE'],
    ['the town accepting its community’s case', { type: 'accept' }, staffOf(XINSHANCUN), 'OUT_OF_SCOPE'],
    ['another town replying', VALID.reply, staffOf(YUEJINCUN), 'OUT_OF_SCOPE'],
    ['staff rating', VALID.rate, staffOf(PINGAN), 'NOT_REPORTER'],
    ['a department accepting', { type: 'accept' }, staffOf('dept-justice'), 'OUT_OF_SCOPE']
  ] as const)('refuses %s', (_name, action, actor, code) => {
    expect(decide(c, action as CaseAction, actor, LATE, ctx)).toMatchObject({ ok: false, code });
  });

  it('refuses another resident’s rating', () => {
    expect(decide(caseIn('resolved'), VALID.rate, { kind: 'resident', openid: 'someone-else' }, LATE, ctx)).toEqual({
      ok: false,
      code: 'NOT_REPORTER'
    });
  });

  it('lets a supervising town reply', () => {
    const d = decide(c, VALID.reply, staffOf(XINSHANCUN), LATE, ctx);
    expect(ok(d).timeline.text).toBe('新山村街道调解室回复：已收到，正在核实');
  });

  it('lets an ancestor pull a case up to itself (提级)', () => {
    const d = decide(c, { type: 'escalate', reason: '社会影响较大' }, staffOf(DISTRICT), LATE, ctx);
    expect(ok(d).patch).toMatchObject({ unitId: DISTRICT, level: 'district', status: 'submitted' });
    expect(ok(d).timeline.text).toBe('区莎姐调解中心提级办理，原因：社会影响较大');
  });

  it('refuses unknown actions', () => {
    expect(decide(c, { type: 'delete' } as unknown as CaseAction, staffOf(PINGAN), LATE, ctx)).toEqual({
      ok: false,
      code: 'UNKNOWN_ACTION',
      detail: 'delete'
    });
  });
});

describe('transfer and escalation', () => {
  const at = sh('2026-03-09 15:00');

  it("transfers to a same-level unit with fresh deadlines; only the new unit's chain indexes it", () => {
    const c = caseIn('accepted');
    const d = decide(c, { type: 'transfer', toUnitId: YUEXIN, reason: '事发地在跃新社区' }, staffOf(PINGAN), at, ctx);
    const next = apply(c, d);
    expect(next).toMatchObject({ status: 'submitted', unitId: YUEXIN, level: 'community', acceptedAt: null, round: 1 });
    expect(next.scopeIds).toEqual([YUEXIN, YUEJINCUN, DISTRICT]);
    expect(next.responseDueAt).toEqual(eod('2026-03-10'));
    expect(next.resolveDueAt).toEqual(eod('2026-03-16'));
    expect(next.firstResponseDueAt).toEqual(c.firstResponseDueAt); // still owed by the registering unit
    expect(ok(d).timeline).toMatchObject({
      text: '由平安社区和议厅转交跃新社区和议厅办理，原因：事发地在跃新社区',
      data: { fromUnitId: PINGAN, toUnitId: YUEXIN }
    });
    expect(ok(d).notify).toEqual([
      { to: 'reporter', event: 'transferred' },
      { to: 'unit', unitId: YUEXIN, event: 'assigned' }
    ]);
  });

  it('refuses transfers across levels, to itself, or without a reason', () => {
    const c = caseIn('submitted');
    const t = (toUnitId: string, reason = '原因') =>
      decide(c, { type: 'transfer', toUnitId, reason }, staffOf(PINGAN), at, ctx);
    expect(t(XINSHANCUN)).toMatchObject({ ok: false, code: 'TRANSFER_LEVEL_MISMATCH' });
    expect(t(PINGAN)).toEqual({ ok: false, code: 'TRANSFER_SAME_UNIT' });
    expect(t('nope')).toEqual({ ok: false, code: 'UNKNOWN_UNIT', detail: 'nope' });
    expect(t(GANGHUA, '')).toEqual({ ok: false, code: 'FIELD_REQUIRED', detail: 'reason' });
  });

  it('escalates one level up and not beyond the district', () => {
    const c = caseIn('accepted');
    const d = decide(c, VALID.escalate, staffOf(PINGAN), at, ctx);
    expect(apply(c, d)).toMatchObject({
      status: 'submitted',
      unitId: XINSHANCUN,
      level: 'town',
      round: 1,
      supervised: false
    });
    expect(ok(d).timeline.text).toBe('由平安社区和议厅上报新山村街道调解室办理，原因：涉及多方，需街道协调');
    const atDistrict = { ...c, unitId: DISTRICT, level: 'district' as const };
    expect(decide(atDistrict, VALID.escalate, staffOf(DISTRICT), at, ctx)).toEqual({
      ok: false,
      code: 'CANNOT_ESCALATE',
      detail: DISTRICT
    });
  });

  it('requires texts for reply, resolve and reject', () => {
    expect(decide(caseIn('submitted'), { type: 'reply', text: '' }, staffOf(PINGAN), at, ctx)).toMatchObject({
      code: 'FIELD_REQUIRED',
      detail: 'text'
    });
    expect(decide(caseIn('accepted'), { type: 'resolve', summary: ' ' }, staffOf(PINGAN), at, ctx)).toMatchObject({
      code: 'FIELD_REQUIRED',
      detail: 'summary'
    });
    expect(decide(caseIn('submitted'), { type: 'reject', reason: '' }, staffOf(PINGAN), at, ctx)).toMatchObject({
      code: 'FIELD_REQUIRED',
      detail: 'reason'
    });
  });

  it('counts a rejection as the first reply', () => {
    const d = decide(caseIn('submitted'), VALID.reject, staffOf(PINGAN), at, ctx);
    expect(ok(d).patch).toMatchObject({ status: 'rejected', firstReplyAt: at, closedAt: at });
    expect(ok(d).timeline.text).toBe('平安社区和议厅不予受理，原因：不属于矛盾纠纷');
  });
});
