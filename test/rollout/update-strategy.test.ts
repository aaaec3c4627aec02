import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { NodeDaemon, NodeDaemonProps, RollingUpdateOptions, UpdateStrategy, UpdateStrategyType } from '../../src';
import { create, daemonError, daemonSetOf, factoryError, IMAGE, synthDaemon } from '../scheduling/helpers';

const { absolute, percent } = kplus.PercentOrAbsolute;

/** `spec` of the one DaemonSet of a daemon synthesized with these props. */
const specOf = (props: Partial<NodeDaemonProps> = {}): any => daemonSetOf(synthDaemon(props)).spec;

/** A daemon (id `Daemon`) in a fresh test chart, kept for further calls. */
function daemon(props: Partial<NodeDaemonProps> = {}): { chart: ReturnType<typeof Testing.chart>; d: NodeDaemon } {
  const chart = Testing.chart();
  const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ...props });
  return { chart, d };
}

const METRICS = { name: 'metrics', number: 9100 };
const METRICS_ON_HOST = { name: 'metrics', number: 9100, hostPort: 9100 };

/** The start of the problem text of the surge trap (kubernetes#106417). */
const SURGE_TRAP = 'surges a second pod onto each node while the old one still holds';

describe('defaults', () => {
  test('the strategy is written in full: RollingUpdate, maxUnavailable 1, maxSurge 0', () => {
    // WHEN
    const spec = specOf();

    // THEN
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  test('minReadySeconds 0 and revisionHistoryLimit 10 are written', () => {
    // WHEN
    const spec = specOf();

    // THEN
    expect(spec.minReadySeconds).toBe(0);
    expect(spec.revisionHistoryLimit).toBe(10);
  });

  test('UpdateStrategy.rollingUpdate() with no options is the same as the default', () => {
    // WHEN
    const spec = specOf({ updateStrategy: UpdateStrategy.rollingUpdate() });

    // THEN
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });
});

describe('rolling update values', () => {
  test.each([
    ['maxUnavailable 25%', { maxUnavailable: percent(25) }, { maxUnavailable: '25%', maxSurge: 0 }],
    ['maxUnavailable 3', { maxUnavailable: absolute(3) }, { maxUnavailable: 3, maxSurge: 0 }],
    ['maxUnavailable 100%', { maxUnavailable: percent(100) }, { maxUnavailable: '100%', maxSurge: 0 }],
    ['maxSurge 10% writes maxUnavailable 0', { maxSurge: percent(10) }, { maxUnavailable: 0, maxSurge: '10%' }],
    ['maxSurge 2 writes maxUnavailable 0', { maxSurge: absolute(2) }, { maxUnavailable: 0, maxSurge: 2 }],
    ['maxSurge 0 explicitly keeps maxUnavailable 1', { maxSurge: absolute(0) }, { maxUnavailable: 1, maxSurge: 0 }],
    ['maxSurge 0% explicitly keeps maxUnavailable 1', { maxSurge: percent(0) }, { maxUnavailable: 1, maxSurge: '0%' }],
    ['maxUnavailable 0 with maxSurge 1', { maxUnavailable: absolute(0), maxSurge: absolute(1) }, { maxUnavailable: 0, maxSurge: 1 }],
    ['maxUnavailable 0% with maxSurge 100%', { maxUnavailable: percent(0), maxSurge: percent(100) }, { maxUnavailable: '0%', maxSurge: '100%' }],
    ['maxUnavailable 2 with maxSurge 0%', { maxUnavailable: absolute(2), maxSurge: percent(0) }, { maxUnavailable: 2, maxSurge: '0%' }],
  ])('%s', (_, options, rollingUpdate) => {
    // WHEN
    const spec = specOf({ updateStrategy: UpdateStrategy.rollingUpdate(options) });

    // THEN
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate });
  });

  test('percentages are written as strings, absolute values as integers', () => {
    // WHEN
    const spec = specOf({ updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge: percent(10) }) });

    // THEN
    expect(typeof spec.updateStrategy.rollingUpdate.maxSurge).toBe('string');
    expect(typeof spec.updateStrategy.rollingUpdate.maxUnavailable).toBe('number');
  });
});

