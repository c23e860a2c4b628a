import { dueReminders } from '../../domain/mediationTimer';

const T0 = new Date('2026-03-02T01:00:00Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);
const draft = (by: Date) => ({
  version: 1,
  at: T0,
  facts: '漏水',
  issues: '修缮费',
  responsibilities: '李四负责',
  terms: [{ what: '赔偿500元', who: '李四', by }]
});

describe('dueReminders', () => {
  test('a session within a day is reminded once; a later or past one is not', () => {
    const m = {
      stage: 'mediating' as const,
      sessions: [
        { at: hours(5), place: '和议厅', video: false },
        { at: hours(30), place: '和议厅', video: false },
        { at: hours(-1), place: '和议厅', video: false }
      ],
      draft: null,
      performance: []
    };
    expect(dueReminders(m, T0).map((r) => r.key)).toEqual(['session:0']);
    expect(dueReminders({ ...m, reminded: ['session:0'] }, T0)).toEqual([]);
  });

  test('a term of an effective agreement is reminded before it is due unless already performed', () => {
    const m = { stage: 'effective' as const, sessions: [], draft: draft(hours(10)), performance: [null] };
    expect(dueReminders(m, T0)).toEqual([{ key: 'term:0', note: '协议履行提醒：赔偿500元', at: hours(10) }]);
    expect(dueReminders({ ...m, performance: [{ done: true, note: '', at: T0 }] }, T0)).toEqual([]);
    expect(dueReminders({ ...m, stage: 'ended' as const }, T0)).toEqual([]);
  });
});
