import { podSpec } from './helpers';
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
