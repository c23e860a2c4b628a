// The agreement (Art. 29), signatures, judicial confirmation (Art. 33), performance (Art. 31), the end.
import { z } from 'zod';
import { allPerformed, type MediationRecord, type SignerRole } from '../../../domain/mediation';
import * as rules from '../../../domain/mediation';
import { sdk } from '../../../server/cloud';
import { actOnCase } from '../../../server/caseFlow';
import { AppError, action, type ActionContext } from '../../../server/function';
import { isOwnPhotoId, tempUrls } from '../../../server/photos';
import { getCase } from '../../../server/repos/cases';
import { agreementPdf, confirmationPdf } from '../pdf';
import { findUserCached } from '../../../server/repos/users';
import { mediationsOf } from '../../../server/repos/mediations';
import { requireStaff } from '../../../server/identity';
import { loadReference } from '../../../server/reference';
import { load, need, save, signerOf, view, type Loaded } from '../common';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * draft { mediationId, facts, issues, responsibilities, terms: [{ what, who, by }] }: the Art. 29 fields;
 * every term needs its due date. An edit after a signature voids all of them. Requests: 2 + 1.
 */
export const draft = action(
  z.object({
    mediationId: id,
    facts: text(3000),
    issues: text(2000),
    responsibilities: text(2000),
    terms: z
      .array(
        z.object({
          what: text(500),
          who: text(40),
          by: z.coerce
            .date({ error: 'TERM_DUE_REQUIRED' })
            .refine((d) => !Number.isNaN(d.getTime()), 'TERM_DUE_REQUIRED')
        })
      )
      .min(1)
      .max(20)
  }),
  async ({ mediationId, ...d }, ctx) => {
    const l = await load(mediationId, ctx);
    need(l.who, 'staff', 'mediator');
    return view(await save(l, rules.writeDraft(l.m, d, ctx.now), ctx), l.who);
  },
  { texts: (i) => [i.facts, i.issues, i.responsibilities, ...i.terms.map((t) => t.what)] }
);

const COURT = '重庆市大渡口区人民法院';
const IMAGE = /\.(png|jpe?g)$/i;

const download = (fileID: string): Promise<Buffer | null> =>
  (sdk().downloadFile({ fileID }) as Promise<{ fileContent: Buffer }>).then(
    (r) => r.fileContent,
    () => null
  );

/** SIGNATURE_INVALID unless the file is the caller's own upload here, and a PNG or JPEG by its bytes. 1 storage request. */
async function signatureImage(fileId: string, openid: string): Promise<Buffer> {
  const env = sdk().getWXContext().ENV ?? '';
  if (!isOwnPhotoId(fileId, env, openid) || !IMAGE.test(fileId)) throw new AppError('SIGNATURE_INVALID', 'signature');
  const bytes = await download(fileId);
  const png = bytes && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!bytes || (!png && !jpeg)) throw new AppError('SIGNATURE_INVALID', 'signature');
  return bytes;
}

/** What both PDFs say of the mediation. 1 case read. */
async function paperOf(l: Loaded, m: MediationRecord) {
  const c = await getCase(m.caseId);
  const unit = l.ref.units.get(m.unitId);
  return {
    number: `${c?.code ?? m.caseId}-TJ`,
    committee: `${unit?.name ?? ''}人民调解委员会`,
    applicant: m.applicant,
    respondent: m.respondent,
    effectiveAt: m.effectiveAt ?? l.m.openedAt
  };
}

/** Generates and stores the agreement once all three signed. 2 storage reads + 1 case read + 1 upload. */
async function storeAgreement(l: Loaded, m: MediationRecord, mine: Buffer, role: SignerRole): Promise<string> {
  const bytesOf = async (r: SignerRole): Promise<Buffer> =>
    r === role ? mine : ((await download(m.signatures[r]!.fileId)) ?? mine);
  const [applicant, respondent, mediator, paper] = await Promise.all([
    bytesOf('applicant'),
    bytesOf('respondent'),
    bytesOf('mediator'),
    paperOf(l, m)
  ]);
  const pdf = await agreementPdf({
    ...paper,
    mediatorName: m.mediatorName ?? '',
    draft: m.draft!,
    signatures: { applicant, respondent, mediator }
  });
  const up = (await sdk().uploadFile({
    cloudPath: `mediation/${l.m._id}/agreement-v${m.draft!.version}.pdf`,
    fileContent: Buffer.from(pdf)
  })) as { fileID: string };
  return up.fileID;
}

/**
 * sign { mediationId, draftVersion, signature }: each party and the mediator, once per draft; the third
 * signature makes the agreement effective. Requests: 2 + 1 storage + 1 write.
 */
export const sign = action(
  z.object({ mediationId: id, draftVersion: z.number().int().min(1), signature: z.string().min(1).max(600) }),
  async ({ mediationId, draftVersion, signature }, ctx) => {
    const l = await load(mediationId, ctx);
    const role = signerOf(l.who);
    const step = rules.sign(l.m, role, draftVersion, signature, ctx.now);
    if (!step.ok) throw new AppError(step.code, step.detail);
    const mine = await signatureImage(signature, l.who.viewer.openid);
    const effective = step.next.stage === 'effective';
    const extra = effective ? { agreementFileId: await storeAgreement(l, step.next, mine, role) } : {};
    return view(await save(l, step, ctx, extra), l.who);
  }
);

/**
 * confirmation { mediationId, step: 'apply' | 'filed' | 'ruling', ruling? }: the joint application
 * (司法确认申请书, to the district court) within 30 days, its filing and the ruling. Requests: 2 + 1.
 */
