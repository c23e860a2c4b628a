// People's mediation (人民调解法): one two-party mediation of a dispute case, as a pure state machine.
// open → joined | declined → mediator assigned → sessions → draft → signatures → effective →
// confirmation (Art. 33, 30 days) → performance per term → ended (agreed | failed | withdrawn).
// A cloud function does: load → decide here (clock injected) → persist the whole record where version matches.
import { fail, type Failure } from './errors';
import { DAY_MS } from './time';

/** The other party has this long to open the join link. */
export const JOIN_TOKEN_MS = 7 * DAY_MS;
/** Art. 33: joint application for judicial confirmation within 30 days of the agreement taking effect. */
export const CONFIRMATION_WINDOW_MS = 30 * DAY_MS;
/** The Ministry of Justice expects most disputes settled within a month: an open mediation is 督办'd after that. */
export const SUPERVISE_AFTER_MS = 30 * DAY_MS;
/** Recusals a party may ask for without review; more need the unit's approval. */
export const FREE_RECUSALS = 1;

export type PartyRole = 'applicant' | 'respondent';
export type SignerRole = PartyRole | 'mediator';
export type Stage = 'inviting' | 'choosing' | 'mediating' | 'effective' | 'ended';
export type Outcome = 'agreed' | 'failed' | 'withdrawn' | 'declined';

export interface Party {
  openid: string | null;
  name: string;
  phone: string | null;
  /** The unit this party is (a respondent may be a unit, e.g. a street office); null for a person. */
  unitId: string | null;
}

export interface Term {
  what: string;
  who: string;
  /** Due date of the term (Art. 29: how and by when). */
  by: Date;
}

export interface Draft {
  version: number;
  facts: string;
  issues: string;
  responsibilities: string;
  terms: Term[];
  at: Date;
}

export interface Signature {
  fileId: string;
  at: Date;
  draftVersion: number;
}

export interface Recusal {
  by: PartyRole | 'unit';
  mediatorId: string;
  reason: string;
  at: Date;
}

export interface MediationRecord {
  caseId: string;
  unitId: string;
  category: string;
  stage: Stage;
  outcome: Outcome | null;
  applicant: Party;
  respondent: Party;
  openedAt: Date;
  openedBy: string;
  joinTokenHash: string;
  joinExpiresAt: Date;
  joinedAt: Date | null;
  mediatorId: string | null;
  mediatorOpenid: string | null;
  mediatorName: string | null;
  preferences: Partial<Record<PartyRole, string>>;
  recusals: Recusal[];
  sessions: Array<{ at: Date; place: string; video: boolean }>;
  minutes: Array<{ at: Date; text: string; by: string }>;
  draft: Draft | null;
  signatures: Partial<Record<SignerRole, Signature>>;
  effectiveAt: Date | null;
  confirmation: { appliedAt: Date | null; filedAt: Date | null; ruling: 'confirmed' | 'rejected' | null };
  performance: Array<{ done: boolean; note: string; at: Date } | null>;
  endedAt: Date | null;
  endReason: string | null;
  supervisedAt: Date | null;
  version: number;
}

/** A pool member as the rules read them. */
export interface Mediator {
  id: string;
  name: string;
  phone: string | null;
  openid: string | null;
  pool: 'hall' | 'expert' | 'lawyer';
  /** The 和议厅/调解室 (community or town) or the department the member works for. */
  unitId: string | null;
  categories: string[];
  /** 3 首席, 2 高级, 1 调解员. */
  grade: number;
  relations: Array<{ name: string; phone: string }>;
  /** Open mediations the member holds now. */
  load: number;
}

export type Step = { ok: true; next: MediationRecord; line: string } | Failure;

const done = (m: MediationRecord, patch: Partial<MediationRecord>, line: string): Step => ({
  ok: true,
  next: { ...m, ...patch, version: m.version + 1 },
  line
});

const isOpen = (m: MediationRecord) => m.stage !== 'ended';

