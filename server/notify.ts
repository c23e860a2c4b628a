import type { Notice, NoticeEvent } from '../domain/case';
import { STATUS_LABELS } from '../domain/labels';
import { shanghaiIsoDate } from '../domain/time';
import { sdk } from './cloud';
import type { NotifyTemplates } from './reference';
import type { CaseDoc } from './repos/cases';

// Resident-facing events and their templates; staff see theirs in the 工作台 queue.
const RESIDENT_TEMPLATES: Partial<Record<NoticeEvent, keyof NotifyTemplates>> = {
  accepted: 'caseAccepted',
  replied: 'caseReplied',
  transferred: 'caseReplied',
  escalated: 'caseReplied',
  resolved: 'caseResolved',
  rejected: 'caseRejected',
  closed: 'caseReplied'
};

// Subscribe-message field limits: thing ≤ 20 characters, phrase ≤ 5.
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Tells the staff of each unit a case arrived at (their openids come with the cached reference data). */
export async function notifyUnits(c: CaseDoc, notices: readonly Notice[], staffOf: ReadonlyMap<string, readonly string[]>, templates: NotifyTemplates, now: Date): Promise<void> {
  const targets = notices.filter((n): n is Extract<Notice, { to: 'unit' }> => n.to === 'unit' && n.event === 'assigned');
  await Promise.all(
    targets.flatMap((n) =>
      (staffOf.get(n.unitId) ?? []).map((openid) =>
        send(openid, templates.caseAssigned, c, `新诉求：${c.categoryName}`, now).catch((e: unknown) => console.warn(`subscribe message to staff of ${n.unitId} failed`, e))
      )
    )
  );
}

function send(touser: string, templateId: string, c: CaseDoc, note: string, now: Date): Promise<unknown> {
  return sdk().openapi.subscribeMessage.send({
    touser,
    templateId,
    page: `pages/case/index?caseId=${c._id}`,
    data: {
      character_string1: { value: c.code },
      phrase2: { value: clip(STATUS_LABELS[c.status], 5) },
      thing3: { value: clip(note.replace(/\s+/g, ' '), 20) },
      time4: { value: shanghaiIsoDate(now) }
    }
  }) as Promise<unknown>;
}

/**
 * Sends the reporter's subscribe messages for a case change. A resident who did not subscribe
 * (errCode 43101) or a WeChat outage must not undo the change, so failures are logged only.
 */
export async function notifyReporter(c: CaseDoc, notices: readonly Notice[], note: string, templates: NotifyTemplates, now: Date): Promise<void> {
  const sends = notices
    .filter((n): n is Extract<Notice, { to: 'reporter' }> => n.to === 'reporter')
    .map((n) => RESIDENT_TEMPLATES[n.event])
    .filter((t): t is keyof NotifyTemplates => t !== undefined)
    .map((template) =>
      send(c.reporterId, templates[template], c, note, now).catch((e: unknown) => console.warn(`subscribe message ${template} to reporter of ${c.code} failed`, e))
    );
  await Promise.all(sends);
}
