/**
 * Shared helpers of the scheduling tests (not a test file: jest only runs `*.test.ts`).
 * They follow test/node-daemon.test.ts: synthesize one NodeDaemon and read its pod spec, and build
 * regexes for the one error shape `[<construct path>] <prop> = <value>: <problem>. Fix: <way out>`.
 */
import { Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { NodeDaemon, NodeDaemonProps } from '../../src';

export const IMAGE = 'quay.io/prometheus/node-exporter:v1.6.1';

/** Synthesizes one NodeDaemon (id `Daemon`) in a fresh test chart; every manifest is schema-checked by the jest setup. */
export function synthDaemon(props: Partial<NodeDaemonProps> = {}): any[] {
  const chart = Testing.chart();
  new NodeDaemon(chart, 'Daemon', { image: IMAGE, ...props });
  return Testing.synth(chart);
}

export const daemonSetOf = (manifests: any[]): any => {
  const found = manifests.filter(m => m.kind === 'DaemonSet');
  expect(found).toHaveLength(1);
  return found[0];
};

/** `spec.template.spec` of the one DaemonSet. */
export const podSpecOf = (manifests: any[]): any => daemonSetOf(manifests).spec.template.spec;

/** The pod spec of a daemon synthesized with these props. */
export const podSpec = (props: Partial<NodeDaemonProps> = {}): any => podSpecOf(synthDaemon(props));

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * `[<path>] <prop> = <value>: <problem>... Fix: <something>`. `value` is written as the message shows it
 * (strings quoted, numbers bare, objects as JSON); `problem` is the start of the problem text.
 */
export function inputError(path: string, prop: string, value: string, problem: string): RegExp {
  return new RegExp(`\\[${escapeRegExp(path)}\\] ${escapeRegExp(prop)} = ${escapeRegExp(value)}: ${escapeRegExp(problem)}.*\\. Fix: \\S`);
}

/** An error of the daemon with id `Daemon` in the test chart (path `test/Daemon`). */
export const daemonError = (prop: string, value: string, problem: string) => inputError('test/Daemon', prop, value, problem);

/** A thunk creating a daemon (id `Daemon`) with the given props, for `toThrow`. */
export const create = (props: Partial<NodeDaemonProps>) => () => new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE, ...props });

/** The labels every object of a daemon named `daemon` carries. */
export const DAEMON_LABELS = {
  'app.kubernetes.io/component': 'node-daemon',
  'app.kubernetes.io/instance': 'daemon',
  'app.kubernetes.io/managed-by': 'cdk8s-daemons',
  'app.kubernetes.io/name': 'daemon',
  'app.kubernetes.io/part-of': 'daemon',
  'app.kubernetes.io/version': 'v1.6.1', // the tag of IMAGE
};

/** The selector labels of a daemon named `daemon`. */
export const DAEMON_SELECTOR = { 'app.kubernetes.io/instance': 'daemon', 'app.kubernetes.io/name': 'daemon' };

/**
 * An error a value class throws when made: `[<Class>.<factory>] <prop> = <value>: <problem>... Fix: ...<fix>...`,
 * matched from the start of the message (no construct path). `value` and `problem` as for `inputError`;
 * `fix` is a part of the fix text.
 */
export function factoryError(where: string, prop: string, value: string, problem: string, fix: string): RegExp {
  return new RegExp(`^\\[${escapeRegExp(where)}\\] ${escapeRegExp(prop)} = ${escapeRegExp(value)}: ${escapeRegExp(problem)}.*\\. Fix: .*${escapeRegExp(fix)}`);
}

/**
 * Synthesizes the chart `c` belongs to: where what add* methods added is checked with the rest of the
 * daemon (every problem at once, whatever the order of the calls).
 */
export function synthOf(c: IConstruct): any[] {
  return Testing.synth(Chart.of(c));
}
