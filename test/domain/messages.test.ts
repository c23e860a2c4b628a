import { CASE_ACTIONS, CASE_STATUSES, DUTY_KINDS, isOneOf, LEVELS, SATISFACTIONS } from '../../domain/enums';
import { fail, isErrorCode, MESSAGES, messageOf } from '../../domain/errors';
import {
  ACTION_LABELS,
  DUTY_LABELS,
  hallName,
  LEVEL_HALLS,
  LEVEL_LABELS,
  SATISFACTION_LABELS,
  SATISFACTION_OPTIONS,
  STATUS_LABELS,
  STATUS_OPTIONS
} from '../../domain/labels';
import { TRANSITIONS } from '../../domain/caseState';
import type { AppError } from '../../server/function';
import type { Fail } from '../../typings/result';

const HAN = /[\u4e00-\u9fff]/;

describe('errors', () => {
  it('has a Chinese message for every code, and UPPER_SNAKE codes', () => {
    for (const [code, msg] of Object.entries(MESSAGES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(msg).toMatch(HAN);
      // No codes leaking into messages; case numbers (DDK-…) are what residents see on their receipts.
      expect(msg.replace(/DDK-/g, '')).not.toMatch(/[A-Z]{3,}/);
    }
  });

  it('includes the generic codes others rely on', () => {
    for (const code of [
      'BAD_REQUEST',
      'UNKNOWN_ACTION',
      'FIELD_REQUIRED',
      'FIELD_INVALID',
      'NOT_FOUND',
      'FORBIDDEN',
      'NOT_STAFF',
      'NOT_ADMIN',
      'INTERNAL',
      'CONTENT_RISKY',
      'UNKNOWN_CATEGORY',
      'UNKNOWN_COMMUNITY',
      'DESCRIPTION_TOO_LONG',
      'TOO_MANY_PHOTOS',
      'PHONE_INVALID',
      'ILLEGAL_TRANSITION',
      'OUT_OF_SCOPE',
      'TRANSFER_LEVEL_MISMATCH',
      'CANNOT_ESCALATE',
      'ALREADY_RATED',
      'NOT_REPORTER',
      'INVITE_INVALID',
      'INVITE_USED'
    ]) {
      expect(isErrorCode(code)).toBe(true);
    }
  });

  it('has a message for every code the state machine can return', () => {
    for (const row of Object.values(TRANSITIONS))
      for (const cell of Object.values(row)) if (cell !== true) expect(isErrorCode(cell)).toBe(true);
  });

  it('helpers', () => {
    expect(messageOf('NOT_FOUND')).toBe(MESSAGES.NOT_FOUND);
    expect(messageOf('toString')).toBe(MESSAGES.INTERNAL);
    expect(messageOf('WHATEVER')).toBe(MESSAGES.INTERNAL);
    expect(fail('NOT_FOUND')).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(fail('NOT_FOUND', 'case 1')).toEqual({ ok: false, code: 'NOT_FOUND', detail: 'case 1' });
  });

  it('types codes end to end: a misspelt code does not compile (tsc checks the expect-errors)', () => {
    type ServerCode = ConstructorParameters<typeof AppError>[0];
    const server: ServerCode = 'NOT_FOUND';
    const client: Fail['code'] = 'NETWORK';
    // @ts-expect-error a typo is no ErrorCode
    const typo: ServerCode = 'NOT_FOUNDD';
    // @ts-expect-error the mini-program's own codes are never a cloud function's
    const clientOnServer: ServerCode = 'NETWORK';
    // @ts-expect-error nor a typo on the client
    const clientTypo: Fail['code'] = 'NETWROK';
    expect([server, client, typo, clientOnServer, clientTypo].every((c) => typeof c === 'string')).toBe(true);
  });
});

describe('labels', () => {
  it('labels every code in Chinese', () => {
    const all: Array<[readonly string[], Record<string, string>]> = [
      [CASE_STATUSES, STATUS_LABELS],
      [LEVELS, LEVEL_LABELS],
      [LEVELS, LEVEL_HALLS],
      [SATISFACTIONS, SATISFACTION_LABELS],
      [CASE_ACTIONS, ACTION_LABELS],
      [DUTY_KINDS, DUTY_LABELS]
    ];
    for (const [codes, labels] of all) {
      expect(Object.keys(labels).sort()).toEqual([...codes].sort());
      for (const c of codes) expect(labels[c]).toMatch(HAN);
    }
  });

  it('gives ordered options for pickers', () => {
    expect(SATISFACTION_OPTIONS).toEqual([
      { value: 'satisfied', label: '满意' },
      { value: 'basic', label: '基本满意' },
      { value: 'unsatisfied', label: '不满意' }
    ]);
    expect(STATUS_OPTIONS.map((o) => o.value)).toEqual([...CASE_STATUSES]);
  });

  it('names the venues', () => {
    expect(hallName({ name: '平安社区', level: 'community' })).toBe('平安社区和议厅');
    expect(hallName({ name: '八桥镇', level: 'town' })).toBe('八桥镇调解室');
    expect(hallName({ name: '大渡口区', level: 'district' })).toBe('区莎姐调解中心');
    expect(hallName({ name: '区司法局', level: null })).toBe('区司法局');
  });

  it('isOneOf narrows request input', () => {
    expect(isOneOf(LEVELS, 'town')).toBe(true);
    expect(isOneOf(LEVELS, 'city')).toBe(false);
    expect(isOneOf(LEVELS, 1)).toBe(false);
  });
});
