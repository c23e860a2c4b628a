// 莎姐调解 and legal services: what the mediation and legal functions take and answer (pages and tests share these).

export type MediationStage = 'inviting' | 'choosing' | 'mediating' | 'effective' | 'ended';
export type MediationOutcome = 'agreed' | 'failed' | 'withdrawn' | 'declined';
export type SignerRole = 'applicant' | 'respondent' | 'mediator';

export interface MediationTerm {
  what: string;
  who: string;
  /** ISO date (JSON) or Date (tests in process). */
  by: string | Date;
}

export interface MediationView {
  mediationId: string;
  caseId: string;
  stage: MediationStage;
  outcome: MediationOutcome | null;
  applicant: { name: string; phone: string | null };
  respondent: { name: string; phone: string | null };
  mediatorId: string | null;
  mediatorName: string | null;
  sessions: Array<{ at: string | Date; place: string; video: boolean }>;
  minutes: Array<{ at: string | Date; text: string }>;
  draft: {
    version: number;
    facts: string;
    issues: string;
    responsibilities: string;
    terms: MediationTerm[];
  } | null;
  signed: Partial<Record<SignerRole, boolean>>;
  effectiveAt: string | Date | null;
  confirmationDueAt: string | Date | null;
  confirmation: {
    appliedAt: string | Date | null;
    filedAt: string | Date | null;
    ruling: 'confirmed' | 'rejected' | null;
  };
  performance: Array<{ done: boolean; note: string } | null>;
  endReason: string | null;
  hasAgreement: boolean;
  me?: { party: 'applicant' | 'respondent' | null; mediator: boolean; staff: boolean };
}

export interface MediationCandidate {
  mediatorId: string;
  name: string;
  pool: 'hall' | 'expert' | 'lawyer';
  score: number;
  reasons: string[];
}

export interface MediationInvitation {
  categoryName: string;
  summary: string;
  applicantName: string;
  expiresAt: string | Date;
  usable: boolean;
}

type Id = { mediationId: string };

export type MediationActions = {
  open: {
    req: { caseId: string; respondentUnitId?: string };
    res: { mediationId: string; joinToken: string; joinPath: string; joinExpiresAt: string | Date };
  };
  invitation: { req: { token: string }; res: MediationInvitation };
  join: {
    req: { token: string; agree: boolean; name: string; phone?: string; reason?: string };
    res: MediationView & { options: string[] };
  };
  get: { req: Id; res: MediationView };
  candidates: { req: Id; res: { items: MediationCandidate[] } };
  prefer: { req: Id & { mediatorId: string }; res: MediationView };
  assign: { req: Id & { mediatorId: string }; res: MediationView };
  recuse: { req: Id & { reason: string }; res: MediationView };
  schedule: { req: Id & { at: string; place: string }; res: MediationView };
  minutes: { req: Id & { text: string }; res: MediationView };
  draft: {
    req: Id & {
      facts: string;
      issues: string;
      responsibilities: string;
      terms: Array<{ what: string; who: string; by: string }>;
    };
    res: MediationView;
  };
  sign: { req: Id & { draftVersion: number; signature: string }; res: MediationView };
  agreement: { req: Id; res: { url: string; fileId: string } };
  confirmation: {
    req: Id & { step: 'apply' | 'filed' | 'ruling'; ruling?: 'confirmed' | 'rejected' };
    res: MediationView & { court: string; applicationUrl: string | null };
  };
  performance: {
    req: Id & { termIndex: number; done: boolean; note: string };
    res: MediationView & { allPerformed: boolean };
  };
  end: { req: Id & { outcome: 'agreed' | 'failed' | 'withdrawn'; reason: string }; res: MediationView };
  stats: {
    req: Record<string, never>;
    res: {
      mediated: number;
      agreed: number;
      successRate: number | null;
      performed: number;
      confirmationsFiled: number;
    };
  };
};

export type AidMatter = 'wages' | 'injury' | 'family-support' | 'compensation' | 'other';

export type LegalActions = {
  adviser: {
    req: { communityId: string };
    res: {
      adviser: { name: string; phone: string | null; weekdays: number[]; nextVisit: string | Date | null } | null;
    };
  };
  ask: { req: { communityId: string; text: string }; res: { questionId: string; state: string } };
  questions: {
    req: { communityId?: string };
    res: {
      items: Array<{
        questionId: string;
        text: string;
        askedAt: string | Date;
        reply: string | null;
        state: 'waiting' | 'overdue' | 'supervised' | 'answered';
      }>;
    };
  };
  aid: {
    req: { name: string; phone: string; matter: AidMatter; hardship: boolean; hasLawyer: boolean; summary: string };
    res: { aidId: string; status: string; routedTo: string; precheck: { likely: boolean; notes: string[] } };
  };
  rate: {
    req: { mediationId?: string; questionId?: string; stars: number; comment?: string };
    res: { rated: string; stars: number };
  };
};
