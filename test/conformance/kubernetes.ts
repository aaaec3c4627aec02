/* eslint-disable no-console */
/**
 * Kubernetes' own code as the judge (`npx projen conformance`): builds the Go harness in
 * conformance/ (k8s.io/kubernetes v1.27.16 and k8s.io/pod-security-admission, from the Go module
 * proxy) and checks, against it:
 *  - every example app's output, and the output of random valid props of every construct, is valid
 *    for Kubernetes' validation after its own defaulting (and holds no field the 1.27 API lacks);
 *  - the Pod Security level the library reports equals the admission library's, for random props;
 *  - Placement.evaluate agrees with the DaemonSet controller's NodeShouldRunDaemonPod on random pod
 *    templates and nodes (taints, tolerations with every operator and effect, node selectors, every
 *    affinity operator, matchFields, label values Kubernetes cannot parse, cordoned nodes).
 * A disagreement prints the case, shrunk. Needs Go (the machine's); fails, never skips, without it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../../examples';
import { Placement } from '../../src';
import { build, daemonProps } from '../util/generators';

const SEED = 20261130;
const REPO = path.resolve(__dirname, '..', '..');

function buildHarness(): string {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) { throw new Error('no Go toolchain on PATH: install Go (the harness builds k8s.io/kubernetes v1.27.16 from the Go module proxy)'); }
  const bin = path.join(os.tmpdir(), 'cdk8s-daemons-conformance');
  const started = Date.now();
  const r = spawnSync('go', ['build', '-o', bin, '.'], { cwd: path.join(REPO, 'conformance'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) { throw new Error(`go build of conformance/ failed:\n${r.stdout}${r.stderr}`); }
  console.log(`harness: ${go.stdout.trim()}, k8s.io/kubernetes v1.27.16, built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

/** Sends requests to the harness in one batch and returns its answers, in order. */
function ask(bin: string, requests: object[]): any[] {
  const r = spawnSync(bin, [], { input: requests.map(q => JSON.stringify(q)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 512 * 2 ** 20 });
  if (r.status !== 0) { throw new Error(`harness failed: ${r.stderr}`); }
  const answers = r.stdout.trim().split('\n').map(l => JSON.parse(l));
  for (const a of answers) { if (a.failure) { throw new Error(`harness: ${a.failure}`); } }
  return answers;
}

const docsOf = (yaml: string) => parseAllDocuments(yaml).map(d => d.toJS()).filter(d => d);

let failures = 0;
function fail(message: string): void {
  failures++;
  console.log(`FAIL ${message}`);
}

/** 1. Validation after defaulting: the examples and random valid props. */
function validation(bin: string): void {
  const objects: Array<{ source: string; object: any }> = [];
  for (const example of EXAMPLES) {
    const app = Testing.app();
    example.build(app);
    for (const object of docsOf(app.synthYaml())) { objects.push({ source: `example ${example.name}`, object }); }
  }
  const samples = fc.sample(fc.tuple(fc.integer({ min: 0, max: 3 }), daemonProps), { seed: SEED, numRuns: 300 });
  samples.forEach(([kind, { props, raw }], i) => {
    const { chart } = build(kind, props, raw.variants);
    for (const object of Testing.synth(chart)) { objects.push({ source: `random props #${i} (kind ${kind})`, object }); }
  });
  const answers = ask(bin, objects.map(o => ({ op: 'validate', object: o.object })));
  let checked = 0;
  const skipped = new Set<string>();
  answers.forEach((a, i) => {
    if (a.skipped) { skipped.add(objects[i].object.kind); return; }
    checked++;
    if (a.errors?.length) { fail(`${objects[i].source}: ${objects[i].object.kind}/${objects[i].object.metadata?.name}: ${a.errors.join('; ')}`); }
  });
  console.log(`validation: ${checked} objects valid for Kubernetes 1.27 after its defaulting (${EXAMPLES.length} examples, ${samples.length} random props);`
    + ` not judged: ${[...skipped].sort().join(', ') || 'none'}`);
}

/**
 * 1b. Every manifest the test suite synthesizes (snapshot tests included), recorded by the jest setup
 * while the suite runs once more, with the property tests' deep run counts.
 */
function suiteOutput(bin: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-recorded-'));
  const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--coverage=false', '--silent'], {
    cwd: REPO, env: { ...process.env, CDK8S_DAEMONS_RECORD: dir, CDK8S_DAEMONS_DEEP: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (jest.status !== 0) { throw new Error(`the test suite failed while recording its output:\n${jest.stderr.slice(-2000)}`); }
  const seen = new Set<string>();
  const recorded: Array<{ test: string; object: any }> = [];
  for (const file of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line) { continue; }
      const entry = JSON.parse(line);
      const key = JSON.stringify(entry.object);
      if (!seen.has(key)) { seen.add(key); recorded.push(entry); }
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const answers = ask(bin, recorded.map(r => ({ op: 'validate', object: r.object })));
  let checked = 0;
  answers.forEach((a, i) => {
    if (a.skipped) { return; }
    checked++;
    if (a.errors?.length) { fail(`test '${recorded[i].test}': ${recorded[i].object.kind}/${recorded[i].object.metadata?.name}: ${a.errors.join('; ')}`); }
  });
  console.log(`test suite output: ${checked} distinct objects the tests synthesize, valid for Kubernetes 1.27 after its defaulting`);
}

/** 2. Pod Security levels against k8s.io/pod-security-admission. */
function podSecurity(bin: string): void {
  const samples = fc.sample(fc.tuple(fc.integer({ min: 0, max: 3 }), daemonProps, fc.boolean(), fc.boolean()), { seed: SEED + 1, numRuns: 1000 });
  const cases = samples.map(([kind, { props, raw }, hostPID, privileged]) => {
    const extra = { ...props, hostPID: hostPID || undefined, securityContext: privileged ? { privileged: true } : props.securityContext };
    const { chart, daemon } = build(kind, extra, raw.variants);
    const ds = Testing.synth(chart).find(m => m.kind === 'DaemonSet');
    return { ours: daemon.podSecurityLevel, template: ds.spec.template };
  });
  const answers = ask(bin, cases.map(c => ({ op: 'level', metadata: c.template.metadata, podSpec: c.template.spec })));
  let differ = 0;
  answers.forEach((a, i) => {
    if (a.level !== cases[i].ours) {
      differ++;
      if (differ <= 3) { fail(`Pod Security: ours '${cases[i].ours}', Kubernetes '${a.level}' for ${JSON.stringify(cases[i].template.spec)}`); }
    }
  });
  console.log(`pod security: ${cases.length - differ} of ${cases.length} random pods at the level k8s.io/pod-security-admission gives`);
}

const KEYS = ['disktype', 'zone', 'example.com/gpu', 'kubernetes.io/hostname', 'cores'];
const VALUES = ['ssd', 'hdd', 'a', 'b', '4', '16', '-3', 'x y', '', '99999999999999999999'];
const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
const requirement = fc.record({
  key: pick(KEYS),
  operator: pick(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: fc.array(pick(VALUES), { maxLength: 2 }),
}).map(r => (r.operator === 'Exists' || r.operator === 'DoesNotExist' ? { key: r.key, operator: r.operator } : r));
const fieldRequirement = fc.record({
  key: fc.constant('metadata.name'), operator: pick(['In', 'NotIn']), values: fc.array(pick(['node-a', 'node-b']), { minLength: 0, maxLength: 2 }),
});
const term = fc.record({ matchExpressions: fc.array(requirement, { maxLength: 2 }), matchFields: fc.array(fieldRequirement, { maxLength: 1 }) })
  .map(t => ({
    ...(t.matchExpressions.length ? { matchExpressions: t.matchExpressions } : {}),
    ...(t.matchFields.length ? { matchFields: t.matchFields } : {}),
  }));
const effect = pick(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const taintKeys = [
  'dedicated', 'node-role.kubernetes.io/control-plane', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unschedulable',
  'node.kubernetes.io/network-unavailable', 'node.kubernetes.io/memory-pressure',
];
const toleration = fc.oneof(
  fc.record({ key: pick(taintKeys), operator: fc.constant('Equal'), value: pick(['', 'db', 'gpu']), effect: fc.option(effect, { nil: undefined }) }),
  fc.record({ key: pick([...taintKeys, '']), operator: fc.constant('Exists'), effect: fc.option(effect, { nil: undefined }) })
    .map(t => (t.key === '' ? { operator: 'Exists', effect: t.effect } : t)),
);
const podSpec = fc.record({
  nodeSelector: fc.option(fc.dictionary(pick(KEYS), pick(VALUES.filter(v => v !== 'x y')), { maxKeys: 2 }), { nil: undefined }),
  terms: fc.option(fc.array(term, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  tolerations: fc.array(toleration, { maxLength: 3 }),
  hostNetwork: fc.boolean(),
});
const node = fc.record({
  name: pick(['node-a', 'node-b']),
  labels: fc.dictionary(pick(KEYS), pick(VALUES.filter(v => v !== 'x y')), { maxKeys: 3 }),
  taints: fc.uniqueArray(fc.record({ key: pick(taintKeys), value: pick(['', 'db']), effect }), { maxLength: 2, selector: t => `${t.key}:${t.effect}` }),
  unschedulable: fc.boolean(),
});

function daemonSetOf(p: any): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'd' } },
      template: { metadata: { labels: { app: 'd' } }, spec: specOf(p) },
    },
  };
}

function specOf(p: any): any {
  return {
    containers: [{ name: 'c', image: 'example.com/c:1' }],
    ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
    ...(p.terms ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: p.terms } } } } : {}),
    ...(p.tolerations.length ? { tolerations: p.tolerations.map(withoutUndefined) } : {}),
    ...(p.hostNetwork ? { hostNetwork: true } : {}),
  };
}

