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

describe('invalid taints throw when made', () => {
  test.each<[string, () => Taint, RegExp]>([
    ['key with a space', () => new Taint({ key: 'bad key', effect: TaintEffect.NO_SCHEDULE }),
      /^Invalid taint 'bad key:NoSchedule': key 'bad key' has a name part 'bad key' that must consist of letters, digits/],
    ['empty key', () => new Taint({ key: '', effect: TaintEffect.NO_SCHEDULE }),
      /^Invalid taint ':NoSchedule': key '' must not be empty/],
    ['key with an uppercase prefix', () => new Taint({ key: 'Example.com/gpu', effect: TaintEffect.NO_SCHEDULE }),
      /key 'Example\.com\/gpu' has a prefix 'Example\.com' that must be a DNS-1123 subdomain/],
    ['key with two slashes', () => new Taint({ key: 'a/b/c', effect: TaintEffect.NO_SCHEDULE }),
      /key 'a\/b\/c' must be a qualified name with at most one '\/'/],
    ['key name part of 64 characters', () => new Taint({ key: 'a'.repeat(64), effect: TaintEffect.NO_SCHEDULE }),
      /key 'a{64}' has a name part of 64 characters; at most 63 are allowed/],
    ['value with \'!\'', () => new Taint({ key: 'VIPOnly', value: 'yes!', effect: TaintEffect.NO_EXECUTE }),
      /^Invalid taint 'VIPOnly=yes!:NoExecute': value 'yes!' must be empty or consist of letters, digits/],
    ['value of 64 characters', () => new Taint({ key: 'k', value: 'a'.repeat(64), effect: TaintEffect.NO_SCHEDULE }),
      /value 'a{64}' must be at most 63 characters \(it has 64\)/],
    ['unknown effect', () => new Taint({ key: 'k', effect: 'NoScheduleNoAdmit' as TaintEffect }),
      /^Invalid taint 'k:NoScheduleNoAdmit': effect 'NoScheduleNoAdmit' must be NoSchedule, PreferNoSchedule or NoExecute/],
    ['missing effect', () => new Taint({ key: 'k' } as any),
      /effect 'undefined' must be NoSchedule, PreferNoSchedule or NoExecute/],
  ])('%s', (_title, make, message) => {
    expect(make).toThrow(message);
  });

  test('every problem is listed, separated by \'; \'', () => {
    expect(() => new Taint({ key: 'bad key', value: 'bad value', effect: 'Evict' as TaintEffect }))
      .toThrow(/^Invalid taint 'bad key=bad value:Evict': key 'bad key' .+; value 'bad value' .+; effect 'Evict' must be NoSchedule, PreferNoSchedule or NoExecute\. Fix: use a qualified-name key, a label value and a TaintEffect/);
  });
});
