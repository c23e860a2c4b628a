import { maskPhone, normalizeMobile } from '../../domain/mask';

describe('mainland mobile numbers', () => {
  it.each([
    ['13812341234', '13812341234'],
    ['19912341234', '19912341234'],
    ['138 1234 1234', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+8613812341234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['008613812341234', '13812341234'],
    ['8613812341234', '13812341234'],
    ['12812341234', null], // no 12x mobiles
    ['1381234123', null],
    ['138123412345', null],
    ['02368812345', null], // Chongqing landline
    ['1381234123a', null],
    ['', null]
  ])('%s → %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it('rejects non-strings from untyped callers', () => {
    expect(normalizeMobile(13812341234 as unknown as string)).toBeNull();
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['+86 138 1234 1234', '138****1234'],
    ['023-68812345', '023****2345'],
    ['12345678', '123*5678'],
    ['1234567', '*******'],
    ['', '']
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});
