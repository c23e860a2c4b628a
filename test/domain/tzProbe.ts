// Run by calendar.tz.test.ts in a child process with a chosen TZ (jest's sandboxed process.env
// cannot switch the zone of the running Node). Prints JSON on stdout.
import { isWorkday as libIsWorkday } from 'chinese-days';
import { addWorkingDays, chineseDaysWorkday, isWorkday, makeCalendar } from '../../domain/calendar';
import { dayToIso, isoToDay } from '../../domain/time';

function sample(): string[] {
  const cal = makeCalendar([{ date: '2027-01-01', workday: false }]);
  const starts = [
    '2026-02-13T16:00:00+08:00',
    '2026-09-30T23:30:00+08:00',
    '2026-10-08T00:30:00+08:00',
    '2026-12-31T10:00:00+08:00'
  ];
  const out: string[] = [];
  for (const s of starts)
    for (const n of [0, 1, 3, 10]) out.push(`${s}+${n}=${addWorkingDays(new Date(s), n, cal).toISOString()}`);
  for (const d of ['2026-10-10', '2026-09-27', '2026-02-14']) out.push(`${d}:${isWorkday(d, cal)}`);
  return out;
}

function mismatches(): string[] {
  const bad: string[] = [];
  for (let day = isoToDay('2004-01-01')!; day <= isoToDay('2026-12-31')!; day++) {
    const [y, m, d] = dayToIso(day).split('-').map(Number);
    if (chineseDaysWorkday(day) !== libIsWorkday(new Date(y, m - 1, d, 12))) bad.push(dayToIso(day));
  }
  return bad;
}

const offset = new Date(2026, 0, 1).getTimezoneOffset();
process.stdout.write(
  JSON.stringify(process.argv[2] === 'agree' ? { offset, mismatches: mismatches() } : { offset, sample: sample() })
);
