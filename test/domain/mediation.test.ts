// People's mediation rules on fixed dates: the stages, conflicts (one test per rule), recusal, signatures, Art. 33.
import {
  addMinutes,
  allPerformed,
  assign,
  confirm,
  conflictOf,
  end,
  join,
  openMediation,
  perform,
  rankCandidates,
  recuse,
  schedule,
  sign,
  writeDraft,
  type MediationRecord,
  type Mediator,
  type Step
} from '../../domain/mediation';
import { needsSupervision } from '../../domain/mediationTimer';
import { aidPrecheck, nextVisit, questionState } from '../../domain/legal';

const T0 = new Date('2026-03-02T01:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);
const ok = (s: Step): MediationRecord => {
  if (!s.ok) throw new Error(`refused: ${s.code} ${s.detail ?? ''}`);
  return s.next;
};
const code = (s: Step) => (s.ok ? 'ok' : s.code);

const fresh = () =>
  openMediation({
    caseId: 'c1',
    unitId: 'com-1',
    category: 'neighbor',
    applicant: { openid: 'app', name: '张三', phone: '13800000001', unitId: null },
    respondent: { openid: null, name: '', phone: null, unitId: null },
    openedBy: 'staff-com-1',
    tokenHash: 'h',
    now: T0
  });
const member = (id: string, more: Partial<Mediator> = {}): Mediator => ({
  id,
  name: `调解员${id}`,
  phone: null,
  openid: `m-${id}`,
  pool: 'hall',
  unitId: 'com-1',
  categories: [],
  grade: 1,
  relations: [],
  load: 0,
  ...more
});
const joined = () => ok(join(fresh(), { openid: 'res', name: '李四', phone: '13900000002' }, true, null, at(1)));
const terms = [{ what: '赔偿修缮费2000元', who: '李四', by: at(20) }];
const drafted = () =>
  ok(
    writeDraft(
      ok(assign(joined(), member('a'))),
      { facts: '漏水', issues: '费用', responsibilities: '李四', terms },
      at(3)
    )
  );

test('a join token binds one person once, before it expires; a refusal ends the mediation with the other options', () => {
  const m = joined();
  expect(m.stage).toBe('choosing');
  expect(code(join(m, { openid: 'x', name: '王五', phone: null }, true, null, at(1)))).toBe('JOIN_TOKEN_USED');
  expect(code(join(fresh(), { openid: 'x', name: '王五', phone: null }, true, null, at(8)))).toBe('JOIN_TOKEN_EXPIRED');
  expect(code(join(fresh(), { openid: 'app', name: '张三', phone: null }, true, null, at(1)))).toBe(
    'MEDIATION_OWN_INVITE'
  );
  const no = join(fresh(), { openid: 'res', name: '李四', phone: null }, false, '不愿调解', at(1));
  expect(no.ok && no.next).toMatchObject({ stage: 'ended', outcome: 'declined', endReason: '不愿调解' });
  expect(no.ok && no.line).toMatch(/仲裁.*行政处理.*起诉/);
});

describe('conflicts: never offered, refused on assign', () => {
  const m = joined();
  test('a party', () => {
    expect(conflictOf(m, member('p', { openid: 'res' }))).toBe('party');
    expect(code(assign(m, member('p', { openid: 'app' })))).toBe('MEDIATOR_CONFLICT');
  });
  test('declared relation matching a party by name and phone', () => {
    const rel = member('r', { relations: [{ name: '李四', phone: '139 0000 0002' }] });
    expect(conflictOf(m, rel)).toBe('relation');
    expect(conflictOf(m, member('r2', { relations: [{ name: '李四', phone: '13900000009' }] }))).toBeNull();
    expect(code(assign(m, rel))).toBe('MEDIATOR_CONFLICT');
  });
  test('works for a unit that is itself a party', () => {
    const unitParty = { ...m, respondent: { ...m.respondent, unitId: 'dept-housing' } };
    const x = member('u', { pool: 'expert', unitId: 'dept-housing' });
    expect(conflictOf(unitParty, x)).toBe('unitParty');
    expect(code(assign(unitParty, x))).toBe('MEDIATOR_CONFLICT');
  });
  test('recused', () => {
    const r = ok(recuse(ok(assign(m, member('a'))), 'applicant', '是对方亲戚', at(2)));
    expect(conflictOf(r, member('a'))).toBe('recused');
    expect(code(assign(r, member('a')))).toBe('MEDIATOR_CONFLICT');
    expect(rankCandidates(r, [member('a'), member('b')], ['com-1']).map((c) => c.mediatorId)).toEqual(['b']);
  });
});

test('ranking: expertise, grade, workload and preference, each with its reason; other halls left out', () => {
  const m = ok(
    (() => {
      const j = joined();
      return { ok: true as const, next: { ...j, preferences: { respondent: 'pref' } }, line: '' };
    })()
  );
  const pool = [
    member('busy', { grade: 3, load: 6 }),
    member('expert', { categories: ['neighbor'], pool: 'expert', unitId: 'dept-justice' }),
    member('pref'),
    member('far', { unitId: 'com-9', categories: ['neighbor'], grade: 3 })
  ];
  const ranked = rankCandidates(m, pool, ['com-1', 'town-1']);
  expect(ranked.map((c) => c.mediatorId)).toEqual(['pref', 'expert', 'busy']);
  expect(ranked[0].reasons).toContain('被申请人选择');
  expect(ranked[1].reasons).toContain('擅长此类纠纷');
  expect(ranked[2].reasons).toEqual(expect.arrayContaining(['首席调解员', '当前在办6件']));
});

test('recusal: once per party without review, then only with the unit', () => {
  const a = ok(assign(joined(), member('a')));
  const r1 = ok(recuse(a, 'applicant', '理由一', at(2)));
  const b = ok(assign(r1, member('b')));
  expect(code(recuse(b, 'applicant', '理由二', at(2)))).toBe('RECUSAL_LIMIT');
  expect(code(recuse(b, 'respondent', '理由', at(2)))).toBe('ok');
  expect(ok(recuse(b, 'unit', '经审查同意', at(2))).stage).toBe('choosing');
});

test('sessions and minutes while mediating; a session is in the future', () => {
  const a = ok(assign(joined(), member('a')));
  expect(code(schedule(a, at(1), 'video', at(2)))).toBe('FIELD_INVALID');
  expect(ok(schedule(a, at(4), 'video', at(2))).sessions[0]).toMatchObject({ video: true });
  expect(ok(addMinutes(a, '双方陈述', 'm-a', at(2))).minutes).toHaveLength(1);
});

test('signatures: three make it effective; twice, on a voided draft, or after an edit are refused', () => {
  const d = drafted();
  expect(code(writeDraft(d, { facts: 'f', issues: 'i', responsibilities: 'r', terms: [] }, at(3)))).toBe(
    'FIELD_REQUIRED'
  );
  expect(
    code(
      writeDraft(
        d,
        { facts: 'f', issues: 'i', responsibilities: 'r', terms: [{ what: 'x', who: 'y', by: new Date(NaN) }] },
        at(3)
      )
    )
  ).toBe('TERM_DUE_REQUIRED');
  const s1 = ok(sign(d, 'applicant', 1, 'f1', at(4)));
  expect(code(sign(s1, 'applicant', 1, 'f1', at(4)))).toBe('ALREADY_SIGNED');
  const edited = ok(writeDraft(s1, { facts: '漏水（修改）', issues: '费用', responsibilities: '李四', terms }, at(5)));
  expect(edited.signatures).toEqual({});
  expect(code(sign(edited, 'respondent', 1, 'f2', at(5)))).toBe('DRAFT_VOIDED');
  let e = ok(sign(edited, 'applicant', 2, 'f1', at(5)));
  e = ok(sign(e, 'respondent', 2, 'f2', at(5)));
  e = ok(sign(e, 'mediator', 2, 'f3', at(5)));
  expect(e).toMatchObject({ stage: 'effective', effectiveAt: at(5), performance: [null] });
  expect(code(writeDraft(e, { facts: 'x', issues: 'y', responsibilities: 'z', terms }, at(6)))).toBe('MEDIATION_STAGE');
});

test('judicial confirmation within 30 days (Art. 33), performance per term, then agreed', () => {
  let e = drafted();
  for (const r of ['applicant', 'respondent', 'mediator'] as const) e = ok(sign(e, r, 1, `f-${r}`, at(5)));
  expect(code(confirm(e, { step: 'apply' }, at(35.01)))).toBe('CONFIRMATION_WINDOW_CLOSED');
  expect(code(confirm(e, { step: 'filed' }, at(6)))).toBe('MEDIATION_STAGE');
  e = ok(confirm(e, { step: 'apply' }, at(35 - 0.01)));
  e = ok(confirm(e, { step: 'filed' }, at(35)));
  e = ok(confirm(e, { step: 'ruling', ruling: 'confirmed' }, at(40)));
  const late = perform(e, 0, false, '未付款', at(21));
  expect(late.ok && late.line).toMatch(/强制执行/);
  e = ok(perform(e, 0, true, '已付清', at(22)));
  expect(allPerformed(e)).toBe(true);
  expect(code(end(e, 'failed', 'x', at(23)))).toBe('MEDIATION_STAGE');
  expect(ok(end(e, 'agreed', '履行完毕', at(23)))).toMatchObject({ stage: 'ended', outcome: 'agreed' });
});

test('an unfinished mediation cannot end agreed; a month open is 督办d', () => {
  const a = ok(assign(joined(), member('a')));
  expect(code(end(a, 'agreed', 'x', at(2)))).toBe('MEDIATION_STAGE');
  expect(ok(end(a, 'failed', '分歧过大', at(2))).outcome).toBe('failed');
  expect(needsSupervision(a, at(29.9))).toBe(false);
  expect(needsSupervision(a, at(30))).toBe(true);
  expect(needsSupervision({ ...a, supervisedAt: at(30) }, at(31))).toBe(false);
});

describe('legal services', () => {
  test('the next visiting day, on Shanghai dates', () => {
    // 2026-03-02 is a Monday; 09:00 Shanghai.
    expect(nextVisit([3], T0)?.toISOString()).toBe('2026-03-03T16:00:00.000Z'); // Wednesday 00:00 Shanghai
    expect(nextVisit([1], T0)?.toISOString()).toBe('2026-03-01T16:00:00.000Z'); // today
    expect(nextVisit([], T0)).toBeNull();
  });
  test('a question owes a reply in 3 days; a day later it is 督办d', () => {
    expect(questionState({ askedAt: T0, repliedAt: null }, at(2.9))).toBe('waiting');
    expect(questionState({ askedAt: T0, repliedAt: null }, at(3.5))).toBe('overdue');
    expect(questionState({ askedAt: T0, repliedAt: null }, at(4))).toBe('supervised');
    expect(questionState({ askedAt: T0, repliedAt: at(1) }, at(9))).toBe('answered');
  });
  test('legal aid precheck: hardship, covered matters, wage arrears exempt from the hardship test', () => {
    expect(aidPrecheck({ hardship: false, matter: 'wages', hasLawyer: false }).likely).toBe(true);
    expect(aidPrecheck({ hardship: false, matter: 'compensation', hasLawyer: false }).likely).toBe(false);
    expect(aidPrecheck({ hardship: true, matter: 'other', hasLawyer: false }).likely).toBe(false);
    expect(aidPrecheck({ hardship: true, matter: 'family-support', hasLawyer: true }).notes).toHaveLength(1);
  });
});