/** Join (or decline) by the link's token: one person, once, before it expires. */
export function join(
  m: MediationRecord,
  who: { openid: string; name: string; phone: string | null },
  agree: boolean,
  reason: string | null,
  now: Date
): Step {
  if (m.stage !== 'inviting' || m.respondent.openid) return fail('JOIN_TOKEN_USED');
  if (now.getTime() > m.joinExpiresAt.getTime()) return fail('JOIN_TOKEN_EXPIRED');
  if (who.openid === m.applicant.openid) return fail('MEDIATION_OWN_INVITE');
  const respondent: Party = { ...m.respondent, openid: who.openid, name: who.name, phone: who.phone };
  if (!agree) {
    if (!reason) return fail('FIELD_REQUIRED', 'reason');
    return done(
      m,
      { respondent, stage: 'ended', outcome: 'declined', endedAt: now, endReason: reason, joinedAt: now },
      `被申请人不同意调解：${reason}。当事人可另行申请仲裁、行政处理或向人民法院起诉`
    );
  }
  return done(m, { respondent, stage: 'choosing', joinedAt: now }, `被申请人${who.name}同意调解`);
}

/** Why a member may not mediate this dispute (one code for the caller, one reason for logs), or null. */
export function conflictOf(m: MediationRecord, x: Mediator): string | null {
  const parties = [m.applicant, m.respondent];
  if (x.openid && parties.some((p) => p.openid === x.openid)) return 'party';
  const same = (a: string | null, b: string | null) => !!a && !!b && a.replace(/\s/g, '') === b.replace(/\s/g, '');
  if (x.relations.some((r) => parties.some((p) => same(p.name, r.name) && same(p.phone, r.phone)))) return 'relation';
  if (x.unitId && parties.some((p) => p.unitId === x.unitId)) return 'unitParty';
  if (m.recusals.some((r) => r.mediatorId === x.id)) return 'recused';
  return null;
}

export interface Candidate {
  mediatorId: string;
  name: string;
  pool: Mediator['pool'];
  score: number;
  reasons: string[];
}

const GRADE_NAMES: Record<number, string> = { 3: '首席调解员', 2: '高级调解员', 1: '调解员' };

/**
 * Candidates ranked with their reasons: category expertise, grade, workload, the parties' preference;
 * the mediation's own 和议厅/调解室 (or its town's) and the expert and lawyer pools. Conflicted members never appear.
 */
export function rankCandidates(m: MediationRecord, pool: readonly Mediator[], hallIds: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const x of pool) {
    if (x.pool === 'hall' && !(x.unitId && hallIds.includes(x.unitId))) continue;
    if (conflictOf(m, x)) continue;
    const reasons: string[] = [];
    let score = 0;
    if (x.categories.includes(m.category)) {
      score += 30;
      reasons.push('擅长此类纠纷');
    }
    score += x.grade * 10;
    reasons.push(GRADE_NAMES[x.grade] ?? '调解员');
    score -= x.load * 5;
    reasons.push(x.load === 0 ? '当前无在办调解' : `当前在办${x.load}件`);
    const by = (['applicant', 'respondent'] as const).filter((r) => m.preferences[r] === x.id);
    if (by.length) {
      score += 60 * by.length; // the parties choose their mediator (人民调解法 Art. 23): it outweighs the rest
      reasons.push(by.length === 2 ? '双方当事人均选择' : by[0] === 'applicant' ? '申请人选择' : '被申请人选择');
    }
    if (x.pool === 'hall' && x.unitId === m.unitId) {
      score += 5;
      reasons.push('本辖区调解组织');
    }
    out.push({ mediatorId: x.id, name: x.name, pool: x.pool, score, reasons });
  }
  return out.sort((a, b) => b.score - a.score || a.mediatorId.localeCompare(b.mediatorId));
}

/** Assign a mediator (while choosing or mediating, before anyone signed): never a conflicted one. */
export function assign(m: MediationRecord, x: Mediator): Step {
  if (m.stage !== 'choosing' && m.stage !== 'mediating') return fail('MEDIATION_STAGE', m.stage);
  if (Object.keys(m.signatures).length > 0) return fail('MEDIATION_STAGE', 'signed');
  const conflict = conflictOf(m, x);
  if (conflict) return fail('MEDIATOR_CONFLICT', conflict);
  return done(
    m,
    { stage: 'mediating', mediatorId: x.id, mediatorOpenid: x.openid, mediatorName: x.name },
    `指定调解员：${x.name}`
  );
}

