// The mini-program keeps copies of domain labels (DevTools compiles miniprogram/ alone): they must not drift.
import * as domain from '../../domain/labels';
import * as copy from '../../miniprogram/utils/labels';
import { CHANNEL_NAMES, REGISTER_CHANNELS } from '../../domain/channel';
import { formatTime, newRequestId } from '../../miniprogram/utils/format';

test('miniprogram/utils/labels.ts equals domain/labels.ts', () => {
  expect(copy.STATUS_LABELS).toEqual(domain.STATUS_LABELS);
  expect(copy.LEVEL_LABELS).toEqual(domain.LEVEL_LABELS);
  expect(copy.WHISTLE_ROLE_LABELS).toEqual(domain.WHISTLE_ROLE_LABELS);
  expect(copy.SATISFACTION_LABELS).toEqual(domain.SATISFACTION_LABELS);
  expect(copy.SATISFACTION_OPTIONS).toEqual(domain.SATISFACTION_OPTIONS);
  expect(copy.STATUS_OPTIONS).toEqual(domain.STATUS_OPTIONS);
  expect(copy.REGISTER_CHANNEL_OPTIONS).toEqual(REGISTER_CHANNELS.map((c) => ({ value: c, label: CHANNEL_NAMES[c] })));
  expect(Object.keys(copy.STATUS_THEMES).sort()).toEqual(Object.keys(domain.STATUS_LABELS).sort());
});

test('times show in Shanghai; request ids fit the server pattern and differ', () => {
  expect(formatTime('2026-11-26T16:05:00.000Z')).toBe('2026-11-27 00:05');
  expect(formatTime('')).toBe('');
  const ids = new Set(Array.from({ length: 100 }, () => newRequestId()));
  expect(ids.size).toBe(100);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
});
