import { INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, isInt32, isInt64, parseInt64 } from '../../src/util/bounds';

describe('isInt32', () => {
  test('the bounds are int32\'s', () => {
    expect(INT32_MAX).toBe(2 ** 31 - 1);
    expect(INT32_MIN).toBe(-(2 ** 31));
  });

  test.each<[number, number | undefined, boolean]>([
    [0, undefined, true],
    [INT32_MAX, undefined, true],
    [INT32_MAX + 1, undefined, false],
    [INT32_MIN, undefined, true],
    [INT32_MIN - 1, undefined, false],
    [0, 1, false],
    [1, 1, true],
    [1.5, undefined, false],
    [NaN, undefined, false],
    [Infinity, undefined, false],
  ])('isInt32(%p, min %p) is %p', (n, min, expected) => {
    expect(isInt32(n, min)).toBe(expected);
  });
});

describe('isInt64', () => {
  test.each<[number, number | undefined, boolean]>([
    [0, undefined, true],
    [-5, undefined, true],
    [-5, 0, false],
    [Number.MAX_SAFE_INTEGER, undefined, true],
    [Number.MIN_SAFE_INTEGER, undefined, true],
    // within int64, but no longer exact as a JavaScript number
    [Number.MAX_SAFE_INTEGER + 1, undefined, false],
    [2 ** 63, undefined, false],
    [0.5, undefined, false],
    [NaN, undefined, false],
    [-Infinity, undefined, false],
  ])('isInt64(%p, min %p) is %p', (n, min, expected) => {
    expect(isInt64(n, min)).toBe(expected);
  });
});

describe('parseInt64 (strconv.ParseInt(s, 10, 64))', () => {
  test.each<[string, bigint | undefined]>([
    ['0', 0n],
    ['+4', 4n],
    ['-3', -3n],
    ['007', 7n],
    ['9223372036854775807', INT64_MAX],
    ['-9223372036854775808', INT64_MIN],
    ['9223372036854775808', undefined],
    ['-9223372036854775809', undefined],
    ['', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    [' 1', undefined],
    ['0x10', undefined],
    ['many', undefined],
  ])('%j', (s, expected) => {
    expect(parseInt64(s)).toBe(expected);
  });
});

// Issue 23: the limits as literals, not through the constants under test (StrykerJS changed INT32_MIN's
// sign and INT64_MAX's last digit and every test still passed).
describe('the limits written out, both sides', () => {
  test('int32: -2147483648 to 2147483647', () => {
    expect([-2147483648, 2147483647].map(n => isInt32(n))).toEqual([true, true]);
    expect([-2147483649, 2147483648].map(n => isInt32(n))).toEqual([false, false]);
  });
  test('int64 strings: -9223372036854775808 to 9223372036854775807', () => {
    expect(parseInt64('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseInt64('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseInt64('9223372036854775808')).toBeUndefined();
    expect(parseInt64('-9223372036854775809')).toBeUndefined();
  });
});