/** Name a preferred mediator (either party). */
export function prefer(m: MediationRecord, role: PartyRole, mediatorId: string): Step {
  if (m.stage !== 'choosing') return fail('MEDIATION_STAGE', m.stage);
  return done(m, { preferences: { ...m.preferences, [role]: mediatorId } }, '当事人选择了调解员');
}

/** 回避: once per party without review; after that the unit's approval (by: 'unit'). The mediator steps aside. */
export function recuse(m: MediationRecord, by: PartyRole | 'unit', reason: string, now: Date): Step {
  if (m.stage !== 'mediating' || !m.mediatorId) return fail('MEDIATION_STAGE', m.stage);
  if (Object.keys(m.signatures).length > 0) return fail('MEDIATION_STAGE', 'signed');
  if (by !== 'unit' && m.recusals.filter((r) => r.by === by).length >= FREE_RECUSALS) return fail('RECUSAL_LIMIT');
  const recusal: Recusal = { by, mediatorId: m.mediatorId, reason, at: now };
  return done(
    m,
    {
      recusals: [...m.recusals, recusal],
      stage: 'choosing',
      mediatorId: null,
      mediatorOpenid: null,
      mediatorName: null
    },
    `${by === 'unit' ? '经调委会同意' : '当事人申请'}，调解员${m.mediatorName ?? ''}回避：${reason}`
  );
}

export function schedule(m: MediationRecord, at: Date, place: string, now: Date): Step {
  if (m.stage !== 'mediating') return fail('MEDIATION_STAGE', m.stage);
  if (at.getTime() <= now.getTime()) return fail('FIELD_INVALID', 'at');
  const video = place === 'video';
  return done(m, { sessions: [...m.sessions, { at, place, video }] }, `调解安排：${video ? '视频调解' : place}`);
}

export function addMinutes(m: MediationRecord, text: string, by: string, now: Date): Step {
  if (m.stage !== 'mediating') return fail('MEDIATION_STAGE', m.stage);
  return done(m, { minutes: [...m.minutes, { at: now, text, by }] }, '记录调解笔录');
}

/** Write (or edit) the agreement: any edit after the first signature voids every signature. */
export function writeDraft(m: MediationRecord, d: Omit<Draft, 'version' | 'at'>, now: Date): Step {
  if (m.stage !== 'mediating' || !m.mediatorId) return fail('MEDIATION_STAGE', m.stage);
  if (d.terms.length === 0) return fail('FIELD_REQUIRED', 'terms');
  const bad = d.terms.findIndex((t) => !(t.by instanceof Date) || Number.isNaN(t.by.getTime()));
  if (bad >= 0) return fail('TERM_DUE_REQUIRED', `terms.${bad}.by`);
  const voided = Object.keys(m.signatures).length > 0;
  const draft: Draft = { ...d, version: (m.draft?.version ?? 0) + 1, at: now };
  return done(m, { draft, signatures: {} }, voided ? '修改调解协议，已有签名作废' : '起草调解协议');
}

/** One signature on the current draft; the third makes the agreement effective. */
export function sign(m: MediationRecord, role: SignerRole, draftVersion: number, fileId: string, now: Date): Step {
  if (m.stage !== 'mediating' || !m.draft) return fail('MEDIATION_STAGE', m.stage);
  if (draftVersion !== m.draft.version) return fail('DRAFT_VOIDED', `${draftVersion} ≠ ${m.draft.version}`);
  if (m.signatures[role]) return fail('ALREADY_SIGNED', role);
  const signatures = { ...m.signatures, [role]: { fileId, at: now, draftVersion } };
  const all = signatures.applicant && signatures.respondent && signatures.mediator;
  const who = { applicant: '申请人', respondent: '被申请人', mediator: '调解员' }[role];
  if (!all) return done(m, { signatures }, `${who}已签名`);
  return done(
    m,
    { signatures, stage: 'effective', effectiveAt: now, performance: m.draft.terms.map(() => null) },
    `${who}已签名，调解协议生效`
  );
}

/** When the joint application for judicial confirmation is due (Art. 33), or null before the agreement. */
export function confirmationDueAt(m: MediationRecord): Date | null {
  return m.effectiveAt ? new Date(m.effectiveAt.getTime() + CONFIRMATION_WINDOW_MS) : null;
}

