import { caseDayKey, formatCaseCode, parseCaseCode } from '../../domain/caseCode';

describe('case numbers DDK-YYYYMMDD-NNNN', () => {
  it('uses the Shanghai date', () => {
    expect(formatCaseCode(new Date('2026-09-30T16:30:00Z'), 1)).toBe('DDK-20261001-0001'); // 00:30 in Shanghai
    expect(formatCaseCode(new Date('2026-09-30T15:59:59Z'), 42)).toBe('DDK-20260930-0042');
    expect(caseDayKey(new Date('2026-12-31T16:00:00Z'))).toBe('20270101');
    expect(formatCaseCode(new Date('2026-03-09T10:00:00+08:00'), 9999)).toBe('DDK-20260309-9999');
  });

  it('refuses sequences outside 1..9999', () => {
    for (const seq of [0, -1, 10000, 1.5, NaN])
      expect(() => formatCaseCode(new Date('2026-03-09T10:00:00+08:00'), seq)).toThrow(RangeError);
  });

  it('parses what it formats, and nothing else', () => {
    expect(parseCaseCode('DDK-20261001-0001')).toEqual({ date: '2026-10-01', seq: 1 });
    expect(parseCaseCode(' ddk-20261001-0123 ')).toEqual({ date: '2026-10-01', seq: 123 });
    for (const bad of [
      'DDK-20261301-0001',
      'DDK-20260230-0001',
      'DDK-20261001-0000',
      'DDK-2026101-0001',
      'DDK-20261001-00001',
      'ABC-20261001-0001',
      ''
    ]) {
      expect(parseCaseCode(bad)).toBeNull();
    }
  });
});
