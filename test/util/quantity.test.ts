import { compareQuantities, fromNano, nanoUnits, parseQuantity } from '../../src/util/quantity';

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

describe('compareQuantities', () => {
  test('every digit counts, beyond the 2^53 of a double', () => {
    expect(parseQuantity('9007199254740993')).toBe(parseQuantity('9007199254740992'));
    expect(compareQuantities('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareQuantities('9007199254740992', '9007199254740993')).toBe(-1);
    expect(compareQuantities('9007199254740993', '9007199254740993')).toBe(0);
    expect(compareQuantities('9007199254740993m', '9007199254740.992')).toBe(1);
    expect(compareQuantities('0.30000000000000001', '0.3')).toBe(1);
  });

  test.each([
    ['700m', '0.7'],
    ['1150m', '1.15'],
    ['1Ki', '1024'],
    ['1e3', '1k'],
    ['1E3', '1000'],
    ['1e-3', '1m'],
    ['0.5Gi', '512Mi'],
    ['1Gi', '1024Mi'],
    ['1.5Gi', '1536Mi'],
    ['1Ei', '1024Pi'],
    ['1Ei', '1152921504606846976'],
    ['1E', '1000P'],
    ['1E', '1e18'],
    ['1M', '1000000000000u'],
    ['1n', '0.000000001'],
    ['1u', '1000n'],
    ['0.1Ki', '102.4'],
    ['1.', '1'],
    ['.5', '500m'],
    ['+1', '1'],
    ['0', '-0'],
    ['0', '0Ei'],
    ['0.000', '0e99'],
    ['-1Ki', '-1024'],
    ['1e99999999999999999999', '10e99999999999999999998'],
  ])('%j and %j are the same quantity', (a, b) => {
    expect(compareQuantities(a, b)).toBe(0);
    expect(compareQuantities(b, a)).toBe(0);
  });

  test.each([
    ['1E', '1P'],
    ['1Ei', '1E'],
    ['1Ki', '1k'],
    ['1Mi', '1M'],
    ['1001m', '1'],
    ['1', '999m'],
    ['1.0000000000000000000001', '1'],
    ['512Mi', '0.49Gi'],
    ['0.5Gi', '536870911'],
    ['536870913', '0.5Gi'],
    ['1', '0'],
    ['1n', '0'],
    ['0', '-1n'],
    ['-1', '-2'],
    ['-1Ki', '-1025'],
    ['-1k', '-1Ki'],
    ['1', '-1E'],
    ['-9007199254740992', '-9007199254740993'],
    ['1e-2', '9m'],
    ['1e99999999999999999999', '1Ei'],
    ['1Ki', '1e-99999999999999999999'],
    ['1e20', '99999999999999999999'],
  ])('%j is above %j', (a, b) => {
    expect(compareQuantities(a, b)).toBe(1);
    expect(compareQuantities(b, a)).toBe(-1);
  });

  test.each([
    ['abc', '1'],
    ['1', 'abc'],
    ['', '0'],
    ['1mi', '1'],
    ['1KI', '1'],
    ['10 Mi', '10Mi'],
    ['1e', '1'],
    ['--1', '1'],
    ['.', '0'],
    ['1.2.3', '1'],
  ])('%j vs %j is undefined (not a quantity)', (a, b) => {
    expect(compareQuantities(a, b)).toBeUndefined();
  });
});

// Issue 23: what StrykerJS found untested in quantity.ts (the forms of the grammar, the decimal
// suffixes below one, exponents of several digits, signs, and the exact nano-unit arithmetic the
// Pending prediction sums requests with).
describe('the quantity grammar, both sides', () => {
  test.each([
    ['1', 1], ['1.', 1], ['.5', 0.5], ['.25', 0.25], ['.125Ki', 128], ['+1', 1], ['-1', -1], ['1.5Gi', 1.5 * 2 ** 30], ['1n', 1e-9], ['1u', 1e-6], ['3m', 0.003],
    ['1e3', 1000], ['1E3', 1000], ['1e+3', 1000], ['1e-3', 0.001], ['1e12', 1e12], ['2E', 2e18], ['12E', 12e18], ['0', 0],
  ])('%s is %d', (text, value) => expect(parseQuantity(text)).toBe(value));
  test.each(['', '.', '+', '1.2.3', 'Ki', '1KI', '1 Ki', 'a1', '1x', '1e', '1e3e', '1Kii', '1.5.Gi', '--1', '1e1.5', '.e3'])('%j is not a quantity', text => {
    expect(parseQuantity(text)).toBeUndefined();
    expect(compareQuantities(text, '1')).toBeUndefined();
    expect(nanoUnits(text)).toBeUndefined();
  });
});

describe('compareQuantities: signs and zero', () => {
  test.each([
    ['-1', '1', -1], ['1', '-1', 1], ['-1', '0', -1], ['0', '-1', 1], ['0', '-0', 0], ['0', '0Mi', 0], ['-0.0', '0e5', 0],
    ['-2', '-1', -1], ['-1', '-2', 1], ['-1Ki', '-1024', 0], ['1e12', '1T', 0], ['999', '1k', -1], ['1000', '1k', 0], ['1001', '1k', 1],
    ['100', '1', 1], ['1', '100', -1], ['1Mi', '1025Ki', -1], ['2Mi', '2047Ki', 1],
  ])('%s against %s is %d', (a, b, expected) => expect(compareQuantities(a as string, b as string)).toBe(expected));
});

describe('nanoUnits: exact, rounded up to a whole nano-unit', () => {
  test.each([
    ['0', 0n], ['0Gi', 0n], ['1', 1_000_000_000n], ['1m', 1_000_000n], ['250m', 250_000_000n], ['1n', 1n], ['50n', 50n], ['99n', 99n],
    ['1u', 1000n], ['0.5n', 1n], ['1.000000001', 1_000_000_001n], ['1.0000000001', 1_000_000_001n], ['1e-20', 1n], ['1Ki', 1024_000_000_000n],
    ['1.5Gi', 1_610_612_736_000_000_000n], ['-0.5n', 0n], ['-1e-20', 0n], ['-2', -2_000_000_000n], ['1e21', 10n ** 30n], ['1e40', 10n ** 30n], ['-1e40', -(10n ** 30n)],
    // exact up to where the order of magnitude is surely above 10^30; a whole number of nano-units is not rounded
    ['1e20', 10n ** 29n], ['9e21', 9n * 10n ** 30n], ['1.0000000000', 1_000_000_000n], ['2.50000000000', 2_500_000_000n],
  ])('%s is %s nano-units', (text, nano) => expect(nanoUnits(text as string)).toBe(nano));
});

describe('fromNano: Kubernetes\' Value() and MilliValue(), rounded up', () => {
  test.each([
    [0n, 0, 0], [1n, 0, 1], [1_000_000_000n, 0, 1], [1_000_000_001n, 0, 2], [1_500_000_000n, 0, 2], [-1_500_000_000n, 0, -1],
    [1n, 3, 1], [999_999n, 3, 1], [1_000_000n, 3, 1], [1_000_001n, 3, 2], [250_000_000n, 3, 250],
  ])('%s nano-units at scale %d is %d', (nano, scale, value) => expect(fromNano(nano as bigint, scale as number)).toBe(value));
});
