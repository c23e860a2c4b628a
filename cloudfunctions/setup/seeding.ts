import { COLLECTIONS } from '../../server/collections';
import { ensureCounterYears } from '../../server/counters';
import { demoStaffOpenid, demoUsers, orgSeed } from '../../server/orgSeed';
import { addStaff } from '../../server/repos/staff';
import type { SeedDemoResult, SeedResult } from '../../typings/setup';
import { createCollection, existingIds, insertMissing, type Existing } from '../../server/bulk';

type Docs = ReadonlyArray<{ _id: string }>;

/**
 * Creates every collection and inserts the missing seed documents; existing documents are never
 * rewritten. Requests: one read (or create) per collection, then one insert per seeded collection
 * that lacks documents; a re-run only reads.
 */
export async function seedAll(now: Date, withDemo: boolean): Promise<SeedResult & Partial<SeedDemoResult>> {
  const plan = orgSeed(now);
  // Demo units carry their staff member from the start, so a fresh seedDemo costs no unit updates.
  const units = withDemo ? plan.units.map((u) => ({ ...u, staffOpenids: [demoStaffOpenid(u._id)] })) : plan.units;
  const docs: Partial<Record<string, Docs>> = {
    [COLLECTIONS.units]: units,
    [COLLECTIONS.categories]: plan.categories,
    [COLLECTIONS.config]: plan.config,
    ...(withDemo ? { [COLLECTIONS.users]: demoUsers(plan.units, now) } : {})
  };
  const names: string[] = Object.values(COLLECTIONS);

  const found = await Promise.all(
    names.map(async (name): Promise<Existing> => {
      const list = docs[name];
      return list
        ? existingIds(
            name,
            list.map((d) => d._id)
          )
        : { ids: new Set(), created: await createCollection(name) };
    })
  );
  const existing = new Map(names.map((n, i) => [n, found[i]]));
  const has = (name: string, id: string): boolean => existing.get(name)?.ids.has(id) ?? false;

  if (withDemo) {
    // Units a plain `seed` inserted earlier get their demo staff member before the user document
    // is written: that document marks the binding done, so a failure in between is redone next run.
    const late = plan.units.filter(
      (u) => has(COLLECTIONS.units, u._id) && !has(COLLECTIONS.users, demoStaffOpenid(u._id))
    );
    await Promise.all(late.map((u) => addStaff(u._id, demoStaffOpenid(u._id))));
  }

  const inserted = new Map<string, string[]>();
  await Promise.all(
    names.map(async (name) => {
      const list = docs[name];
      if (list) inserted.set(name, await insertMissing(name, list, existing.get(name)?.ids ?? new Set()));
    })
  );
  const created = (name: string): string[] => inserted.get(name) ?? [];
  const kindOf = new Map(plan.units.map((u) => [u._id, u.kind]));
  const unitCount = (kind: string): number => created(COLLECTIONS.units).filter((id) => kindOf.get(id) === kind).length;

  const result: SeedResult & Partial<SeedDemoResult> = {
    collectionsCreated: names.filter((n) => existing.get(n)?.created),
    created: {
      district: unitCount('district'),
      towns: unitCount('town'),
      communities: unitCount('community'),
      departments: unitCount('department'),
      categories: created(COLLECTIONS.categories).length,
      config: created(COLLECTIONS.config)
    }
  };
  if (withDemo) result.demoUsersCreated = created(COLLECTIONS.users).length;
  // Assessment counters exist before the first case, so counting an event is one write.
  await ensureCounterYears(
    plan.units.map((u) => u._id),
    now
  );
  return result;
}
