// Filing a case someone told us about (多网合一): staff register it (cases.register) or a partner posts
// it (Open311). Same routing, numbers and deadlines as a resident's submit; the registering unit owes
// the first reply (谁登记谁回复) and the reporter rates by a follow-up call (duties.ts: ratesByCall).
import { createHash } from 'node:crypto';
import { openCase } from '../domain/case';
import { checkCaseLocation } from '../domain/caseLocation';
import { caseDayKey, formatCaseCode } from '../domain/caseCode';
import type { RegisterChannel } from '../domain/channel';
import type { GeoPoint } from '../typings/cases';
import { withDerived } from './caseFlow';
import { recordNewCase } from './counters';
import { AppError } from './function';
import { notifyUnits } from './notify';
import type { Reference } from './reference';
import { insertNumberedCase, nextCaseNumber, type CaseDoc } from './repos/cases';
import { enqueueCaseEvent } from './repos/partners';

export interface Registration {
  category: string;
  communityId: string;
  description: string;
  photos?: string[];
  location?: GeoPoint | null;
  major?: boolean;
  anonymous?: boolean;
  channel: RegisterChannel;
  /** As told; stored for the call back, never shown outside the handling unit. */
  reporterName?: string | null;
  reporterPhone?: string | null;
  /** Who registers: a staff member's openid or `partner:<keyId>`, and their unit. */
  by: { staffId: string; unitId: string };
  /** Names this registration: the same one twice files one case. */
  idempotencyKey: string;
}

/** Files the case (one insert, plus the counter, the unit's notice and webhook events at once). */
export async function registerCase(
  r: Registration,
  ref: Reference,
  now: Date
): Promise<{ doc: CaseDoc; inserted: boolean }> {
  const category = ref.categories.get(r.category);
  if (!category) throw new AppError('UNKNOWN_CATEGORY', r.category);
  if (ref.units.get(r.communityId)?.level !== 'community') throw new AppError('UNKNOWN_COMMUNITY', r.communityId);
  // The place must lie in the district, as a resident's pin must (domain/caseLocation.ts).
  const misplaced = r.location ? checkCaseLocation(r.location, r.communityId, ref.units) : null;
  if (misplaced) throw new AppError(misplaced.code, misplaced.detail);
  // The reporter has no openid here: the case id names the registration.
  const caseId = createHash('sha256')
    .update(`register\n${r.by.staffId}\n${r.idempotencyKey}`)
    .digest('hex')
    .slice(0, 32);
  const opened = openCase(
    {
      category: r.category,
      categoryName: category.name,
      communityId: r.communityId,
      major: r.major,
      reporterId: `${r.channel}:${caseId}`,
      registeredBy: r.by,
      channel: r.channel,
      at: now
    },
    ref.routing,
    ref.ctx
  );
  if (!opened.ok) throw new AppError(opened.code, opened.detail);
  const day = caseDayKey(now);
  const seq = await nextCaseNumber(day);
  const make = (n: number): CaseDoc =>
    withDerived(
      {
        ...opened.record,
        _id: caseId,
        code: formatCaseCode(now, n),
        day,
        seq: n,
        categoryName: category.name,
        description: r.description,
        photos: r.photos ?? [],
        location: r.location ?? null,
        contactPhone: r.reporterPhone ?? null,
        reporterName: r.reporterName ?? null,
        anonymous: r.anonymous === true,
        rejectReason: null,
        dueAt: null,
        updatedAt: now,
        timeline: [{ ...opened.timeline, data: { channel: r.channel } }]
      },
      ref,
      now
    );
  const stored = await insertNumberedCase(day, make(seq), make);
  if (stored.inserted)
    await Promise.all([
      recordNewCase(stored.doc, now),
      notifyUnits(stored.doc, opened.notify, ref.staffOf, ref.templates, now),
      enqueueCaseEvent(stored.doc, ref, now)
    ]);
  return stored;
}
