// Legal-service pools (人民调解员, 部门专家, 公益律师): who may keep a pool member, and the demo seed's shape. Pure.
import type { Mediator } from './mediation';
import type { Unit } from './org';

export type PoolKind = Mediator['pool'];

/** Who keeps a member: admins any; a 和议厅/调解室's staff their own hall; a department's staff its experts. */
export function mayKeepMember(
  keeper: { kind: 'admin' } | { kind: 'staff'; unit: Pick<Unit, 'id' | 'kind'> },
  pool: PoolKind,
  unitId: string | null
): boolean {
  if (keeper.kind === 'admin') return true;
  if (pool === 'lawyer') return false;
  if (pool === 'expert') return keeper.unit.kind === 'department' && unitId === keeper.unit.id;
  return keeper.unit.kind !== 'department' && unitId === keeper.unit.id;
}

const SURNAMES = '王李张刘陈杨黄赵周吴';
const GIVEN = ['秀英', '建国', '桂芳', '志强', '丽华', '德明'];

/** Demo members: two per 和议厅/调解室, an expert per department given, three lawyers; ids stable so seeding twice is harmless. */
export function demoPool(
  halls: ReadonlyArray<Pick<Unit, 'id' | 'name'>>,
  departments: ReadonlyArray<Pick<Unit, 'id' | 'name'>>,
  categoriesOf: (unitId: string) => string[]
): Array<Omit<Mediator, 'load'>> {
  const name = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}（演示）`;
  const out: Array<Omit<Mediator, 'load'>> = [];
  let i = 0;
  for (const h of halls)
    for (const grade of [2, 1])
      out.push({
        id: `demo-${h.id}-${grade}`,
        name: name(i++),
        phone: null,
        openid: null,
        pool: 'hall',
        unitId: h.id,
        categories: ['neighbor', 'marriage-family'],
        grade,
        relations: []
      });
  for (const d of departments)
    out.push({
      id: `demo-${d.id}`,
      name: name(i++),
      phone: null,
      openid: null,
      pool: 'expert',
      unitId: d.id,
      categories: categoriesOf(d.id),
      grade: 2,
      relations: []
    });
  for (let k = 1; k <= 3; k++)
    out.push({
      id: `demo-lawyer-${k}`,
      name: name(i++),
      phone: null,
      openid: null,
      pool: 'lawyer',
      unitId: null,
      categories: ['contract', 'labor', 'damages'],
      grade: 2,
      relations: []
    });
  return out;
}

/** A community legal adviser (法律顾问) owes a reply to a question within this long, like a unit's first reply. */
export const REPLY_WITHIN_MS = 3 * 24 * 3600_000;
/** 督办 after the reply is this late. */
export const SUPERVISE_LATE_MS = 24 * 3600_000;

/** The next visiting day at or after `now` (Shanghai dates): visiting weekdays 1–7 (Monday–Sunday). Pure. */
export function nextVisit(weekdays: readonly number[], now: Date): Date | null {
  if (weekdays.length === 0) return null;
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  for (let d = 0; d < 7; d++) {
    const day = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + d));
    const weekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
    if (weekdays.includes(weekday)) return new Date(day.getTime() - 8 * 3600_000); // that day's 00:00 in Shanghai
  }
  return null;
}

export type QuestionState = 'waiting' | 'overdue' | 'supervised' | 'answered';

/** Where a question stands at `now`: answered, waiting within its time, overdue, or late enough for 督办. Pure. */
export function questionState(q: { askedAt: Date; repliedAt: Date | null }, now: Date): QuestionState {
  if (q.repliedAt) return 'answered';
  const late = now.getTime() - (q.askedAt.getTime() + REPLY_WITHIN_MS);
  if (late < 0) return 'waiting';
  return late >= SUPERVISE_LATE_MS ? 'supervised' : 'overdue';
}

/** The eligibility questions of a legal-aid application (法律援助条例: economic hardship and a matter it covers). */
export interface AidAnswers {
  /** Family income below the local minimum-living or hardship standard. */
  hardship: boolean;
  /** The matter: one of the covered kinds. */
  matter: 'wages' | 'injury' | 'family-support' | 'compensation' | 'other';
  /** Already represented by a lawyer. */
  hasLawyer: boolean;
}

const COVERED = new Set(['wages', 'injury', 'family-support', 'compensation']);

/** A first eligibility reading the centre sees beside the application; the centre decides. Pure. */
export function aidPrecheck(a: AidAnswers): { likely: boolean; notes: string[] } {
  const notes: string[] = [];
  if (!a.hardship) notes.push('未说明经济困难，需补充收入证明');
  if (!COVERED.has(a.matter)) notes.push('事项不在常见援助范围，需中心审查');
  if (a.hasLawyer) notes.push('已委托律师的，一般不再提供法律援助');
  // Wage arrears and work injuries are aided without the hardship test (法律援助法 Art. 32).
  const exempt = a.matter === 'wages' || a.matter === 'injury';
  return { likely: (a.hardship || exempt) && COVERED.has(a.matter) && !a.hasLawyer, notes };
}
