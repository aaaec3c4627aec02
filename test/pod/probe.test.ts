import { Probe, ProbeOptions, ProbeScheme } from '../../src';
import { create, daemonError, factoryError, podSpec } from '../scheduling/helpers';

/** The main container's probes of a daemon with these probes. */
const probesOf = (livenessProbe?: Probe, readinessProbe?: Probe): any => {
  const main = podSpec({ livenessProbe, readinessProbe }).containers[0];
  return { liveness: main.livenessProbe, readiness: main.readinessProbe };
};

/** The largest int32, the upper bound of every timing field. */
const MAX = 2147483647;

const DEFAULT_TIMING = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 };

describe('valid probes render with every timing field', () => {
  test('httpGet', () => {
    expect(probesOf(Probe.httpGet('/healthz', { port: 9100, scheme: ProbeScheme.HTTPS, periodSeconds: 20 })).liveness).toEqual({
      httpGet: { path: '/healthz', port: 9100, scheme: 'HTTPS' }, ...DEFAULT_TIMING, periodSeconds: 20,
    });
  });

  test('httpGet without a scheme is written as HTTP (the default spelled out)', () => {
    expect(probesOf(Probe.httpGet('/healthz', { port: 9100 })).liveness).toEqual({ httpGet: { path: '/healthz', port: 9100, scheme: 'HTTP' }, ...DEFAULT_TIMING });
  });

  test('tcpSocket', () => {
    expect(probesOf(undefined, Probe.tcpSocket({ port: 9100, successThreshold: 2 })).readiness).toEqual({
      tcpSocket: { port: 9100 }, ...DEFAULT_TIMING, successThreshold: 2,
    });
  });

  test('exec', () => {
    expect(probesOf(Probe.exec(['cat', '/tmp/healthy'])).liveness).toEqual({ exec: { command: ['cat', '/tmp/healthy'] }, ...DEFAULT_TIMING });
  });

  test.each<[string, () => Probe]>([
    ['port 1', () => Probe.tcpSocket({ port: 1 })],
    ['port 65535', () => Probe.tcpSocket({ port: 65535 })],
    ['path \'/\'', () => Probe.httpGet('/', { port: 80 })],
    ['initialDelaySeconds 0', () => Probe.exec(['true'], { initialDelaySeconds: 0 })],
    ['every timing field at its minimum',
      () => Probe.exec(['true'], { initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 1, successThreshold: 1 })],
    ['every timing field at the largest int32', () => Probe.tcpSocket({
      port: 80, initialDelaySeconds: MAX, periodSeconds: MAX, timeoutSeconds: MAX, failureThreshold: MAX, successThreshold: MAX,
    })],
  ])('valid: %s', (_title, make) => {
    expect(make).not.toThrow();
  });

  test('the options and the command are copied: changing them later changes nothing', () => {
    // GIVEN
    const command = ['cat', '/tmp/healthy'];
    const options: { periodSeconds: number } = { periodSeconds: 5 };
    const probe = Probe.exec(command, options);

    // WHEN
    command.push('--bad');
    options.periodSeconds = 0;

    // THEN
    expect(probe.command).toEqual(['cat', '/tmp/healthy']);
    expect(probe.options.periodSeconds).toBe(5);
    expect(probesOf(probe).liveness).toEqual({ exec: { command: ['cat', '/tmp/healthy'] }, ...DEFAULT_TIMING, periodSeconds: 5 });
  });
});

