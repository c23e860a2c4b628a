// Where a new case starts, where it escalates to, where it may be transferred. Rules are data
// (seeded from defaults below, edited by admins).
import type { Level } from './enums';
import { fail, type Failure } from './errors';
import { hallName } from './labels';
import { getUnit, parentOf, sameLevel, type Unit, type Units } from './org';

/** A category that starts above the community level; `reason` (optional) is appended to the timeline text. */
export interface RoutingRule {
  category: string;
  startLevel: Level;
  reason?: string;
}

/**
 * Default starting levels, by category id of data/dadukou-org.json. ALL GUESSED (not a published
 * Dadukou rule); categories not listed start at the community (小事不出村).
 */
export const DEFAULT_START_LEVELS: Readonly<Record<string, Level>> = {
  'land-forest': 'town', // 土地管理法第14条: 土地权属争议由乡级以上人民政府处理
  'land-expropriation': 'town', // the government is a party; a community cannot mediate it
  'village-affairs': 'town', // complaints about the 村/居委会 itself; 镇街 supervises 村务
  labor: 'town', // 劳动争议调解仲裁法第10条: 乡镇、街道的劳动争议调解组织
  consumer: 'town', // 市场监管所 sits at 镇街
  'food-safety': 'town', // idem
  pollution: 'town', // needs enforcement; several communities often concerned
  'urban-mgmt': 'town', // 城管执法 at 镇街
  medical: 'district', // 医疗纠纷人民调解委员会 is district-level (医疗纠纷预防和处理条例)
  traffic: 'district', // 交巡警支队 and its 交调委 are district-level
  campus: 'district', // schools are run by 区教委
  tourism: 'district' // 区文化旅游委
};

/** Routing rules for the given categories from DEFAULT_START_LEVELS (guessed defaults, admin-editable). */
export function defaultRoutingRules(categories: ReadonlyArray<{ id: string }>): RoutingRule[] {
  const rules: RoutingRule[] = [];
  for (const c of categories) {
    const level = DEFAULT_START_LEVELS[c.id];
    if (level) rules.push({ category: c.id, startLevel: level });
  }
  return rules;
}

export interface RouteInput {
  category: string;
  categoryName?: string; // for the timeline text; falls back to the id
  communityId: string;
  major?: boolean; // 重大事项: straight to the district
}

export type RouteResult = { ok: true; level: Level; unitId: string; reason: string } | Failure;

const RANK: Record<Level, number> = { community: 0, town: 1, district: 2 };

/** The unit at `level` above (or at) a community: itself, its town, or the district. */
export function unitAtLevel(communityId: string, level: Level, units: Units): Unit | null {
  let u = getUnit(communityId, units) ?? null;
  while (u && u.level !== level) u = u.parentId === null ? null : (getUnit(u.parentId, units) ?? null);
  return u;
}

/** The unit itself, or the nearest active one above it (a deactivated unit takes no new cases); null if none. */
export function activeSelfOrAbove(unit: Unit | null, units: Units): Unit | null {
  let u = unit;
  for (let n = 0; u && u.inactive && n < 8; n++) u = u.parentId === null ? null : (getUnit(u.parentId, units) ?? null);
  return u && !u.inactive ? u : null;
}

/**
 * Where a new case goes: its community's 和议厅, unless its category's rule (the last matching one)
 * starts higher, or it is major (→ 区莎姐调解中心); a deactivated unit is passed over for the active
 * one above it. `reason` is Chinese timeline text.
 */
export function route(input: RouteInput, rules: readonly RoutingRule[], units: Units): RouteResult {
  const community = getUnit(input.communityId, units);
  if (!community || community.kind !== 'community') return fail('UNKNOWN_COMMUNITY', input.communityId);
  let rule: RoutingRule | undefined;
  for (const r of rules) if (r.category === input.category) rule = r;

  let level: Level = 'community';
  if (rule && RANK[rule.startLevel] > RANK[level]) level = rule.startLevel;
  if (input.major) level = 'district';
  const atLevel = unitAtLevel(community.id, level, units);
  if (!atLevel) return fail('UNKNOWN_UNIT', `no ${level} above ${community.id}`);
  const unit = activeSelfOrAbove(atLevel, units);
  if (!unit || unit.level === null) return fail('UNIT_INACTIVE', atLevel.id);
  level = unit.level;

  const hall = hallName(unit);
  let reason: string;
  if (input.major) reason = `重大事项，直接由${hall}受理`;
  else if (rule) {
    const name = input.categoryName || input.category;
    reason = `按类别「${name}」规则，${level === 'community' ? '' : '直接'}由${hall}受理`;
    if (rule.reason) reason += `（${rule.reason}）`;
  } else reason = `按属地原则，由${hall}受理`;
  if (unit.id !== atLevel.id) reason += `（${atLevel.name}已停用）`;
  return { ok: true, level, unitId: unit.id, reason };
}

/** The unit a case escalates to: community → its town → district; null at the district or for a department. */
export function escalationTarget(unitId: string, units: Units): Unit | null {
  const u = getUnit(unitId, units);
  if (!u || u.level === null || u.level === 'district') return null;
  return activeSelfOrAbove(parentOf(unitId, units), units);
}

/** Whether a case may be transferred between these units (same level only). */
export function checkTransfer(fromUnitId: string, toUnitId: string, units: Units): { ok: true; to: Unit } | Failure {
  const from = getUnit(fromUnitId, units);
  const to = getUnit(toUnitId, units);
  if (!from) return fail('UNKNOWN_UNIT', fromUnitId);
  if (!to) return fail('UNKNOWN_UNIT', toUnitId);
  if (from.id === to.id) return fail('TRANSFER_SAME_UNIT');
  if (to.inactive) return fail('UNIT_INACTIVE', to.id);
  if (!sameLevel(from, to)) return fail('TRANSFER_LEVEL_MISMATCH', `${from.level} → ${to.level}`);
  return { ok: true, to };
}