export type ConfirmationStep =
  { step: 'apply' } | { step: 'filed' } | { step: 'ruling'; ruling: 'confirmed' | 'rejected' };

export function confirm(m: MediationRecord, s: ConfirmationStep, now: Date): Step {
  if (m.stage !== 'effective' && !(m.stage === 'ended' && m.outcome === 'agreed'))
    return fail('MEDIATION_STAGE', m.stage);
  const c = m.confirmation;
  if (s.step === 'apply') {
    const due = confirmationDueAt(m) as Date;
    if (now.getTime() > due.getTime()) return fail('CONFIRMATION_WINDOW_CLOSED');
    return done(m, { confirmation: { ...c, appliedAt: now } }, '生成司法确认申请书');
  }
  if (s.step === 'filed') {
    if (!c.appliedAt) return fail('MEDIATION_STAGE', 'not applied');
    return done(m, { confirmation: { ...c, filedAt: now } }, '已向人民法院申请司法确认');
  }
  if (!c.filedAt) return fail('MEDIATION_STAGE', 'not filed');
  return done(
    m,
    { confirmation: { ...c, ruling: s.ruling } },
    s.ruling === 'confirmed' ? '人民法院裁定确认调解协议有效' : '人民法院裁定驳回申请'
  );
}

/** Record a term's performance (Art. 31); an unfulfilled one gets guidance. */
export function perform(m: MediationRecord, termIndex: number, ok: boolean, note: string, now: Date): Step {
  if (m.stage !== 'effective' || !m.draft) return fail('MEDIATION_STAGE', m.stage);
  if (termIndex < 0 || termIndex >= m.draft.terms.length) return fail('FIELD_INVALID', 'termIndex');
  const performance = m.performance.map((p, i) => (i === termIndex ? { done: ok, note, at: now } : p));
  const guidance = m.confirmation.ruling === 'confirmed' ? '可向人民法院申请强制执行' : '可向人民法院提起诉讼';
  return done(
    m,
    { performance },
    ok ? `第${termIndex + 1}项已履行` : `第${termIndex + 1}项未履行：${note}。${guidance}`
  );
}

/** Whether every term was carried out. */
export function allPerformed(m: Pick<MediationRecord, 'performance'>): boolean {
  return m.performance.length > 0 && m.performance.every((p) => p?.done === true);
}

/** End it: 'agreed' needs an effective agreement; failed or withdrawn at any time before. */
export function end(m: MediationRecord, outcome: 'agreed' | 'failed' | 'withdrawn', reason: string, now: Date): Step {
  if (!isOpen(m)) return fail('MEDIATION_STAGE', m.stage);
  if (outcome === 'agreed' && m.stage !== 'effective') return fail('MEDIATION_STAGE', m.stage);
  if (outcome !== 'agreed' && m.stage === 'effective') return fail('MEDIATION_STAGE', m.stage);
  const label = { agreed: '调解成功', failed: '调解不成', withdrawn: '当事人撤回调解' }[outcome];
  return done(m, { stage: 'ended', outcome, endedAt: now, endReason: reason }, `${label}：${reason}`);
}

/** A new mediation of a case, the reporter as applicant; the respondent joins later by token. */
export function openMediation(input: {
  caseId: string;
  unitId: string;
  category: string;
  applicant: Party;
  respondent: Party;
  openedBy: string;
  tokenHash: string;
  now: Date;
}): MediationRecord {
  return {
    caseId: input.caseId,
    unitId: input.unitId,
    category: input.category,
    stage: 'inviting',
    outcome: null,
    applicant: input.applicant,
    respondent: input.respondent,
    openedAt: input.now,
    openedBy: input.openedBy,
    joinTokenHash: input.tokenHash,
    joinExpiresAt: new Date(input.now.getTime() + JOIN_TOKEN_MS),
    joinedAt: null,
    mediatorId: null,
    mediatorOpenid: null,
    mediatorName: null,
    preferences: {},
    recusals: [],
    sessions: [],
    minutes: [],
    draft: null,
    signatures: {},
    effectiveAt: null,
    confirmation: { appliedAt: null, filedAt: null, ruling: null },
    performance: [],
    endedAt: null,
    endReason: null,
    supervisedAt: null,
    version: 1
  };
}