describe('OnDelete', () => {
  test('renders { type: OnDelete } with no rollingUpdate', () => {
    // WHEN
    const spec = specOf({ updateStrategy: UpdateStrategy.onDelete() });

    // THEN
    expect(spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(spec.updateStrategy).not.toHaveProperty('rollingUpdate');
  });

  test('still writes minReadySeconds and revisionHistoryLimit', () => {
    // WHEN
    const spec = specOf({ updateStrategy: UpdateStrategy.onDelete() });

    // THEN
    expect(spec.minReadySeconds).toBe(0);
    expect(spec.revisionHistoryLimit).toBe(10);
  });

  test('allows host ports (the old pod is deleted before the new one is made)', () => {
    // WHEN
    const spec = specOf({ updateStrategy: UpdateStrategy.onDelete(), ports: [METRICS_ON_HOST] });

    // THEN
    expect(spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(spec.template.spec.containers[0].ports[0].hostPort).toBe(9100);
  });
});

describe('seed: RollingUpdate with maxUnavailable and minReadySeconds', () => {
  test('writes the exact fields', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'test');

    // WHEN
    new NodeDaemon(chart, 'Daemon', {
      image: IMAGE,
      updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: absolute(1) }),
      minReadySeconds: 10,
    });

    // THEN
    const spec = daemonSetOf(Testing.synth(chart)).spec;
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(spec.minReadySeconds).toBe(10);
    expect(spec.revisionHistoryLimit).toBe(10);
    const yaml = app.synthYaml();
    expect(yaml).toContain('\nspec:\n  minReadySeconds: 10\n  revisionHistoryLimit: 10\n');
    expect(yaml).toContain([
      '  updateStrategy:',
      '    rollingUpdate:',
      '      maxSurge: 0',
      '      maxUnavailable: 1',
      '    type: RollingUpdate',
      '',
    ].join('\n'));
  });
});

describe('minReadySeconds and revisionHistoryLimit', () => {
  test.each([5, 0])('revisionHistoryLimit %d is written', (limit) => {
    // WHEN
    const spec = specOf({ revisionHistoryLimit: limit });

    // THEN
    expect(spec.revisionHistoryLimit).toBe(limit);
  });

  test('minReadySeconds 30 is written', () => {
    // WHEN
    const spec = specOf({ minReadySeconds: 30 });

    // THEN
    expect(spec.minReadySeconds).toBe(30);
  });

  test.each([
    ['minReadySeconds', -1, 'give the seconds'],
    ['minReadySeconds', 1.5, 'give the seconds'],
    ['revisionHistoryLimit', -1, 'give how many old revisions'],
    ['revisionHistoryLimit', 2.5, 'give how many old revisions'],
    ['revisionHistoryLimit', 2147483648, 'give how many old revisions'],
  ] as const)('%s = %d is an error', (prop, value, fix) => {
    // THEN
    expect(create({ [prop]: value })).toThrow(daemonError(prop, String(value), 'must be a whole number from 0 to 2147483647'));
    expect(create({ [prop]: value })).toThrow(`. Fix: ${fix}`);
  });
});