function withoutUndefined(o: object): object {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function nodeOf(n: any): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels: { ...n.labels, 'kubernetes.io/hostname': n.labels['kubernetes.io/hostname'] ?? n.name } },
    spec: {
      ...(n.unschedulable ? { unschedulable: true } : {}),
      ...(n.taints.length ? { taints: n.taints.map((t: any) => (t.value ? t : { key: t.key, effect: t.effect })) } : {}),
    },
  };
}

function ours(p: any, n: any): [boolean, boolean] {
  const d = Placement.evaluate(specOf(p), nodeOf(n));
  return [d.shouldRun, d.shouldContinueRunning];
}

/** 3. Placement.evaluate against NodeShouldRunDaemonPod. */
function placement(bin: string): void {
  const cases = fc.sample(fc.tuple(podSpec, node), { seed: SEED + 2, numRuns: 4000 });
  const answers = ask(bin, cases.map(([p, n]) => ({ op: 'shouldRun', daemonSet: daemonSetOf(p), node: nodeOf(n) })));
  let differ = 0;
  answers.forEach((a, i) => {
    const [p, n] = cases[i];
    const [run, keep] = ours(p, n);
    if (run !== a.shouldRun || keep !== a.shouldContinueRunning) {
      differ++;
      if (differ === 1) {
        const [sp, sn] = shrink(bin, p, n);
        fail(`placement: ours shouldRun=${ours(sp, sn)[0]} shouldContinueRunning=${ours(sp, sn)[1]}, Kubernetes the opposite, for (shrunk)\n  pod spec: ${JSON.stringify(specOf(sp))}\n  node: ${JSON.stringify(nodeOf(sn))}`);
      }
    }
  });
  console.log(`placement: ${cases.length - differ} of ${cases.length} random (pod template, node) pairs decided as NodeShouldRunDaemonPod decides`);
}