describe('invalid probes throw when made: [Probe.<factory>] <prop> = <value>: <problem>. Fix: <fix>', () => {
  const PORT_FIX = 'give the container port the probe should reach, e.g. 8080';

  test.each<[string, () => Probe, RegExp]>([
    ['tcpSocket: port 0', () => Probe.tcpSocket({ port: 0 }), factoryError('Probe.tcpSocket', 'port', '0', 'must be a whole number from 1 to 65535', PORT_FIX)],
    ['tcpSocket: port 70000', () => Probe.tcpSocket({ port: 70000 }), factoryError('Probe.tcpSocket', 'port', '70000', 'must be a whole number from 1 to 65535', PORT_FIX)],
    ['httpGet: port 80.5', () => Probe.httpGet('/healthz', { port: 80.5 }), factoryError('Probe.httpGet', 'port', '80.5', 'must be a whole number from 1 to 65535', PORT_FIX)],
    ['httpGet: port NaN', () => Probe.httpGet('/healthz', { port: NaN }), factoryError('Probe.httpGet', 'port', 'NaN', 'must be a whole number from 1 to 65535', PORT_FIX)],
    ['httpGet: path without \'/\'', () => Probe.httpGet('healthz', { port: 8080 }),
      factoryError('Probe.httpGet', 'path', '\'healthz\'', 'must start with \'/\'', 'give an absolute path, e.g. \'/healthz\'')],
    ['httpGet: empty path', () => Probe.httpGet('', { port: 8080 }),
      factoryError('Probe.httpGet', 'path', '\'\'', 'must start with \'/\'', 'give an absolute path, e.g. \'/healthz\'')],
    ['exec: empty command', () => Probe.exec([]),
      factoryError('Probe.exec', 'command', '[]', 'must not be empty', 'give the program and its arguments, e.g. [\'cat\', \'/tmp/healthy\']')],
  ])('%s', (_title, make, message) => {
    expect(make).toThrow(message);
  });

  const TIMING: Array<[keyof ProbeOptions, number, string]> = [
    ['initialDelaySeconds', 0, 'give whole seconds, 0 to probe as soon as the container starts'],
    ['periodSeconds', 1, 'give whole seconds, e.g. 10'],
    ['timeoutSeconds', 1, 'give whole seconds, e.g. 1'],
    ['failureThreshold', 1, 'give a count, e.g. 3'],
    ['successThreshold', 1, 'give a count, e.g. 1'],
  ];
  const BAD: Array<[string, (min: number) => number]> = [
    ['below the minimum', min => min - 1],
    ['a fraction', min => min + 0.5],
    ['above int32', () => 2147483648],
    ['NaN', () => NaN],
    ['Infinity', () => Infinity],
  ];
  const cases = TIMING.flatMap(([field, min, fix]) => BAD.map(([what, bad]): [string, keyof ProbeOptions, number, number, string] => [`${field} ${what}`, field, min, bad(min), fix]));

  test.each(cases)('%s', (_title, field, min, value, fix) => {
    const options = { [field]: value };
    const problem = `must be a whole number from ${min} to 2147483647`;
    expect(() => Probe.exec(['true'], options)).toThrow(factoryError('Probe.exec', field, String(value), problem, fix));
    expect(() => Probe.tcpSocket({ port: 80, ...options })).toThrow(factoryError('Probe.tcpSocket', field, String(value), problem, fix));
    expect(() => Probe.httpGet('/healthz', { port: 80, ...options })).toThrow(factoryError('Probe.httpGet', field, String(value), problem, fix));
  });

  test('the whole message, on one line', () => {
    expect(() => Probe.httpGet('/ready', { port: 8080, periodSeconds: 0 })).toThrow(
      /^\[Probe\.httpGet\] periodSeconds = 0: must be a whole number from 1 to 2147483647\. Fix: give whole seconds, e.g\. 10$/);
  });

  test('a newline in the path is shown escaped', () => {
    expect(() => Probe.httpGet('healthz\n', { port: 8080 })).toThrow(/^\[Probe\.httpGet\] path = 'healthz\\n': must start with '\/'.*\. Fix: give an absolute path, e.g\. '\/healthz\\n'$/);
  });

  test('the path is checked before the port, the port before the timing', () => {
    expect(() => Probe.httpGet('x', { port: 0, periodSeconds: 0 })).toThrow(/^\[Probe\.httpGet\] path = /);
    expect(() => Probe.httpGet('/x', { port: 0, periodSeconds: 0 })).toThrow(/^\[Probe\.httpGet\] port = /);
  });
});

describe('the liveness rule depends on where the probe is used: checked by the daemon', () => {
  test('successThreshold 2 is fine for a readiness probe', () => {
    expect(create({ readinessProbe: Probe.httpGet('/ready', { port: 8080, successThreshold: 2 }) })).not.toThrow();
  });

  test('successThreshold 2 is an error for a liveness probe', () => {
    expect(create({ livenessProbe: Probe.httpGet('/healthz', { port: 8080, successThreshold: 2 }) }))
      .toThrow(daemonError('livenessProbe', '\'/healthz\'', 'successThreshold 2 must be 1 for a liveness probe (the API server rejects anything else)'));
  });

  test('the same probe object may be a readiness probe and, with successThreshold 1, a liveness probe', () => {
    const probe = Probe.tcpSocket({ port: 8080 });
    const probes = probesOf(probe, probe);
    expect(probes.liveness).toEqual(probes.readiness);
  });
});
