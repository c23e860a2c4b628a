// Subscribe messages of 三上三下三公开: each stage a topic reaches goes to its followers (the proposer
// follows their own); a late screening is 督办'd to the community's staff. Like case notices, a failed
// send is logged and never undoes the step.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { STAGE_LABELS, type Step } from '../domain/deliberation';
import { openapi } from './cloud';
import type { Reference } from './reference';
import { followersOf, type TopicDoc } from './repos/topics';

dayjs.extend(utc);

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Entries residents hear about (comments and progress notes are read on the page). */
const STAGE_ENTRIES = new Set([
  'accepted',
  'refused',
  'merged',
  'opinionsClosed',
  'draft',
  'approved',
  'rejected',
  'voteOpened',
  'voteClosed',
  'done'
]);

function send(touser: string, templateId: string, doc: TopicDoc, label: string, now: Date): Promise<unknown> {
  return openapi()
    .subscribeMessage.send({
      touser,
      templateId,
      page: `packageDeliberation/topic/index?topicId=${doc._id}`,
      data: {
        character_string1: { value: doc._id.slice(0, 12) },
        phrase2: { value: clip(label, 5) },
        thing3: { value: clip(doc.title.replace(/\s+/g, ' '), 20) },
        time4: { value: dayjs(now).utcOffset(480).format('YYYY年M月D日 HH:mm') }
      }
    })
    .catch((e: unknown) => console.warn(`deliberation message to ${touser} failed`, e));
}

/**
 * After a step: its followers hear the stage reached (template caseReplied: same fields), the council
 * hears of a late screening (caseSupervised). Requests: 1 (followers) + 1 per message; none when the
 * step is not one residents hear about.
 */
export async function notifyStep(
  doc: TopicDoc,
  step: Step & { overdue?: true },
  ref: Reference,
  now: Date
): Promise<void> {
  if (step.overdue) {
    const staff = ref.staffOf.get(doc.communityId) ?? [];
    await Promise.all(staff.map((s) => send(s, ref.templates.caseSupervised, doc, '督办初审', now)));
    return;
  }
  if (!step.entries.some((e) => STAGE_ENTRIES.has(e.kind))) return;
  const followers = await followersOf(doc._id);
  const label = STAGE_LABELS[doc.stage];
  await Promise.all(followers.map((f) => send(f, ref.templates.caseReplied, doc, label, now)));
}
