import { factoryError, podSpec } from './helpers';
import { Taint, TaintEffect, Toleration, TolerationOperator } from '../../src';

/** What the DaemonSet renders for these tolerations (`spec.template.spec.tolerations`). */
const rendered = (...tolerations: Toleration[]): any[] => podSpec({ tolerations }).tolerations;

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const MASTER = 'node-role.kubernetes.io/master';

describe('rendering of each factory', () => {
  test('equal(key, value) renders operator Equal and the value, with no effect (every effect)', () => {
    expect(rendered(Toleration.equal('dedicated', 'gpu'))).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'gpu' },
    ]);
  });

  test('equal(key, value, { effect }) renders the effect', () => {
    expect(rendered(Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE }))).toEqual([
      { key: 'VIPOnly', operator: 'Equal', value: 'true', effect: 'NoExecute' },
    ]);
  });

  test('equal(key, \'\') renders the empty value explicitly (a taint without a value)', () => {
    expect(rendered(Toleration.equal(MASTER, '', { effect: TaintEffect.NO_SCHEDULE }))).toEqual([
      { key: MASTER, operator: 'Equal', value: '', effect: 'NoSchedule' },
    ]);
  });

  test('tolerationSeconds renders with effect NoExecute', () => {
    expect(rendered(
      Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 3600 }),
      Toleration.exists('node.kubernetes.io/unreachable', { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 0 }),
    )).toEqual([
      { key: 'VIPOnly', operator: 'Equal', value: 'true', effect: 'NoExecute', tolerationSeconds: 3600 },
      // 0 is kept: it means "evict at once", which is not the same as leaving the field out ("never")
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
    ]);
  });

  test('exists(key) renders operator Exists and no value', () => {
    expect(rendered(Toleration.exists('dedicated'))).toEqual([
      { key: 'dedicated', operator: 'Exists' },
    ]);
  });

  test('exists(key, { effect }) renders the effect', () => {
    expect(rendered(Toleration.exists('dedicated', { effect: TaintEffect.PREFER_NO_SCHEDULE }))).toEqual([
      { key: 'dedicated', operator: 'Exists', effect: 'PreferNoSchedule' },
    ]);
  });

  test('allWithEffect(effect) renders operator Exists and the effect, without a key', () => {
    expect(rendered(Toleration.allWithEffect(TaintEffect.NO_SCHEDULE))).toEqual([
      { operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('everything() renders a lone operator Exists', () => {
    expect(rendered(Toleration.everything())).toEqual([
      { operator: 'Exists' },
    ]);
  });

  test('tolerations keep their order', () => {
    expect(rendered(Toleration.everything(), Toleration.exists('a'), Toleration.equal('b', 'c')).map(t => t.key))
      .toEqual([undefined, 'a', 'b']);
  });

  test('no tolerations: the field is left out', () => {
    expect(podSpec()).not.toHaveProperty('tolerations');
  });
});

describe('public fields and toString', () => {
  interface Fields { key: string; operator: TolerationOperator; value?: string; effect?: TaintEffect; tolerationSeconds?: number }
  const fieldsOf = (t: Toleration): Fields =>
    ({ key: t.key, operator: t.operator, value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds });

  test.each<[string, Toleration, Fields, string]>([
    ['equal', Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 60 }),
      { key: 'VIPOnly', operator: TolerationOperator.EQUAL, value: 'true', effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 60 }, 'VIPOnly=true:NoExecute (Equal) for 60s'],
    ['exists', Toleration.exists('dedicated'), { key: 'dedicated', operator: TolerationOperator.EXISTS }, 'dedicated:* (Exists)'],
    ['allWithEffect', Toleration.allWithEffect(TaintEffect.NO_SCHEDULE), { key: '', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }, '*:NoSchedule (Exists)'],
    ['everything', Toleration.everything(), { key: '', operator: TolerationOperator.EXISTS }, '*:* (Exists)'],
  ])('%s', (_title, toleration, fields, text) => {
    expect(fieldsOf(toleration)).toEqual({ value: undefined, effect: undefined, tolerationSeconds: undefined, ...fields });
    expect(toleration.toString()).toBe(text);
  });

  test('TolerationOperator members are the Kubernetes strings', () => {
    expect(TolerationOperator.EQUAL).toBe('Equal');
    expect(TolerationOperator.EXISTS).toBe('Exists');
  });
});

describe('presets', () => {
  test('controlPlane() tolerates the kubeadm taint and its legacy name, NoSchedule, whatever their value', () => {
    expect(rendered(...Toleration.controlPlane())).toEqual([
      { key: CONTROL_PLANE, operator: 'Exists', effect: 'NoSchedule' },
      { key: MASTER, operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('controlPlane() tolerates Taint.controlPlane() and Taint.legacyMaster(), and nothing else', () => {
    // GIVEN
    const tolerations = Toleration.controlPlane();
    const tolerated = (taint: Taint) => tolerations.some(t => t.tolerates(taint));

    // THEN
    expect(tolerated(Taint.controlPlane())).toBe(true);
    expect(tolerated(Taint.legacyMaster())).toBe(true);
    // a value on the control-plane taint (some installers set one) is tolerated too: operator Exists
    expect(tolerated(new Taint({ key: CONTROL_PLANE, value: 'true', effect: TaintEffect.NO_SCHEDULE }))).toBe(true);
    // NoExecute on the control plane is not tolerated: only NoSchedule is
    expect(tolerated(new Taint({ key: CONTROL_PLANE, effect: TaintEffect.NO_EXECUTE }))).toBe(false);
    expect(tolerated(new Taint({ key: 'VIPOnly', value: 'true', effect: TaintEffect.NO_EXECUTE }))).toBe(false);
  });

  test('controlPlane() returns fresh objects on each call', () => {
    expect(Toleration.controlPlane()).not.toBe(Toleration.controlPlane());
    expect(Toleration.controlPlane()).toHaveLength(2);
  });
});

/**
 * Kubernetes' rules (k8s.io/api/core/v1 Toleration.ToleratesTaint, v1.27):
 *   1. a non-empty toleration effect must equal the taint's effect (empty matches every effect);
 *   2. a non-empty toleration key must equal the taint's key (empty, only valid with Exists, matches every key);
 *   3. operator Exists then matches; operator Equal (the default) needs the values to be equal,
 *      a taint without a value having the value ''.
 */
describe('tolerates(): Kubernetes ToleratesTaint semantics', () => {
  const NO_SCHEDULE = TaintEffect.NO_SCHEDULE;
  const PREFER_NO_SCHEDULE = TaintEffect.PREFER_NO_SCHEDULE;
  const NO_EXECUTE = TaintEffect.NO_EXECUTE;
  const taint = (key: string, value: string | undefined, effect: TaintEffect) => new Taint({ key, value, effect });
  const vipOnly = taint('VIPOnly', 'true', NO_EXECUTE);

  test.each<[string, Toleration, Taint, boolean]>([
    // Equal
    ['Equal, same key, value and effect', Toleration.equal('VIPOnly', 'true', { effect: NO_EXECUTE }), vipOnly, true],
    ['Equal, other value', Toleration.equal('VIPOnly', 'false', { effect: NO_EXECUTE }), vipOnly, false],
    ['Equal, other key', Toleration.equal('VIPOnlyNot', 'true', { effect: NO_EXECUTE }), vipOnly, false],
    ['Equal, keys differing only in case (keys are case-sensitive)', Toleration.equal('viponly', 'true', { effect: NO_EXECUTE }), vipOnly, false],
    ['Equal, values differing only in case', Toleration.equal('VIPOnly', 'TRUE', { effect: NO_EXECUTE }), vipOnly, false],
    ['Equal, other effect', Toleration.equal('VIPOnly', 'true', { effect: NO_SCHEDULE }), vipOnly, false],
    ['Equal, empty effect matches NoExecute', Toleration.equal('VIPOnly', 'true'), vipOnly, true],
    ['Equal, empty effect matches NoSchedule', Toleration.equal('k', 'v'), taint('k', 'v', NO_SCHEDULE), true],
    ['Equal, empty effect matches PreferNoSchedule', Toleration.equal('k', 'v'), taint('k', 'v', PREFER_NO_SCHEDULE), true],
    ['Equal \'\' vs a taint without a value', Toleration.equal(MASTER, '', { effect: NO_SCHEDULE }), Taint.legacyMaster(), true],
    ['Equal \'\' vs a taint with a value', Toleration.equal(MASTER, '', { effect: NO_SCHEDULE }), taint(MASTER, 'true', NO_SCHEDULE), false],
    ['Equal with a value vs a taint without a value', Toleration.equal(MASTER, 'true', { effect: NO_SCHEDULE }), Taint.legacyMaster(), false],
    ['Equal, tolerationSeconds does not change matching', Toleration.equal('VIPOnly', 'true', { effect: NO_EXECUTE, tolerationSeconds: 10 }), vipOnly, true],

    // Exists
    ['Exists ignores the value', Toleration.exists('VIPOnly', { effect: NO_EXECUTE }), vipOnly, true],
    ['Exists matches a taint without a value', Toleration.exists(MASTER, { effect: NO_SCHEDULE }), Taint.legacyMaster(), true],
    ['Exists, other key', Toleration.exists('dedicated'), vipOnly, false],
    ['Exists, other effect', Toleration.exists('VIPOnly', { effect: NO_SCHEDULE }), vipOnly, false],
    ['Exists, empty effect matches every effect', Toleration.exists('VIPOnly'), vipOnly, true],

    // different effects never match, PreferNoSchedule included
    ['NoSchedule does not cover PreferNoSchedule', Toleration.exists('k', { effect: NO_SCHEDULE }), taint('k', 'v', PREFER_NO_SCHEDULE), false],
    ['PreferNoSchedule does not cover NoSchedule', Toleration.exists('k', { effect: PREFER_NO_SCHEDULE }), taint('k', 'v', NO_SCHEDULE), false],
    ['NoExecute does not cover NoSchedule', Toleration.exists('k', { effect: NO_EXECUTE }), taint('k', 'v', NO_SCHEDULE), false],
    ['NoSchedule does not cover NoExecute', Toleration.exists('k', { effect: NO_SCHEDULE }), taint('k', 'v', NO_EXECUTE), false],
    ['PreferNoSchedule matches PreferNoSchedule', Toleration.equal('k', 'v', { effect: PREFER_NO_SCHEDULE }), taint('k', 'v', PREFER_NO_SCHEDULE), true],

    // empty key (operator Exists): every key
    ['allWithEffect matches any key with that effect', Toleration.allWithEffect(NO_SCHEDULE), Taint.controlPlane(), true],
    ['allWithEffect matches any value with that effect', Toleration.allWithEffect(NO_EXECUTE), vipOnly, true],
    ['allWithEffect(NoSchedule) vs NoExecute', Toleration.allWithEffect(NO_SCHEDULE), vipOnly, false],
    ['allWithEffect(NoSchedule) vs PreferNoSchedule', Toleration.allWithEffect(NO_SCHEDULE), taint('k', undefined, PREFER_NO_SCHEDULE), false],
    ['allWithEffect(PreferNoSchedule) vs PreferNoSchedule', Toleration.allWithEffect(PREFER_NO_SCHEDULE), taint('k', undefined, PREFER_NO_SCHEDULE), true],
    ['exists(\'\') is everything()', Toleration.exists(''), vipOnly, true],
    ['everything() vs NoExecute', Toleration.everything(), vipOnly, true],
    ['everything() vs NoSchedule', Toleration.everything(), Taint.controlPlane(), true],
    ['everything() vs PreferNoSchedule', Toleration.everything(), taint('example.com/spot', 'yes', PREFER_NO_SCHEDULE), true],
  ])('%s', (_title, toleration, t, expected) => {
    expect(toleration.tolerates(t)).toBe(expected);
  });
});

describe('invalid tolerations throw when made: [Toleration.<factory>] <prop> = <value>: <problem>. Fix: <fix>', () => {
  const KEY_FIX = 'use the taint\'s key, e.g. \'node-role.kubernetes.io/control-plane\'';
  const SECONDS_EFFECT_FIX = 'add effect: TaintEffect.NO_EXECUTE, or drop tolerationSeconds';
  const NO_EXECUTE = TaintEffect.NO_EXECUTE;

  test.each<[string, () => Toleration, RegExp]>([
    // key
    ['equal: key with a space', () => Toleration.equal('bad key', 'v'),
      factoryError('Toleration.equal', 'key', '\'bad key\'', 'key \'bad key\' has a name part \'bad key\' that must consist of', KEY_FIX)],
    ['exists: key with a space', () => Toleration.exists('bad key'),
      factoryError('Toleration.exists', 'key', '\'bad key\'', 'key \'bad key\' has a name part', KEY_FIX)],
    ['exists: key with an uppercase prefix', () => Toleration.exists('Example.com/gpu'),
      factoryError('Toleration.exists', 'key', '\'Example.com/gpu\'', 'key \'Example.com/gpu\' has a prefix \'Example.com\' that must be a DNS-1123 subdomain', KEY_FIX)],
    ['exists: key with two slashes', () => Toleration.exists('a/b/c'),
      factoryError('Toleration.exists', 'key', '\'a/b/c\'', 'key \'a/b/c\' must be a qualified name with at most one \'/\'', KEY_FIX)],
    ['equal: empty key (Equal needs a key)', () => Toleration.equal('', 'x'),
      factoryError('Toleration.equal', 'key', '\'\'', 'an empty key needs operator Exists', 'use Toleration.allWithEffect() or Toleration.everything()')],

    // value
    ['equal: value with a space', () => Toleration.equal('VIPOnly', 'yes please', { effect: NO_EXECUTE }),
      factoryError('Toleration.equal', 'value', '\'yes please\'', 'value \'yes please\' must be empty or consist of', 'use the taint\'s value (\'\' for a taint without one)')],
    ['equal: value of 64 characters', () => Toleration.equal('k', 'a'.repeat(64)),
      factoryError('Toleration.equal', 'value', `'${'a'.repeat(64)}'`, `value '${'a'.repeat(64)}' must be at most 63 characters`, 'use the taint\'s value')],

    // effect
    ['exists: unknown effect', () => Toleration.exists('k', { effect: 'NoExecution' as TaintEffect }),
      factoryError('Toleration.exists', 'effect', '\'NoExecution\'', 'is not NoSchedule, PreferNoSchedule or NoExecute', 'use a TaintEffect member')],
    ['allWithEffect: unknown effect', () => Toleration.allWithEffect('Evict' as TaintEffect),
      factoryError('Toleration.allWithEffect', 'effect', '\'Evict\'', 'is not NoSchedule, PreferNoSchedule or NoExecute', 'use a TaintEffect member')],

    // tolerationSeconds
    ['exists: tolerationSeconds without an effect', () => Toleration.exists('k', { tolerationSeconds: 30 }),
      factoryError('Toleration.exists', 'tolerationSeconds', '30', 'is only allowed with effect NoExecute (the API server rejects it otherwise)', SECONDS_EFFECT_FIX)],
    ['equal: tolerationSeconds with NoSchedule', () => Toleration.equal('k', 'v', { effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: 30 }),
      factoryError('Toleration.equal', 'tolerationSeconds', '30', 'is only allowed with effect NoExecute', SECONDS_EFFECT_FIX)],
    ['exists: non-integer tolerationSeconds', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: 1.5 }),
      factoryError('Toleration.exists', 'tolerationSeconds', '1.5', 'must be a whole number of seconds', 'give whole seconds, e.g. 300')],
    ['exists: NaN tolerationSeconds', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: NaN }),
      factoryError('Toleration.exists', 'tolerationSeconds', 'NaN', 'must be a whole number of seconds', 'give whole seconds')],
    ['exists: Infinity tolerationSeconds', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: Infinity }),
      factoryError('Toleration.exists', 'tolerationSeconds', 'Infinity', 'must be a whole number of seconds', 'give whole seconds')],
    ['equal: tolerationSeconds above 2^53 - 1 (no longer exact, int64 or not)', () => Toleration.equal('k', 'v', { effect: NO_EXECUTE, tolerationSeconds: 2 ** 53 }),
      factoryError('Toleration.equal', 'tolerationSeconds', '9007199254740992', 'is beyond ±9007199254740991, where a JavaScript number no longer holds whole seconds exactly', 'give whole seconds')],
    ['exists: tolerationSeconds 2^63 (beyond int64)', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: 2 ** 63 }),
      factoryError('Toleration.exists', 'tolerationSeconds', '9223372036854776000', 'is beyond ±9007199254740991', 'give whole seconds')],
    ['exists: tolerationSeconds below -(2^53 - 1)', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: -(2 ** 60) }),
      factoryError('Toleration.exists', 'tolerationSeconds', '-1152921504606847000', 'is beyond ±9007199254740991', 'give whole seconds')],
  ])('%s', (_title, make, message) => {
    expect(make).toThrow(message);
  });

  test('the whole message, on one line', () => {
    expect(() => Toleration.exists('k', { tolerationSeconds: 30 })).toThrow(
      /^\[Toleration\.exists\] tolerationSeconds = 30: is only allowed with effect NoExecute \(the API server rejects it otherwise\)\. Fix: add effect: TaintEffect\.NO_EXECUTE, or drop tolerationSeconds$/);
  });

  test('a newline in the key is shown escaped', () => {
    expect(() => Toleration.exists('a\nb')).toThrow(/^\[Toleration\.exists\] key = 'a\\nb': key 'a\\nb' has a name part/);
  });

  test('the first bad prop is named: key before value before effect before tolerationSeconds', () => {
    expect(() => Toleration.equal('bad key', 'bad value', { effect: 'X' as TaintEffect, tolerationSeconds: 1.5 })).toThrow(/^\[Toleration\.equal\] key = /);
    expect(() => Toleration.equal('k', 'bad value', { effect: 'X' as TaintEffect, tolerationSeconds: 1.5 })).toThrow(/^\[Toleration\.equal\] value = /);
    expect(() => Toleration.equal('k', 'v', { effect: 'X' as TaintEffect, tolerationSeconds: 1.5 })).toThrow(/^\[Toleration\.equal\] effect = /);
  });

  test.each<[string, () => Toleration, number | undefined]>([
    // Kubernetes accepts any int64 and treats zero or negative as "evict at once"
    ['0', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: 0 }), 0],
    ['negative', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: -5 }), -5],
    ['-0 (written as 0)', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: -0 }), -0],
    ['a year', () => Toleration.equal('k', 'v', { effect: NO_EXECUTE, tolerationSeconds: 31536000 }), 31536000],
    ['above int32', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: 2 ** 40 }), 2 ** 40],
    ['2^53 - 1, the largest exact', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: Number.MAX_SAFE_INTEGER }), Number.MAX_SAFE_INTEGER],
    ['-(2^53 - 1)', () => Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: Number.MIN_SAFE_INTEGER }), Number.MIN_SAFE_INTEGER],
  ])('tolerationSeconds %s is accepted', (_title, make, seconds) => {
    expect(make().tolerationSeconds).toBe(seconds);
  });

  test.each<[string, () => Toleration]>([
    ['exists(\'\') (every key)', () => Toleration.exists('')],
    ['equal with the empty value', () => Toleration.equal('k', '')],
    ['a prefixed key with uppercase in the name part', () => Toleration.exists('example.com/GPU_type')],
    ['every effect', () => Toleration.allWithEffect(TaintEffect.PREFER_NO_SCHEDULE)],
  ])('valid: %s', (_title, make) => {
    expect(make).not.toThrow();
  });

  test('negative tolerationSeconds renders as given', () => {
    expect(rendered(Toleration.exists('k', { effect: NO_EXECUTE, tolerationSeconds: -1 }))).toEqual([
      { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -1 },
    ]);
  });
});
