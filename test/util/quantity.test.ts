import { parseQuantity } from '../../src/util/quantity';

describe('parseQuantity', () => {
  test.each<[string, number]>([
    ['100m', 0.1],
    ['0.5', 0.5],
    ['1', 1],
    ['1Gi', 2 ** 30],
    ['64Mi', 64 * 2 ** 20],
    ['1Ki', 1024],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1e-3', 0.001],
    ['1k', 1000],
    ['1M', 1e6],
    ['2G', 2e9],
    ['1E', 1e18],
    ['500u', 0.0005],
    ['250n', 2.5e-7],
    ['.5', 0.5],
    ['5.', 5],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['+1', 1],
    ['0', 0],
  ])('%j is %d', (value, expected) => {
    expect(parseQuantity(value)).toBe(expected);
  });

  test('a leading minus sign makes the value negative', () => {
    expect(parseQuantity('-64Mi')).toBe(-64 * 2 ** 20);
    expect(parseQuantity('-100m')).toBe(-0.1);
  });

  test.each([
    ['700m', '0.7'],
    ['1150m', '1.15'],
    ['2300m', '2.3'],
    ['4350m', '4.35'],
    ['1005m', '1.005'],
    ['1k', '1000'],
    ['1e-3', '1m'],
    ['1Gi', '1024Mi'],
  ])('%j and %j are the same quantity', (a, b) => {
    expect(parseQuantity(a)).toBe(parseQuantity(b));
  });

  test.each([
    '1.2.3',
    'abc',
    '10 Mi',
    '',
    'Mi',
    '1mi',
    '1KI',
    '1e',
    '1Gb',
    '1 ',
    ' 1',
    '--1',
    '.',
  ])('%j is not a quantity', (value) => {
    expect(parseQuantity(value)).toBeUndefined();
  });
});
