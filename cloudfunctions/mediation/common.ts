// What every mediation action shares: who the caller is to this mediation, and the one way a step is saved.
import {
  confirmationDueAt,
  type MediationRecord,
  type PartyRole,
  type SignerRole,
  type Step
} from '../../domain/mediation';
import { AppError, type ActionContext } from '../../server/function';
import { viewerOf, type Viewer } from '../../server/identity';
import { loadReference, type Reference } from '../../server/reference';
import { getMediation, saveIfVersion, type MediationDoc } from '../../server/repos/mediations';

export interface Roles {
  viewer: Viewer;
  /** The applicant or respondent the caller is, if any. */
  party: PartyRole | null;
  mediator: boolean;
  /** Staff of the unit that opened the mediation (the unit handling the dispute). */
  staff: boolean;
}

export interface Loaded {
  m: MediationDoc;
  who: Roles;
  ref: Reference;
}

/** Loads the mediation and the caller's roles in it; NOT_FOUND to anyone with none. Requests: 2 (+1 cold reference). */
export async function load(mediationId: string, ctx: ActionContext): Promise<Loaded> {
  const ref = await loadReference(ctx.now);
  const [viewer, m] = await Promise.all([viewerOf(ctx, ref), getMediation(mediationId)]);
  if (!m) throw new AppError('NOT_FOUND', mediationId);
  const party =
    m.applicant.openid === viewer.openid ? 'applicant' : m.respondent.openid === viewer.openid ? 'respondent' : null;
  const who: Roles = {
    viewer,
    party,
    mediator: !!m.mediatorOpenid && m.mediatorOpenid === viewer.openid,
    staff: viewer.kind === 'staff' && viewer.unit.id === m.unitId
  };
  if (!who.party && !who.mediator && !who.staff) throw new AppError('NOT_FOUND', mediationId);
  return { m, who, ref };
}

/** Refuses unless the caller holds one of the roles. */
export function need(who: Roles, ...roles: Array<'party' | 'mediator' | 'staff'>): void {
  if (!roles.some((r) => (r === 'party' ? who.party : who[r]))) throw new AppError('MEDIATION_NOT_PARTY');
}

/** The signer role of the caller (a party, or the mediator). */
export function signerOf(who: Roles): SignerRole {
  if (who.party) return who.party;
  if (who.mediator) return 'mediator';
  throw new AppError('MEDIATION_NOT_PARTY');
}

/** A step's refusal becomes the answer; its success is saved if nobody changed the mediation meanwhile. 1 request. */
export async function save(
  l: Loaded,
  step: Step,
  ctx: ActionContext,
  extra: Record<string, unknown> = {}
): Promise<MediationRecord & { _id: string }> {
  if (!step.ok) throw new AppError(step.code, step.detail);
  const saved = await saveIfVersion(l.m, step.next, { at: ctx.now, by: l.who.viewer.openid, text: step.line }, extra);
  if (!saved) throw new AppError('CONCURRENT_UPDATE', l.m._id);
  return { ...step.next, ...extra, _id: l.m._id };
}

/** What a page shows of a mediation: never the token hash, never openids. */
export function view(m: MediationRecord & { _id: string; agreementFileId?: string | null }, who?: Roles) {
  const person = (p: MediationRecord['applicant']) => ({ name: p.name, phone: p.phone, unitId: p.unitId });
  return {
    mediationId: m._id,
    caseId: m.caseId,
    stage: m.stage,
    outcome: m.outcome,
    applicant: person(m.applicant),
    respondent: person(m.respondent),
    mediatorId: m.mediatorId,
    mediatorName: m.mediatorName,
    sessions: m.sessions,
    minutes: m.minutes,
    draft: m.draft,
    signed: Object.fromEntries(Object.entries(m.signatures).map(([k, s]) => [k, !!s])) as Partial<
      Record<SignerRole, boolean>
    >,
    effectiveAt: m.effectiveAt,
    confirmationDueAt: confirmationDueAt(m),
    confirmation: m.confirmation,
    performance: m.performance,
    endReason: m.endReason,
    hasAgreement: !!m.agreementFileId,
    me: who ? { party: who.party, mediator: who.mediator, staff: who.staff } : undefined
  };
}
