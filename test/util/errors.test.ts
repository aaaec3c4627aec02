import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { propError, show, valueError } from '../../src/util/errors';

describe('show', () => {
  test.each<[string, unknown, string]>([
    ['a string, quoted', 'ssd', '\'ssd\''],
    ['the empty string', '', '\'\''],
    ['a number', 42, '42'],
    ['a negative fraction', -1.5, '-1.5'],
    ['NaN (JSON would say null)', NaN, 'NaN'],
    ['Infinity (JSON would say null)', Infinity, 'Infinity'],
    ['a bigint (JSON cannot)', 2n ** 63n, '9223372036854775808'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a boolean', true, 'true'],
    ['an array', ['a', 1], '["a",1]'],
    ['an object', { disktype: 'ssd' }, '{"disktype":"ssd"}'],
    ['double quotes in a string stay as they are', 'say "hi"', '\'say "hi"\''],
  ])('%s', (_title, value, shown) => {
    expect(show(value)).toBe(shown);
  });

  test('a newline in a string is written as \\n: the message stays on one line', () => {
    expect(show('a\nb')).toBe('\'a\\nb\'');
    expect(show('a\nb')).not.toContain('\n');
  });

  test.each<[string, string, string]>([
    ['carriage return', 'a\rb', '\'a\\rb\''],
    ['tab', 'a\tb', '\'a\\tb\''],
    ['NUL', 'a\u0000b', '\'a\\u0000b\''],
    ['escape (terminal colours)', '\u001b[31mred', '\'\\u001b[31mred\''],
    ['DEL', 'a\u007fb', '\'a\\u007fb\''],
    ['next line (U+0085)', 'a\u0085b', '\'a\\u0085b\''],
    ['line separator (U+2028)', 'a\u2028b', '\'a\\u2028b\''],
    ['paragraph separator (U+2029)', 'a\u2029b', '\'a\\u2029b\''],
    ['a backslash, so an escape reads back unambiguously', 'C:\\n', '\'C:\\\\n\''],
  ])('escapes %s', (_title, value, shown) => {
    expect(show(value)).toBe(shown);
  });

  test('a string inside an object or array is escaped by JSON', () => {
    expect(show({ k: 'a\nb' })).toBe('{"k":"a\\nb"}');
    expect(show(['a\nb'])).toBe('["a\\nb"]');
  });

  test('a value JSON cannot write falls back to String()', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('[object Object]');
    expect(show(Symbol('s'))).toBe('Symbol(s)');
  });
});

describe('valueError', () => {
  test('is `[<where>] <prop> = <value>: <problem>. Fix: <fix>`', () => {
    const e = valueError('Toleration.equal', 'key', 'bad key', 'key \'bad key\' has a name part', 'use the taint\'s key');
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('[Toleration.equal] key = \'bad key\': key \'bad key\' has a name part. Fix: use the taint\'s key');
  });

  test('renders the value with show(): numbers bare, arrays as JSON, newlines escaped', () => {
    expect(valueError('W', 'n', 1.5, 'p', 'f').message).toBe('[W] n = 1.5: p. Fix: f');
    expect(valueError('W', 'values', [], 'p', 'f').message).toBe('[W] values = []: p. Fix: f');
    expect(valueError('W', 'path', 'a\nb', 'p', 'f').message).toBe('[W] path = \'a\\nb\': p. Fix: f');
  });
});

describe('propError', () => {
  test('is valueError with the construct path as where', () => {
    const scope = new Construct(Testing.chart(), 'Daemon');
    expect(propError(scope, 'image', '', 'must not be empty', 'give an image').message)
      .toBe('[test/Daemon] image = \'\': must not be empty. Fix: give an image');
  });
});
