// The documents `setup` loads: data/dadukou-org.json mapped to units, categories and config docs,
// keeping the file's provenance (sources, notes) and its guess flags, so admins can see what to check.
import { createHash } from 'node:crypto';
import orgFile from '../data/dadukou-org.json';
import { DEFAULT_DEADLINE_RULES } from '../domain/deadlines';
import { buildUnits, type OrgData } from '../domain/org';
import { defaultRoutingRules } from '../domain/routing';
import { LOCAL_TEMPLATES, type CategoryDoc, type UnitDoc } from './reference';
import type { UserDoc } from './repos/users';

/** The parts of the data file we load, beyond what buildUnits reads. */
interface OrgFile extends OrgData {
  about: string;
  dataYear: number;
  dataYearNote: string;
  sources: unknown[];
  notes: string[];
  changesSince2020: unknown;
  counts: Record<string, number>;
  district: {
    id: string;
    name: string;
    code: string;
    units: string[];
    bounds?: { south: number; west: number; north: number; east: number; guess?: boolean; note?: string };
  };
  towns: ReadonlyArray<{
    id: string;
    name: string;
    code: string;
    kind: string;
    communities: ReadonlyArray<{ id: string; name: string; officialName: string; code: string; kind: string }>;
  }>;
  departments: ReadonlyArray<{
    id: string;
    name: string;
    fullName: string;
    handles: string[];
    guess: boolean;
    note?: string;
  }>;
  disputeCategories: ReadonlyArray<{
    id: string;
    name: string;
    defaultDepartment: string | null;
    alsoInvolved: string[];
    guess: boolean;
    basis: string;
  }>;
}

const ORG: OrgFile = orgFile;

/** A unit as stored: the routing fields plus what the data file says about it. */
export type UnitSeedDoc = UnitDoc & {
  code?: string;
  fullName?: string;
  handles?: string[];
  note?: string;
  /** The district's own centres (区综治中心, 区莎姐调解中心, …). */
  centres?: string[];
};

/** A config document; `updatedBy` is 'seed' or the admin's openid. */
export type ConfigSeedDoc = { _id: string; updatedAt: Date; updatedBy: string | null } & Record<string, unknown>;

export interface OrgSeed {
  units: UnitSeedDoc[];
  categories: CategoryDoc[];
  config: ConfigSeedDoc[];
}

export const DEMO_ADMIN_OPENID = 'admin-1';

/** The demo staff openid of a unit, e.g. staff-500104001001, staff-dept-justice. */
export function demoStaffOpenid(unitId: string): string {
  return `staff-${unitId}`;
}

/** Every document the organisation seed consists of; throws if the data file is inconsistent. */
export function orgSeed(now: Date): OrgSeed {
  const extra = new Map<string, Partial<UnitSeedDoc>>();
  extra.set(ORG.district.id, { code: ORG.district.code, centres: [...ORG.district.units] });
  for (const t of ORG.towns) {
    extra.set(t.id, { code: t.code });
    for (const c of t.communities) extra.set(c.id, { code: c.code, officialName: c.officialName });
  }
  for (const d of ORG.departments) {
    extra.set(d.id, {
      fullName: d.fullName,
      handles: [...d.handles],
      guess: d.guess,
      ...(d.note ? { note: d.note } : {})
    });
  }
  // NBS units are published facts; only departments carry a guess flag in the file.
  const units: UnitSeedDoc[] = buildUnits(ORG).map(({ id, subKind, ...rest }) => ({
    _id: id,
    ...rest,
    ...(subKind ? { subKind } : {}),
    guess: false,
    ...extra.get(id)
  }));

  const unitIds = new Set(units.map((u) => u._id));
  const categories: CategoryDoc[] = ORG.disputeCategories.map((c) => {
    for (const dep of [c.defaultDepartment, ...c.alsoInvolved]) {
      if (dep !== null && !unitIds.has(dep)) throw new Error(`category ${c.id} names unknown department ${dep}`);
    }
    return {
      _id: c.id,
      name: c.name,
      defaultDepartment: c.defaultDepartment,
      alsoInvolved: [...c.alsoInvolved],
      guess: c.guess,
      basis: c.basis
    };
  });

  const stamp = { updatedAt: now, updatedBy: 'seed' };
  const config: ConfigSeedDoc[] = [
    { _id: 'routing', rules: defaultRoutingRules(ORG.disputeCategories), ...stamp },
    { _id: 'deadlines', rules: DEFAULT_DEADLINE_RULES.map((r) => ({ ...r })), ...stamp },
    { _id: 'calendar', overrides: [], ...stamp },
    { _id: 'notify', templates: { ...LOCAL_TEMPLATES }, ...stamp },
    {
      _id: 'orgSource',
      about: ORG.about,
      dataYear: ORG.dataYear,
      dataYearNote: ORG.dataYearNote,
      sources: ORG.sources,
      notes: ORG.notes,
      changesSince2020: ORG.changesSince2020,
      counts: ORG.counts,
      ...stamp
    }
  ];
  return { units, categories, config };
}

/** A demo binding's staffId: derived, so re-seeding gives the same one (real bindings get random ids). */
function demoStaffId(openid: string): string {
  return 'demo' + createHash('sha256').update(openid).digest('base64url').slice(0, 12);
}

/** Demo bindings: admin-1 (at the district) and one staff member for every unit. */
export function demoUsers(units: ReadonlyArray<Pick<UnitSeedDoc, '_id' | 'name' | 'kind'>>, now: Date): UserDoc[] {
  const district = units.find((u) => u.kind === 'district');
  const admin: UserDoc = {
    _id: DEMO_ADMIN_OPENID,
    role: 'admin',
    unitId: district?._id ?? null,
    unitName: district?.name ?? null,
    createdAt: now,
    staffId: demoStaffId(DEMO_ADMIN_OPENID),
    name: '演示管理员'
  };
  return [
    admin,
    ...units.map((u): UserDoc => ({
      _id: demoStaffOpenid(u._id),
      role: 'staff',
      unitId: u._id,
      unitName: u.name,
      createdAt: now,
      staffId: demoStaffId(demoStaffOpenid(u._id)),
      name: `${u.name}工作人员`
    }))
  ];
}
