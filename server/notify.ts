import type { Notice, NoticeEvent } from '../domain/case';
import { STATUS_LABELS } from '../domain/labels';
import { ratesByCall } from '../domain/channel';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { openapi } from './cloud';
import type { NotifyTemplates } from './reference';
import type { SweepDoc as CaseDoc } from './repos/cases';

dayjs.extend(utc);

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

// Staff-facing events and their templates (see templatesInForce for the optional ones).
const STAFF_TEMPLATES: Partial<Record<NoticeEvent, keyof NotifyTemplates>> = {
  assigned: 'caseAssigned',
  whistled: 'caseWhistled',
  withdrawn: 'caseWhistled',
  replied: 'caseAssigned',
  reminder: 'caseDue',
  overdue: 'caseDue',
  supervised: 'caseSupervised',
  extension: 'caseSupervised',
  dispatched: 'caseAssigned',
  urged: 'caseDue',
  retracted: 'caseAssigned'
};

/**
 * Tells staff: each unit's staff (their openids come with the cached reference data), or one person
 * (a dispatched cadre). Like the reporter's messages, a failed send is logged, never undoes the change.
 */
export async function notifyUnits(
  c: CaseDoc,
  notices: readonly Notice[],
  staffOf: ReadonlyMap<string, readonly string[]>,
  templates: Required<NotifyTemplates>,
  now: Date
): Promise<void> {
  const sends: Array<Promise<unknown>> = [];
  for (const n of notices) {
    if (n.to === 'reporter') continue;
    const key = STAFF_TEMPLATES[n.event];
    if (!key) continue;
    const template = templates[key];
    const note = n.note ?? `新诉求：${c.categoryName}`;
    const to = n.to === 'staff' ? [n.openid] : (staffOf.get(n.unitId) ?? []);
    for (const openid of to) {
      sends.push(
        send(openid, template, c, note, now, STAFF_CASE_PAGE).catch((e: unknown) =>
          console.warn(`subscribe message ${n.event} to ${openid} failed`, e)
        )
      );
    }
  }
  await Promise.all(sends);
}

// Where a message opens: residents their case page; staff the staff case page (its actions, its handling).
const RESIDENT_CASE_PAGE = 'pages/case/index';
const STAFF_CASE_PAGE = 'packageStaff/case/index';

function send(
  touser: string,
  templateId: string,
  c: CaseDoc,
  note: string,
  now: Date,
  page = RESIDENT_CASE_PAGE
): Promise<unknown> {
  return openapi().subscribeMessage.send({
    touser,
    templateId,
    page: `${page}?caseId=${c._id}`,
    data: {
      character_string1: { value: c.code },
      phrase2: { value: clip(STATUS_LABELS[c.status], 5) },
      thing3: { value: clip(note.replace(/\s+/g, ' '), 20) },
      // Functions run in UTC; residents read Beijing time.
      time4: { value: dayjs(now).utcOffset(480).format('YYYY年M月D日 HH:mm') }
    }
  });
}

/**
 * Sends the reporter's subscribe messages for a case change. A resident who did not subscribe
 * (errCode 43101) or a WeChat outage must not undo the change, so failures are logged only.
 */
export async function notifyReporter(
  c: CaseDoc,
  notices: readonly Notice[],
  note: string,
  templates: Required<NotifyTemplates>,
  now: Date
): Promise<void> {
  // Followers (关注, cases.follow) are told what the reporter is told; a reporter who filed by
  // phone, visit … has no WeChat subscriber to tell (回访 instead).
  const to = [...(ratesByCall(c) ? [] : [c.reporterId]), ...((c as { followerIds?: string[] }).followerIds ?? [])];
  const sends = notices
    .filter((n): n is Extract<Notice, { to: 'reporter' }> => n.to === 'reporter')
    .map((n) => ({ template: RESIDENT_TEMPLATES[n.event], text: n.note ?? note }))
    .filter((t): t is { template: keyof NotifyTemplates; text: string } => t.template !== undefined)
    .flatMap(({ template, text }) =>
      to.map((openid) =>
        send(openid, templates[template], c, text, now).catch((e: unknown) =>
          console.warn(`subscribe message ${template} to a resident of ${c.code} failed`, e)
        )
      )
    );
  await Promise.all(sends);
}
