import {
  buildUnits,
  getUnit,
  indexUnits,
  inScope,
  isSelfOrAncestor,
  parentOf,
  sameLevel,
  scopePath,
  type Unit
} from '../../domain/org';
import {
  BAQIAO,
  DEPT_JUSTICE,
  DISTRICT,
  FENGYANG_VILLAGE,
  GANGHUA,
  org,
  PINGAN,
  units,
  XINSHANCUN,
  YUEJINCUN,
  YUEXIN
} from './fixtures';

const u = (id: string): Unit => getUnit(id, units)!;

describe('buildUnits', () => {
  it('builds the district, 8 towns, 97 communities and 37 departments', () => {
    const count = (kind: string) => units.filter((x) => x.kind === kind).length;
    expect(count('district')).toBe(1);
    expect(count('town')).toBe(8);
    expect(count('community')).toBe(97);
    expect(count('department')).toBe(37);
  });

  it('maps kinds to levels and keeps the finer kind', () => {
    expect(u(DISTRICT)).toEqual({
      id: DISTRICT,
      name: '大渡口区',
      kind: 'district',
      level: 'district',
      parentId: null,
      // Its bounding box, kept with the organisation data: a case pinned outside it is refused.
      bounds: { south: 29.36, west: 106.38, north: 29.54, east: 106.56 }
    });
    expect(u(XINSHANCUN)).toMatchObject({ kind: 'town', level: 'town', subKind: 'street', parentId: DISTRICT });
    expect(u(BAQIAO)).toMatchObject({ name: '八桥镇', kind: 'town', subKind: 'town' });
    expect(u(PINGAN)).toMatchObject({
      name: '平安社区',
      kind: 'community',
      level: 'community',
      subKind: 'community',
      parentId: XINSHANCUN
    });
    expect(u(FENGYANG_VILLAGE)).toMatchObject({
      kind: 'community',
      level: 'community',
      subKind: 'village',
      parentId: BAQIAO
    });
    expect(u(DEPT_JUSTICE)).toMatchObject({ name: '区司法局', kind: 'department', level: null, parentId: DISTRICT });
  });

  it('refuses unknown kinds and duplicate ids', () => {
    const bad = { ...org, towns: [{ ...org.towns[0], kind: 'county' }] };
    expect(() => buildUnits(bad)).toThrow(/unknown town kind/);
    const dup = { ...org, departments: [...org.departments, { id: PINGAN, name: 'x' }] };
    expect(() => buildUnits(dup)).toThrow(/duplicate/);
  });

  it('indexes a list once and accepts a map', () => {
    const map = indexUnits(units);
    expect(indexUnits(units)).toBe(map);
    expect(getUnit(PINGAN, map)?.name).toBe('平安社区');
    expect(getUnit('nope', units)).toBeUndefined();
  });
});

describe('hierarchy', () => {
  it('parentOf', () => {
    expect(parentOf(PINGAN, units)?.id).toBe(XINSHANCUN);
    expect(parentOf(XINSHANCUN, units)?.id).toBe(DISTRICT);
    expect(parentOf(DEPT_JUSTICE, units)?.id).toBe(DISTRICT);
    expect(parentOf(DISTRICT, units)).toBeNull();
    expect(parentOf('nope', units)).toBeNull();
  });

  it('scopePath lists the unit and its ancestors', () => {
    expect(scopePath(PINGAN, units)).toEqual([PINGAN, XINSHANCUN, DISTRICT]);
    expect(scopePath(BAQIAO, units)).toEqual([BAQIAO, DISTRICT]);
    expect(scopePath(DISTRICT, units)).toEqual([DISTRICT]);
    expect(() => scopePath('nope', units)).toThrow(RangeError);
  });

  it('isSelfOrAncestor', () => {
    expect(isSelfOrAncestor(PINGAN, PINGAN, units)).toBe(true);
    expect(isSelfOrAncestor(XINSHANCUN, PINGAN, units)).toBe(true);
    expect(isSelfOrAncestor(DISTRICT, PINGAN, units)).toBe(true);
    expect(isSelfOrAncestor(YUEJINCUN, PINGAN, units)).toBe(false);
    expect(isSelfOrAncestor(PINGAN, XINSHANCUN, units)).toBe(false);
  });

  it('sameLevel', () => {
    expect(sameLevel(u(PINGAN), u(FENGYANG_VILLAGE))).toBe(true);
    expect(sameLevel(u(XINSHANCUN), u(BAQIAO))).toBe(true);
    expect(sameLevel(u(PINGAN), u(XINSHANCUN))).toBe(false);
    expect(sameLevel(u(DEPT_JUSTICE), u('dept-police'))).toBe(false);
  });
});

describe('inScope', () => {
  it.each([
    [DISTRICT, PINGAN, true],
    [DISTRICT, BAQIAO, true],
    [XINSHANCUN, PINGAN, true],
    [XINSHANCUN, XINSHANCUN, true],
    [XINSHANCUN, YUEXIN, false],
    [XINSHANCUN, DISTRICT, false],
    [PINGAN, PINGAN, true],
    [PINGAN, GANGHUA, false],
    [PINGAN, XINSHANCUN, false],
    [DEPT_JUSTICE, PINGAN, false]
  ])('%s oversees %s: %s', (viewer, unitId, expected) => {
    expect(inScope(u(viewer), unitId, units)).toBe(expected);
  });

  it('a department oversees only itself', () => {
    expect(inScope(u(DEPT_JUSTICE), DEPT_JUSTICE, units)).toBe(true);
    expect(inScope(u(DEPT_JUSTICE), 'dept-police', units)).toBe(false);
  });
});
