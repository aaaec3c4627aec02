import { factoryError } from './helpers';
import { Taint, TaintEffect } from '../../src';

describe('Taint', () => {
  test('holds key, value and effect as `kubectl taint nodes NODE key=value:Effect` sets them', () => {
    // WHEN
    const taint = new Taint({ key: 'VIPOnly', value: 'true', effect: TaintEffect.NO_EXECUTE });

    // THEN
    expect(taint.key).toBe('VIPOnly');
    expect(taint.value).toBe('true');
    expect(taint.effect).toBe('NoExecute');
    expect(taint.toString()).toBe('VIPOnly=true:NoExecute');
  });

  test('a taint without a value has the value \'\' (as the Node API stores it)', () => {
    // WHEN
    const taint = new Taint({ key: 'dedicated', effect: TaintEffect.PREFER_NO_SCHEDULE });

    // THEN
    expect(taint.value).toBe('');
    expect(taint.toString()).toBe('dedicated:PreferNoSchedule');
  });

  test('an explicit empty value is the same as no value', () => {
    const taint = new Taint({ key: 'dedicated', value: '', effect: TaintEffect.NO_SCHEDULE });
    expect(taint.value).toBe('');
    expect(taint.toString()).toBe('dedicated:NoSchedule');
  });

  test('TaintEffect members are the Kubernetes strings', () => {
    expect(TaintEffect.NO_SCHEDULE).toBe('NoSchedule');
    expect(TaintEffect.PREFER_NO_SCHEDULE).toBe('PreferNoSchedule');
    expect(TaintEffect.NO_EXECUTE).toBe('NoExecute');
  });

  test('uppercase keys (qualified-name name parts allow them) and prefixed keys are valid', () => {
    expect(() => new Taint({ key: 'VIPOnly', effect: TaintEffect.NO_SCHEDULE })).not.toThrow();
    expect(() => new Taint({ key: 'example.com/GPU_type', value: 'A100', effect: TaintEffect.NO_SCHEDULE })).not.toThrow();
    expect(() => new Taint({ key: 'k', value: 'a'.repeat(63), effect: TaintEffect.NO_SCHEDULE })).not.toThrow();
  });
});