export const confirmation = action(
  z.object({
    mediationId: id,
    step: z.enum(['apply', 'filed', 'ruling']),
    ruling: z.enum(['confirmed', 'rejected']).optional()
  }),
  async ({ mediationId, step, ruling }, ctx) => {
    const l = await load(mediationId, ctx);
    need(l.who, step === 'apply' ? 'party' : 'staff', 'staff', 'mediator');
    if (step === 'ruling' && !ruling) throw new AppError('FIELD_REQUIRED', 'ruling');
    const s: rules.ConfirmationStep = step === 'ruling' ? { step, ruling: ruling! } : { step };
    const decided = rules.confirm(l.m, s, ctx.now);
    if (!decided.ok) throw new AppError(decided.code, decided.detail);
    let application: string | null = null;
    if (step === 'apply') {
      const pdf = await confirmationPdf(await paperOf(l, decided.next), COURT);
      const up = (await sdk().uploadFile({
        cloudPath: `mediation/${l.m._id}/confirmation.pdf`,
        fileContent: Buffer.from(pdf)
      })) as { fileID: string };
      application = up.fileID;
    }
    const next = await save(l, decided, ctx, application ? { confirmationFileId: application } : {});
    const url = application ? (await tempUrls([application])).get(application) : undefined;
    return { ...view(next, l.who), court: COURT, applicationUrl: url ?? null };
  }
);

/** agreement { mediationId }: a temporary link to the signed agreement PDF, for its parties, mediator and unit. Requests: 2 + 1 storage. */
export const agreement = action(z.object({ mediationId: id }), async ({ mediationId }, ctx) => {
  const l = await load(mediationId, ctx);
  if (!l.m.agreementFileId) throw new AppError('MEDIATION_STAGE', 'no agreement');
  const url = (await tempUrls([l.m.agreementFileId])).get(l.m.agreementFileId) ?? '';
  return { url, fileId: l.m.agreementFileId };
});

/** performance { mediationId, termIndex, done, note }: 履行回访 per term. Requests: 2 + 1. */
export const performance = action(
  z.object({
    mediationId: id,
    termIndex: z.number().int().min(0),
    done: z.boolean(),
    note: z.string().trim().max(500)
  }),
  async ({ mediationId, termIndex, done, note }, ctx) => {
    const l = await load(mediationId, ctx);
    need(l.who, 'staff', 'mediator');
    const next = await save(l, rules.perform(l.m, termIndex, done, note, ctx.now), ctx);
    return { ...view(next, l.who), allPerformed: allPerformed(next) };
  }
);

/** The handling unit's staff member who opened it acts on the case (resolve, or a reply with the outcome). */
async function caseFollows(l: Loaded, next: MediationRecord, ctx: ActionContext): Promise<void> {
  const unit = l.ref.units.get(l.m.unitId);
  const user = await findUserCached(l.m.openedBy, ctx.now);
  if (!unit || !user) return;
  const viewer = { kind: 'staff' as const, openid: l.m.openedBy, unit, user };
  const reason = next.endReason ?? '';
  const caseAction =
    next.outcome === 'agreed'
      ? { type: 'resolve' as const, summary: `经人民调解达成协议：${reason}` }
      : {
          type: 'reply' as const,
          text: `人民调解${next.outcome === 'withdrawn' ? '已撤回' : '未达成协议'}：${reason}。本诉求继续由${unit.name}办理`
        };
  await actOnCase(l.m.caseId, caseAction, ctx, () => Promise.resolve(viewer));
}

/**
 * end { mediationId, outcome, reason }: the case follows (resolved when agreed, else back to its unit
 * with the outcome, through the case flow). Requests: 2 + 1 + the case's own (1 user, 1 read, 1 write).
 */
export const end = action(
  z.object({ mediationId: id, outcome: z.enum(['agreed', 'failed', 'withdrawn']), reason: text(500) }),
  async ({ mediationId, outcome, reason }, ctx) => {
    const l = await load(mediationId, ctx);
    if (outcome === 'withdrawn') need(l.who, 'party', 'staff');
    else need(l.who, 'staff', 'mediator');
    const step = rules.end(l.m, outcome, reason, ctx.now);
    if (!step.ok) throw new AppError(step.code, step.detail);
    const next = await save(l, step, ctx);
    await caseFollows(l, next, ctx);
    return view(next, l.who);
  }
);

/**
 * stats { }: the assessment figures of the caller's unit and those under it: disputes mediated (joined),
 * agreed, success rate, agreements fully performed, confirmations filed. Requests: 1 user + 1 read.
 */
export const stats = action(z.object({}), async (_i, ctx) => {
  const ref = await loadReference(ctx.now);
  const staff = await requireStaff(ctx, ref);
  const ids = [...ref.units.values()]
    .filter((u) => u.id === staff.unit.id || u.parentId === staff.unit.id)
    .map((u) => u.id);
  const all = await mediationsOf(ids);
  const mediated = all.filter((m) => m.joinedAt && m.outcome !== 'declined');
  const ended = mediated.filter((m) => m.stage === 'ended');
  const agreed = ended.filter((m) => m.outcome === 'agreed').length;
  return {
    mediated: mediated.length,
    agreed,
    successRate: ended.length ? agreed / ended.length : null,
    performed: mediated.filter((m) => allPerformed(m)).length,
    confirmationsFiled: mediated.filter((m) => m.confirmation?.filedAt).length
  };
});
