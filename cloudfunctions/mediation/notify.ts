import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { MediationRecord } from '../../domain/mediation';
import { openapi } from '../../server/cloud';
import type { Reference } from '../../server/reference';

dayjs.extend(utc);

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Tells both parties (subscribe message, the resident reply template); a failed send never undoes the step. */
export async function notifyParties(
  m: MediationRecord & { _id: string },
  note: string,
  when: Date,
  ref: Reference
): Promise<void> {
  const to = [m.applicant.openid, m.respondent.openid].filter((o): o is string => !!o);
  await Promise.all(
    to.map((touser) =>
      openapi()
        .subscribeMessage.send({
          touser,
          templateId: ref.templates.caseReplied,
          page: `packageMediation/mediation/index?mediationId=${m._id}`,
          data: {
            character_string1: { value: m._id.slice(0, 32) },
            phrase2: { value: '人民调解' },
            thing3: { value: clip(note, 20) },
            time4: { value: dayjs(when).utcOffset(480).format('YYYY年M月D日 HH:mm') }
          }
        })
        .catch((e: unknown) => console.warn(`mediation message to ${touser} failed`, e))
    )
  );
}