describe('useUpdateStrategy and the updateStrategy getter', () => {
  test('the getter returns the default strategy', () => {
    // WHEN
    const { d } = daemon();

    // THEN
    expect(d.updateStrategy.type).toBe(UpdateStrategyType.ROLLING_UPDATE);
    expect(d.updateStrategy.maxUnavailable!.value).toBe(1);
    expect(d.updateStrategy.maxSurge!.value).toBe(0);
    expect(d.updateStrategy.surges).toBe(false);
  });

  test('the getter returns the strategy given as prop', () => {
    // GIVEN
    const strategy = UpdateStrategy.onDelete();

    // WHEN
    const { d } = daemon({ updateStrategy: strategy });

    // THEN
    expect(d.updateStrategy).toBe(strategy);
  });

  test('useUpdateStrategy after construction lands in the output', () => {
    // GIVEN
    const { chart, d } = daemon();

    // WHEN
    d.useUpdateStrategy(UpdateStrategy.rollingUpdate({ maxSurge: absolute(1) }));

    // THEN
    expect(d.updateStrategy.surges).toBe(true);
    expect(daemonSetOf(Testing.synth(chart)).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  });

  test('useUpdateStrategy(onDelete()) replaces a rolling update', () => {
    // GIVEN
    const { chart, d } = daemon({ updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: percent(25) }) });

    // WHEN
    d.useUpdateStrategy(UpdateStrategy.onDelete());

    // THEN
    expect(daemonSetOf(Testing.synth(chart)).spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('an invalid strategy never reaches useUpdateStrategy: rollingUpdate() throws, and the daemon keeps the old one', () => {
    // GIVEN
    const { chart, d } = daemon();
    const before = d.updateStrategy;

    // WHEN
    const set = () => d.useUpdateStrategy(UpdateStrategy.rollingUpdate({ maxUnavailable: absolute(-1) }));

    // THEN
    expect(set).toThrow(factoryError('UpdateStrategy.rollingUpdate', 'maxUnavailable', '-1', 'must be a whole number from 0 to 2147483647', 'PercentOrAbsolute.absolute('));
    expect(d.updateStrategy).toBe(before);
    expect(daemonSetOf(Testing.synth(chart)).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });
});

describe('UpdateStrategy value', () => {
  test.each([
    ['default rolling update', UpdateStrategy.rollingUpdate(), false, 'RollingUpdate maxUnavailable=1 maxSurge=0'],
    ['maxUnavailable 25%', UpdateStrategy.rollingUpdate({ maxUnavailable: percent(25) }), false, 'RollingUpdate maxUnavailable=25% maxSurge=0'],
    ['maxSurge 0%', UpdateStrategy.rollingUpdate({ maxSurge: percent(0) }), false, 'RollingUpdate maxUnavailable=1 maxSurge=0%'],
    ['maxSurge 1', UpdateStrategy.rollingUpdate({ maxSurge: absolute(1) }), true, 'RollingUpdate maxUnavailable=0 maxSurge=1'],
    ['maxSurge 10%', UpdateStrategy.rollingUpdate({ maxSurge: percent(10) }), true, 'RollingUpdate maxUnavailable=0 maxSurge=10%'],
    ['OnDelete', UpdateStrategy.onDelete(), false, 'OnDelete'],
  ])('%s: surges and toString()', (_, strategy, surges, text) => {
    // THEN
    expect(strategy.surges).toBe(surges);
    expect(strategy.toString()).toBe(text);
    expect(`${strategy}`).toBe(text);
  });

  test('type, maxUnavailable and maxSurge carry the defaults applied', () => {
    // WHEN
    const rolling = UpdateStrategy.rollingUpdate({ maxSurge: percent(10) });
    const onDelete = UpdateStrategy.onDelete();

    // THEN
    expect(rolling.type).toBe(UpdateStrategyType.ROLLING_UPDATE);
    expect(rolling.maxUnavailable!.value).toBe(0);
    expect(rolling.maxSurge!.value).toBe('10%');
    expect(onDelete.type).toBe(UpdateStrategyType.ON_DELETE);
    expect(onDelete.maxUnavailable).toBeUndefined();
    expect(onDelete.maxSurge).toBeUndefined();
  });
});

describe('the API server rules, when the strategy is made: [UpdateStrategy.rollingUpdate] <prop> = <value>: <problem>. Fix: <fix>', () => {
  const rolling = (options: RollingUpdateOptions) => () => UpdateStrategy.rollingUpdate(options);
  const error = (field: string, value: string, problem: string, fix: string) => factoryError('UpdateStrategy.rollingUpdate', field, value, problem, fix);
  const INT_OR_PERCENT_FIX = 'use PercentOrAbsolute.absolute(<whole number 0..2147483647>) or PercentOrAbsolute.percent(<whole number 0..100>)';

  test.each([
    ['negative absolute maxUnavailable', { maxUnavailable: absolute(-1) }, 'maxUnavailable', '-1', 'must be a whole number from 0 to 2147483647'],
    ['non-integer absolute maxUnavailable', { maxUnavailable: absolute(1.5) }, 'maxUnavailable', '1.5', 'must be a whole number from 0 to 2147483647'],
    ['NaN maxUnavailable', { maxUnavailable: absolute(NaN) }, 'maxUnavailable', 'NaN', 'must be a whole number from 0 to 2147483647'],
    ['negative absolute maxSurge', { maxSurge: absolute(-2) }, 'maxSurge', '-2', 'must be a whole number from 0 to 2147483647'],
    ['non-integer absolute maxSurge', { maxSurge: absolute(0.5) }, 'maxSurge', '0.5', 'must be a whole number from 0 to 2147483647'],
    ['absolute maxUnavailable above int32', { maxUnavailable: absolute(2147483648) }, 'maxUnavailable', '2147483648', 'must be a whole number from 0 to 2147483647'],
    ['percent above 100', { maxUnavailable: percent(110) }, 'maxUnavailable', '\'110%\'', 'must be a whole percentage from 0% to 100%'],
    ['negative percent', { maxUnavailable: percent(-5) }, 'maxUnavailable', '\'-5%\'', 'must be a whole percentage from 0% to 100%'],
    ['fractional percent', { maxSurge: percent(12.5) }, 'maxSurge', '\'12.5%\'', 'must be a whole percentage from 0% to 100%'],
    ['surge percent above 100', { maxSurge: percent(101) }, 'maxSurge', '\'101%\'', 'must be a whole percentage from 0% to 100%'],
  ])('%s', (_, options, field, value, problem) => {
    // THEN
    expect(rolling(options)).toThrow(error(field, value, problem, INT_OR_PERCENT_FIX));
  });

  test.each([
    ['absolute 0', { maxUnavailable: absolute(0) }, '0'],
    ['absolute 0 and absolute 0', { maxUnavailable: absolute(0), maxSurge: absolute(0) }, '0'],
    ['percent(0) and percent(0)', { maxUnavailable: percent(0), maxSurge: percent(0) }, '\'0%\''],
    ['percent(0) alone', { maxUnavailable: percent(0) }, '\'0%\''],
    ['mixed: 0 and 0%', { maxUnavailable: absolute(0), maxSurge: percent(0) }, '0'],
    ['mixed: 0% and 0', { maxUnavailable: percent(0), maxSurge: absolute(0) }, '\'0%\''],
  ])('both zero (%s) is an error', (_, options, value) => {
    // THEN
    expect(rolling(options)).toThrow(error('maxUnavailable', value,
      'makes both maxUnavailable and maxSurge zero, so the rollout could never replace a pod (the API server rejects it)',
      'make exactly one of them non-zero, e.g. maxUnavailable: PercentOrAbsolute.absolute(1)'));
  });

  test.each([
    ['1 and 1', { maxUnavailable: absolute(1), maxSurge: absolute(1) }, '1', '1'],
    ['25% and 10%', { maxUnavailable: percent(25), maxSurge: percent(10) }, '\'10%\'', '25%'],
    ['2 and 100%', { maxUnavailable: absolute(2), maxSurge: percent(100) }, '\'100%\'', '2'],
  ])('both non-zero (%s) is an error', (_, options, surgeValue, unavailable) => {
    // THEN
    expect(rolling(options)).toThrow(error('maxSurge', surgeValue, `cannot be non-zero together with maxUnavailable ${unavailable}`,
      'give only maxSurge (maxUnavailable 0 is written for you) or only maxUnavailable'));
  });

  test('the whole message, on one line', () => {
    expect(rolling({ maxUnavailable: absolute(-1) })).toThrow(
      /^\[UpdateStrategy\.rollingUpdate\] maxUnavailable = -1: must be a whole number from 0 to 2147483647\. Fix: use PercentOrAbsolute\.absolute\(<whole number 0\.\.2147483647>\) or PercentOrAbsolute\.percent\(<whole number 0\.\.100>\)$/);
  });

  test('a bad value is named before the zero rules: maxUnavailable first, then maxSurge', () => {
    expect(rolling({ maxUnavailable: absolute(-1), maxSurge: absolute(-1) })).toThrow(/^\[UpdateStrategy\.rollingUpdate\] maxUnavailable = -1: /);
    expect(rolling({ maxUnavailable: absolute(0), maxSurge: absolute(-1) })).toThrow(/^\[UpdateStrategy\.rollingUpdate\] maxSurge = -1: /);
  });

  test.each([
    ['the largest int32', { maxUnavailable: absolute(2147483647) }],
    ['0% and 1', { maxUnavailable: percent(0), maxSurge: absolute(1) }],
    ['100% alone', { maxUnavailable: percent(100) }],
    ['maxSurge 100% alone (maxUnavailable 0 written)', { maxSurge: percent(100) }],
  ])('valid: %s', (_, options) => {
    expect(rolling(options)).not.toThrow();
  });

  test('a daemon never sees an invalid strategy: the error comes from rollingUpdate(), before the daemon exists', () => {
    // GIVEN
    const chart = Testing.chart();

    // THEN
    expect(() => new NodeDaemon(chart, 'Exporter', { image: IMAGE, updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: absolute(-1) }) }))
      .toThrow(/^\[UpdateStrategy\.rollingUpdate\] maxUnavailable = -1: /);
    expect(chart.node.tryFindChild('Exporter')).toBeUndefined();
  });
});

describe('surge with host ports hangs the rollout (kubernetes#106417)', () => {
  const surge = () => UpdateStrategy.rollingUpdate({ maxSurge: absolute(1) });
  const surgeError = (value = '1') => daemonError('updateStrategy.maxSurge', value, SURGE_TRAP);
  const FIX = /rollout hangs for ever \(kubernetes\/kubernetes#106417.*\. Fix: use UpdateStrategy\.rollingUpdate\(\{ maxUnavailable: \.\.\. \}\)/;

  test('(a) surge strategy prop with a hostPort prop', () => {
    // THEN
    expect(create({ updateStrategy: surge(), ports: [METRICS_ON_HOST] })).toThrow(surgeError());
    expect(create({ updateStrategy: surge(), ports: [METRICS_ON_HOST] })).toThrow(/host port 9100, port 'metrics' of container 'daemon'/);
    expect(create({ updateStrategy: surge(), ports: [METRICS_ON_HOST] })).toThrow(FIX);
  });

  test('(a) a percentage surge is caught too', () => {
    // THEN
    expect(create({ updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge: percent(10) }), ports: [METRICS_ON_HOST] })).toThrow(surgeError('\'10%\''));
  });

  test('(a) a hostPort different from the container port is named', () => {
    // THEN
    expect(create({ updateStrategy: surge(), ports: [{ name: 'http', number: 8080, hostPort: 80 }] })).toThrow(/host port 80, port 'http'/);
  });

  // The deadlock needs both halves; whichever call brings the second, the synth reports it, so the
  // order of the calls never matters.
  test('(b) surge strategy prop, then addPort with a hostPort: refused at synth', () => {
    // GIVEN
    const { chart, d } = daemon({ updateStrategy: surge(), ports: [{ name: 'health', number: 8080 }] });

    // WHEN
    d.addPort(METRICS_ON_HOST);

    // THEN
    expect(() => Testing.synth(chart)).toThrow(surgeError());
    expect(() => Testing.synth(chart)).toThrow(FIX);
  });

  test('(c) hostPort prop, then useUpdateStrategy with surge: refused at synth', () => {
    // GIVEN
    const { chart, d } = daemon({ ports: [METRICS_ON_HOST] });

    // WHEN
    d.useUpdateStrategy(surge());

    // THEN
    expect(() => Testing.synth(chart)).toThrow(surgeError());
    expect(() => Testing.synth(chart)).toThrow(FIX);
  });

  test('(c) addPort with a hostPort, then useUpdateStrategy with surge, and the other order: refused at synth alike', () => {
    const one = daemon();
    one.d.addPort(METRICS_ON_HOST);
    one.d.useUpdateStrategy(surge());
    const other = daemon();
    other.d.useUpdateStrategy(surge());
    other.d.addPort(METRICS_ON_HOST);
    expect(() => Testing.synth(one.chart)).toThrow(surgeError());
    expect(() => Testing.synth(other.chart)).toThrow(surgeError());
  });

  test('(d) hostNetwork with a declared port and a surge strategy prop', () => {
    // THEN
    expect(create({ hostNetwork: true, ports: [METRICS], updateStrategy: surge() })).toThrow(surgeError());
    expect(create({ hostNetwork: true, ports: [METRICS], updateStrategy: surge() })).toThrow(/port 9100 \(a host port, because of hostNetwork\), port 'metrics' of container 'daemon'/);
    expect(create({ hostNetwork: true, ports: [METRICS], updateStrategy: surge() })).toThrow(FIX);
  });

  test('(d) hostNetwork and a surge strategy prop, then addPort without hostPort: refused at synth', () => {
    // GIVEN
    const { chart, d } = daemon({ hostNetwork: true, updateStrategy: surge() });

    // WHEN
    d.addPort(METRICS);

    // THEN
    expect(() => Testing.synth(chart)).toThrow(surgeError());
  });

  test('(e) hostNetwork with a port, then useUpdateStrategy with surge: refused at synth', () => {
    // GIVEN
    const { chart, d } = daemon({ hostNetwork: true, ports: [METRICS] });

    // WHEN
    d.useUpdateStrategy(UpdateStrategy.rollingUpdate({ maxSurge: percent(25) }));

    // THEN
    expect(() => Testing.synth(chart)).toThrow(surgeError('\'25%\''));
    expect(() => Testing.synth(chart)).toThrow(/a host port, because of hostNetwork/);
  });

  test('(f) surge strategy, then addContainer with a sidecar holding a hostPort: refused at synth', () => {
    // GIVEN
    const { chart, d } = daemon({ updateStrategy: surge() });

    // WHEN
    d.addContainer({ name: 'proxy', image: 'envoyproxy/envoy:v1.27.0', ports: [{ name: 'admin', number: 9901, hostPort: 9901 }] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(surgeError());
    expect(() => Testing.synth(chart)).toThrow(/host port 9901, port 'admin' of container 'proxy'/);
  });

  test('(f) a sidecar with a hostPort given as prop, together with surge', () => {
    // THEN
    expect(create({ updateStrategy: surge(), containers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.27.0', ports: [{ name: 'admin', number: 9901, hostPort: 9901 }] }] }))
      .toThrow(surgeError());
  });

  test('(f) hostNetwork and surge, then a sidecar with a declared port: refused at synth', () => {
    // GIVEN
    const { chart, d } = daemon({ hostNetwork: true, updateStrategy: surge() });

    // WHEN
    d.addContainer({ name: 'proxy', image: 'envoyproxy/envoy:v1.27.0', ports: [{ name: 'admin', number: 9901 }] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/a host port, because of hostNetwork\), port 'admin' of container 'proxy'/);
  });

  describe('allowed', () => {
    test('surge with ports but no hostPort and no hostNetwork', () => {
      // WHEN
      const spec = specOf({ updateStrategy: surge(), ports: [METRICS], containers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.27.0', ports: [{ name: 'admin', number: 9901 }] }] });

      // THEN
      expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
      expect(spec.template.spec.containers[0].ports[0]).not.toHaveProperty('hostPort');
    });

    test('surge, then addPort without hostPort', () => {
      // GIVEN
      const { chart, d } = daemon({ updateStrategy: surge() });

      // WHEN
      d.addPort(METRICS);

      // THEN
      expect(daemonSetOf(Testing.synth(chart)).spec.template.spec.containers[0].ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
    });

    test('hostNetwork with no declared ports and surge', () => {
      // WHEN
      const spec = specOf({ hostNetwork: true, updateStrategy: surge() });

      // THEN
      expect(spec.template.spec.hostNetwork).toBe(true);
      expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    });

    test('maxUnavailable with a hostPort', () => {
      // WHEN
      const spec = specOf({ updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: percent(25) }), ports: [METRICS_ON_HOST] });

      // THEN
      expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } });
      expect(spec.template.spec.containers[0].ports[0].hostPort).toBe(9100);
    });

    test('maxUnavailable with hostNetwork and declared ports', () => {
      // WHEN
      const spec = specOf({ hostNetwork: true, ports: [METRICS] });

      // THEN
      expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
      expect(spec.template.spec.containers[0].ports[0].hostPort).toBe(9100);
    });

    test('an explicit maxSurge 0% with a hostPort', () => {
      // WHEN
      const spec = specOf({ updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge: percent(0) }), ports: [METRICS_ON_HOST] });

      // THEN
      expect(spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 1, maxSurge: '0%' });
    });

    test('useUpdateStrategy from surge to maxUnavailable, then addPort with a hostPort', () => {
      // GIVEN
      const { chart, d } = daemon({ updateStrategy: surge() });

      // WHEN
      d.useUpdateStrategy(UpdateStrategy.rollingUpdate({ maxUnavailable: absolute(1) }));
      d.addPort(METRICS_ON_HOST);

      // THEN
      const spec = daemonSetOf(Testing.synth(chart)).spec;
      expect(spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 1, maxSurge: 0 });
      expect(spec.template.spec.containers[0].ports[0].hostPort).toBe(9100);
    });
  });
});

describe('rollingUpdate from JavaScript (issue 23)', () => {
  test('null options are no options; a null field is a plain value, refused; the fix names the count given, else 1', () => {
    expect(UpdateStrategy.rollingUpdate(null as any)._toKube()).toEqual(UpdateStrategy.rollingUpdate()._toKube());
    expect(() => UpdateStrategy.rollingUpdate({ maxSurge: null as any }))
      .toThrow('[UpdateStrategy.rollingUpdate] maxSurge = null: must be a kplus.PercentOrAbsolute, not a plain value. Fix: write kplus.PercentOrAbsolute.absolute(1) or kplus.PercentOrAbsolute.percent(<0..100>)');
    expect(() => UpdateStrategy.rollingUpdate({ maxUnavailable: 3 as any })).toThrow(/maxUnavailable = 3: .*Fix: write kplus\.PercentOrAbsolute\.absolute\(3\) or/);
    expect(() => UpdateStrategy.rollingUpdate({ maxUnavailable: '25%' as any })).toThrow(/maxUnavailable = '25%': .*Fix: write kplus\.PercentOrAbsolute\.absolute\(1\) or/);
  });
});