/** Removes parts of a disagreeing case while it still disagrees. */
function shrink(bin: string, p: any, n: any): [any, any] {
  const disagrees = (pp: any, nn: any) => {
    const [a] = ask(bin, [{ op: 'shouldRun', daemonSet: daemonSetOf(pp), node: nodeOf(nn) }]);
    const [run, keep] = ours(pp, nn);
    return run !== a.shouldRun || keep !== a.shouldContinueRunning;
  };
  let [cp, cn] = [p, n];
  const attempts: Array<() => [any, any]> = [
    () => [{ ...cp, nodeSelector: undefined }, cn],
    () => [{ ...cp, terms: undefined }, cn],
    () => [{ ...cp, hostNetwork: false }, cn],
    () => [cp, { ...cn, unschedulable: false }],
    ...cp.tolerations.map((_: any, i: number) => () => [{ ...cp, tolerations: cp.tolerations.filter((__: any, j: number) => j !== i) }, cn]),
    ...cn.taints.map((_: any, i: number) => () => [cp, { ...cn, taints: cn.taints.filter((__: any, j: number) => j !== i) }]),
    ...Object.keys(cn.labels).map(k => () => [cp, { ...cn, labels: Object.fromEntries(Object.entries(cn.labels).filter(([kk]) => kk !== k)) }]),
  ];
  for (const attempt of attempts) {
    const [np, nn] = attempt();
    if (disagrees(np, nn)) { [cp, cn] = [np, nn]; }
  }
  return [cp, cn];
}

function main(): void {
  const bin = buildHarness();
  validation(bin);
  suiteOutput(bin);
  podSecurity(bin);
  placement(bin);
  if (failures) { throw new Error(`${failures} disagreement(s) with Kubernetes' own code`); }
}

try {
  main();
} catch (e: any) {
  console.error(`kubernetes conformance: ${e.message}`);
  process.exit(1);
}