describe('presets', () => {
  test('controlPlane() is the kubeadm taint node-role.kubernetes.io/control-plane:NoSchedule, without a value', () => {
    // WHEN
    const taint = Taint.controlPlane();

    // THEN
    expect({ key: taint.key, value: taint.value, effect: taint.effect })
      .toEqual({ key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' });
  });

  test('legacyMaster() is node-role.kubernetes.io/master:NoSchedule, without a value', () => {
    // WHEN
    const taint = Taint.legacyMaster();

    // THEN
    expect({ key: taint.key, value: taint.value, effect: taint.effect })
      .toEqual({ key: 'node-role.kubernetes.io/master', value: '', effect: 'NoSchedule' });
  });
});

describe('invalid taints throw when made: [Taint] <prop> = <value>: <problem>. Fix: <fix>', () => {
  const KEY_FIX = 'use the key as `kubectl describe node` shows the taint, e.g. \'node-role.kubernetes.io/control-plane\'';
  const VALUE_FIX = 'use the value as `kubectl describe node` shows the taint, or leave value out';
  const EFFECT_FIX = 'use a TaintEffect member, e.g. TaintEffect.NO_SCHEDULE';

  test.each<[string, () => Taint, RegExp]>([
    ['key with a space', () => new Taint({ key: 'bad key', effect: TaintEffect.NO_SCHEDULE }),
      factoryError('Taint', 'key', '\'bad key\'', 'key \'bad key\' has a name part \'bad key\' that must consist of letters, digits', KEY_FIX)],
    ['empty key', () => new Taint({ key: '', effect: TaintEffect.NO_SCHEDULE }),
      factoryError('Taint', 'key', '\'\'', 'key \'\' must not be empty', KEY_FIX)],
    ['key with an uppercase prefix', () => new Taint({ key: 'Example.com/gpu', effect: TaintEffect.NO_SCHEDULE }),
      factoryError('Taint', 'key', '\'Example.com/gpu\'', 'key \'Example.com/gpu\' has a prefix \'Example.com\' that must be a DNS-1123 subdomain', KEY_FIX)],
    ['key with two slashes', () => new Taint({ key: 'a/b/c', effect: TaintEffect.NO_SCHEDULE }),
      factoryError('Taint', 'key', '\'a/b/c\'', 'key \'a/b/c\' must be a qualified name with at most one \'/\'', KEY_FIX)],
    ['key name part of 64 characters', () => new Taint({ key: 'a'.repeat(64), effect: TaintEffect.NO_SCHEDULE }),
      factoryError('Taint', 'key', `'${'a'.repeat(64)}'`, `key '${'a'.repeat(64)}' has a name part of 64 characters; at most 63 are allowed`, KEY_FIX)],
    ['key that is not a string', () => new Taint({ key: 42, effect: TaintEffect.NO_SCHEDULE } as any),
      factoryError('Taint', 'key', '42', 'key 42 must be a string', KEY_FIX)],
    ['value that is not a string', () => new Taint({ key: 'k', value: 5, effect: TaintEffect.NO_SCHEDULE } as any),
      factoryError('Taint', 'value', '5', 'value 5 must be a string', VALUE_FIX)],
    ['value with \'!\'', () => new Taint({ key: 'VIPOnly', value: 'yes!', effect: TaintEffect.NO_EXECUTE }),
      factoryError('Taint', 'value', '\'yes!\'', 'value \'yes!\' must be empty or consist of letters, digits', VALUE_FIX)],
    ['value of 64 characters', () => new Taint({ key: 'k', value: 'a'.repeat(64), effect: TaintEffect.NO_SCHEDULE }),
      factoryError('Taint', 'value', `'${'a'.repeat(64)}'`, `value '${'a'.repeat(64)}' must be at most 63 characters (it has 64)`, VALUE_FIX)],
    ['unknown effect', () => new Taint({ key: 'k', effect: 'NoScheduleNoAdmit' as TaintEffect }),
      factoryError('Taint', 'effect', '\'NoScheduleNoAdmit\'', 'must be NoSchedule, PreferNoSchedule or NoExecute', EFFECT_FIX)],
    ['missing effect', () => new Taint({ key: 'k' } as any),
      factoryError('Taint', 'effect', 'undefined', 'must be NoSchedule, PreferNoSchedule or NoExecute', EFFECT_FIX)],
  ])('%s', (_title, make, message) => {
    expect(make).toThrow(message);
  });

  test('the whole message, on one line', () => {
    expect(() => new Taint({ key: 'VIPOnly', value: 'yes!', effect: TaintEffect.NO_EXECUTE })).toThrow(
      /^\[Taint\] value = 'yes!': value 'yes!' must be empty or consist of letters, digits, '-', '_' or '\.', starting and ending with a letter or digit\. Fix: use the value as `kubectl describe node` shows the taint, or leave value out for a taint without one$/);
  });

  test('a newline in the key is shown escaped, so the message stays on one line', () => {
    expect(() => new Taint({ key: 'a\nb', effect: TaintEffect.NO_SCHEDULE })).toThrow(/^\[Taint\] key = 'a\\nb': key 'a\\nb' has a name part 'a\nb'/);
  });

  test('the first bad prop is named, in the order key, value, effect', () => {
    expect(() => new Taint({ key: 'bad key', value: 'bad value', effect: 'Evict' as TaintEffect })).toThrow(/^\[Taint\] key = 'bad key': /);
    expect(() => new Taint({ key: 'k', value: 'bad value', effect: 'Evict' as TaintEffect })).toThrow(/^\[Taint\] value = 'bad value': /);
    expect(() => new Taint({ key: 'k', value: 'v', effect: 'Evict' as TaintEffect })).toThrow(/^\[Taint\] effect = 'Evict': /);
  });
});
