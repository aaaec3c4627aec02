/* eslint-disable no-console */
/**
 * Kubernetes' own code as the judge (`npx projen conformance`): builds the Go harness in
 * conformance/ (k8s.io/kubernetes v1.27.16 and k8s.io/pod-security-admission, from the Go module
 * proxy) and checks, against it:
 *  - every example app's output, and the output of random valid props of every construct, is valid
 *    for Kubernetes' validation after its own defaulting (and holds no field the 1.27 API lacks);
 *  - the Pod Security level the library reports equals the admission library's, for random props,
 *    and `check` reads a Namespace's Pod Security labels as the admission does (level, refused labels);
 *  - Placement.evaluate agrees with the DaemonSet controller's NodeShouldRunDaemonPod on random pod
 *    templates and nodes (taints, tolerations with every operator and effect, node selectors, every
 *    affinity operator, matchFields, label values Kubernetes cannot parse, cordoned nodes);
 *  - the Pending prediction agrees with kube-scheduler's own code on random nodes, loads and pods:
 *    the NodeResourcesFit and NodePorts filters (noderesources.Fits, nodeports.Fits) and the victims
 *    its default preemption picks on the node (DefaultPreemption.SelectVictimsOnNode, in a scheduler
 *    framework with those two plugins).
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
import { Placement, PodSecurityLevel } from '../../src';
import { evaluatePodSecurity } from '../../src/pod/pod-security';
import { enforcedPodSecurity, podSecurityLabelProblems } from '../../src/rules/api-rules';
import { podLoad } from '../../src/rules/cluster-inventory';
import { misfits, NodeLoad, nodeCapacity, PORTS_REASON, preemptionVictims } from '../../src/rules/scheduler-fit';
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
      if (differ === 1 && process.env.CONFORMANCE_DUMP) { fs.writeFileSync(process.env.CONFORMANCE_DUMP, JSON.stringify(cases[i])); }
      if (differ <= 3) { fail(`Pod Security: ours '${cases[i].ours}', Kubernetes '${a.level}' for ${JSON.stringify(cases[i].template.spec)}`); }
    }
  });
  console.log(`pod security: ${cases.length - differ} of ${cases.length} random pods at the level k8s.io/pod-security-admission gives`);
}

/**
 * 2b. A Namespace's Pod Security labels against k8s.io/pod-security-admission's api.PolicyToEvaluate:
 * the level it enforces, and the labels it cannot parse (admission.ValidateNamespace refuses those).
 */
function namespaceLabels(bin: string): void {
  const keys = ['enforce', 'audit', 'warn'].flatMap(mode => [`pod-security.kubernetes.io/${mode}`, `pod-security.kubernetes.io/${mode}-version`]);
  const values = ['privileged', 'baseline', 'restricted', 'Restricted', 'strict', '', ' baseline', 'latest', 'Latest',
    'v1.0', 'v1.9', 'v1.10', 'v1.27', 'v1.100', 'v1.01', 'v1.', 'v2.0', '1.27', 'v1.27.0', 'v1.-1', 'v1.9223372036854775807', 'v1.9223372036854775808', 'v1.99999999999999999999'];
  const labelSets = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 6 });
  const cases: Array<{ [key: string]: string }> = fc.sample(labelSets, { seed: SEED + 5, numRuns: 2000 });
  const answers = ask(bin, cases.map(labels => ({ op: 'namespaceLabels', labels })));
  let differ = 0;
  answers.forEach((a, i) => {
    const read = {
      level: enforcedPodSecurity(cases[i])?.level ?? PodSecurityLevel.PRIVILEGED,
      refused: podSecurityLabelProblems(cases[i]).map(p => p.field.replace(/^metadata\.labels\['(.*)'\]$/, 'metadata.labels[$1]')).sort(),
    };
    const theirs = { level: a.level, refused: [...(a.errors ?? [])].sort() };
    if (JSON.stringify(read) !== JSON.stringify(theirs)) {
      differ++;
      if (differ <= 3) { fail(`Namespace labels ${JSON.stringify(cases[i])}: ours ${JSON.stringify(read)}, Kubernetes ${JSON.stringify(theirs)}`); }
    }
  });
  console.log(`namespace labels: ${cases.length - differ} of ${cases.length} random Pod Security label sets read as k8s.io/pod-security-admission reads them`);
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

/** 4. The scheduler's filters and preemption: random node, running pods and daemon pod. */
const quantity = (values: string[]) => fc.option(pick(values), { nil: undefined });
/** Present in about one container of seven. */
const rare = (values: string[]) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: pick(values), weight: 1 });
const containerResources = fc.record({
  cpu: quantity(['0', '0.5m', '1m', '100m', '250m', '0.5', '1', '1500m', '2', '3999m']),
  memory: quantity(['0', '1', '64Mi', '100M', '128Mi', '1Gi', '1.5Gi', '3Gi']),
  gpu: rare(['0', '1', '2']),
  hugepages: rare(['2Mi', '4Mi']),
  limitsOnly: fc.boolean(),
});
const hostPort = fc.record({
  port: pick([0, 80, 9100]),
  protocol: fc.option(pick(['TCP', 'UDP', 'SCTP']), { nil: undefined }),
  hostIP: fc.option(pick(['0.0.0.0', '10.0.0.1', '10.0.0.2', '']), { nil: undefined }),
});
const schedPod = fc.record({
  containers: fc.array(fc.record({ resources: containerResources, ports: fc.array(hostPort, { maxLength: 2 }) }), { minLength: 1, maxLength: 2 }),
  init: fc.array(containerResources, { maxLength: 1 }),
  overhead: fc.option(fc.record({ cpu: pick(['10m', '250m']), memory: pick(['10Mi', '120Mi']) }), { nil: undefined }),
  hostNetwork: fc.boolean(),
  priority: pick([0, 10, 100, 1000, 2000001000]),
  // a running pod always has a start time (without one, the scheduler takes time.Now() at each comparison: no stable answer)
  start: pick(['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z']),
});
const schedNode = fc.record({
  cpu: pick(['500m', '2', '3800m', '8', '16']),
  memory: pick(['512Mi', '2Gi', '8Gi', '16Gi']),
  pods: pick(['1', '3', '5', '110', '110']),
  gpu: fc.option(pick(['1', '4', '8']), { nil: undefined }),
  hugepages: fc.option(pick(['2Mi', '8Mi', '64Mi']), { nil: undefined }),
});
const schedCase = fc.record({ node: schedNode, running: fc.array(schedPod, { maxLength: 4 }), pod: schedPod });

function resourcesOf(r: any): any {
  const list: { [k: string]: string } = {};
  if (r.cpu !== undefined) { list.cpu = r.cpu; }
  if (r.memory !== undefined) { list.memory = r.memory; }
  if (r.gpu !== undefined) { list['example.com/gpu'] = r.gpu; }
  if (r.hugepages !== undefined) { list['hugepages-2Mi'] = r.hugepages; }
  if (Object.keys(list).length === 0) { return {}; }
  // extended resources and hugepages need requests equal to limits: give both, or limits alone
  const needsLimits = r.limitsOnly || r.gpu !== undefined || r.hugepages !== undefined;
  return needsLimits ? { limits: list, ...(r.limitsOnly ? {} : { requests: list }) } : { requests: list };
}

function podOf(p: any, name: string, nodeName?: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      priority: p.priority,
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      ...(p.overhead ? { overhead: p.overhead } : {}),
      containers: p.containers.map((c: any, i: number) => ({
        name: `c${i}`,
        image: 'x:1',
        resources: resourcesOf(c.resources),
        ports: c.ports.map((port: any, j: number) => ({
          containerPort: port.port || 8000 + j,
          ...(port.port ? { hostPort: port.port } : {}),
          ...(port.protocol ? { protocol: port.protocol } : {}),
          ...(port.hostIP !== undefined ? { hostIP: port.hostIP } : {}),
        })),
      })),
      ...(p.init.length ? { initContainers: p.init.map((r: any, i: number) => ({ name: `i${i}`, image: 'x:1', resources: resourcesOf(r) })) } : {}),
    },
    status: { phase: 'Running', ...(p.start ? { startTime: p.start } : {}) },
  };
}

function schedNodeOf(n: any): any {
  const allocatable: { [k: string]: string } = { cpu: n.cpu, memory: n.memory, pods: n.pods };
  if (n.gpu) { allocatable['example.com/gpu'] = n.gpu; }
  if (n.hugepages) { allocatable['hugepages-2Mi'] = n.hugepages; }
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { allocatable } };
}

/** Ours: the reasons the pod does not fit (sorted, the ports reason apart) and the victims, as strings for comparison. */
function ourSchedule(c: any): { insufficient: string[]; portsFit: boolean; victims: string } {
  const load = new NodeLoad('n', nodeCapacity(schedNodeOf(c.node)));
  c.running.forEach((p: any, i: number) => load.add(podLoad(podOf(p, `p${i}`, 'n'))));
  const me = podLoad(podOf(c.pod, 'daemon'));
  const m = misfits(me.requests, me.ports, load);
  const victims = preemptionVictims(me.requests, me.ports, me.priority, load);
  return {
    insufficient: m.map(x => x.reason).filter(r => r !== PORTS_REASON).sort(),
    portsFit: !m.some(x => x.reason === PORTS_REASON),
    victims: victims === undefined ? 'none' : victims.map(v => v.ref).join(','),
  };
}

function scheduling(bin: string): void {
  const cases = fc.sample(schedCase, { seed: SEED + 3, numRuns: 4000 });
  const answers = ask(bin, cases.map(c => ({
    op: 'schedule', node: schedNodeOf(c.node), pods: c.running.map((p: any, i: number) => podOf(p, `p${i}`, 'n')), pod: podOf(c.pod, 'daemon'),
  })));
  let differ = 0;
  let pending = 0;
  let preempting = 0;
  answers.forEach((a, i) => {
    const mine = ourSchedule(cases[i]);
    const k = a.schedule;
    const theirs = {
      insufficient: [...k.insufficient].sort(),
      portsFit: k.portsFit,
      victims: k.preemption === 'Success' ? (k.victims ?? []).join(',') : 'none',
    };
    if (mine.insufficient.length || !mine.portsFit) { pending++; }
    if (mine.victims !== 'none' && mine.victims !== '') { preempting++; }
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
      differ++;
      if (differ === 1 && process.env.CONFORMANCE_DUMP) { fs.writeFileSync(process.env.CONFORMANCE_DUMP, JSON.stringify(cases[i])); }
      if (differ <= 3) { fail(`scheduling: ours ${JSON.stringify(mine)}, Kubernetes ${JSON.stringify(theirs)} (${k.preemption}) for\n  node: ${JSON.stringify(schedNodeOf(cases[i].node))}\n  running: ${JSON.stringify(cases[i].running.map((p: any, j: number) => podOf(p, `p${j}`, 'n').spec))}\n  pod: ${JSON.stringify(podOf(cases[i].pod, 'daemon').spec)}`); }
    }
  });
  console.log(`scheduling: ${cases.length - differ} of ${cases.length} random (node, running pods, daemon pod) cases judged as noderesources.Fits, nodeports.Fits and SelectVictimsOnNode judge them`
    + ` (${pending} not fitting as they are, ${preempting} with victims)`);
}

/**
 * 2c. The words of each Pod Security finding against k8s.io/pod-security-admission's ForbiddenDetail,
 * level by level: on every PSS fixture of test/fixtures/pss (the project's own fail and pass pods),
 * on the daemon templates of part 2, and on random pods built from every field the checks read (one
 * to three containers, init and ephemeral containers, several values per field), so plurals, lists,
 * order and quoting are compared, not only which check fires.
 */
function podSecurityDetails(bin: string): void {
  const fixtures: any[] = [];
  const dir = path.join(REPO, 'test', 'fixtures', 'pss');
  for (const level of ['baseline', 'restricted']) {
    for (const outcome of ['pass', 'fail']) {
      for (const file of fs.readdirSync(path.join(dir, level, outcome)).filter(f => f.endsWith('.yaml')).sort()) {
        fixtures.push(parseAllDocuments(fs.readFileSync(path.join(dir, level, outcome, file), 'utf8'))[0].toJS());
      }
    }
  }
  const name = fc.constantFrom('a', 'b', 'c');
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const securityContext = fc.record({
    privileged: maybe(fc.boolean()),
    allowPrivilegeEscalation: maybe(fc.boolean()),
    runAsNonRoot: maybe(fc.boolean()),
    runAsUser: maybe(fc.constantFrom(0, 1000)),
    procMount: maybe(fc.constantFrom('Default', 'Unmasked', 'Other')),
    capabilities: maybe(fc.record({
      add: maybe(fc.uniqueArray(fc.constantFrom('NET_ADMIN', 'SYS_ADMIN', 'CHOWN', 'NET_BIND_SERVICE', 'KILL', 'BPF'), { maxLength: 3 })),
      drop: maybe(fc.uniqueArray(fc.constantFrom('ALL', 'NET_RAW', 'CHOWN'), { maxLength: 2 })),
    }, { requiredKeys: [] })),
    seccompProfile: maybe(fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' }, { type: 'Bogus' }, { type: 'Localhost', localhostProfile: 'p.json' })),
    seLinuxOptions: maybe(fc.record({ type: maybe(fc.constantFrom('container_t', 'spc_t')), user: maybe(fc.constantFrom('', 'root')), role: maybe(fc.constantFrom('', 'sysadm_r')) }, { requiredKeys: [] })),
    windowsOptions: maybe(fc.record({ hostProcess: fc.boolean() })),
  }, { requiredKeys: [] });
  const container = fc.record({
    name,
    ports: maybe(fc.array(fc.record({ containerPort: fc.constantFrom(80, 9100), hostPort: maybe(fc.constantFrom(0, 80, 9100)) }, { requiredKeys: ['containerPort'] }), { maxLength: 2 })),
    securityContext: maybe(securityContext),
  }, { requiredKeys: ['name'] });
  const unique = (cs: any[]) => cs.filter((c, i) => cs.findIndex(o => o.name === c.name) === i).map(c => ({ image: 'example.com/x:1', ...c }));
  const pod = fc.record({
    containers: fc.array(container, { minLength: 1, maxLength: 3 }),
    initContainers: maybe(fc.array(container, { maxLength: 2 })),
    ephemeral: maybe(fc.array(container, { maxLength: 1 })),
    hostNetwork: maybe(fc.boolean()),
    hostPID: maybe(fc.boolean()),
    hostIPC: maybe(fc.boolean()),
    podContext: maybe(fc.record({
      runAsNonRoot: maybe(fc.boolean()),
      runAsUser: maybe(fc.constantFrom(0, 1000)),
      seccompProfile: maybe(fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' })),
      sysctls: maybe(fc.array(fc.record({ name: fc.constantFrom('net.ipv4.tcp_syncookies', 'kernel.msgmax', 'net.core.somaxconn'), value: fc.constant('1') }), { maxLength: 2 })),
      windowsOptions: maybe(fc.record({ hostProcess: fc.boolean() })),
      seLinuxOptions: maybe(fc.record({ type: fc.constantFrom('container_t', 'spc_t') })),
    }, { requiredKeys: [] })),
    volumes: maybe(fc.array(fc.constantFrom<any>(
      { name: 'logs', hostPath: { path: '/var/log' } }, { name: 'run', hostPath: { path: '/run' } }, { name: 'cache', emptyDir: {} },
      { name: 'share', nfs: { server: 'nfs', path: '/x' } }, { name: 'disk', gcePersistentDisk: { pdName: 'd' } }, { name: 'cfg', configMap: { name: 'c' } }), { maxLength: 3 })),
    apparmor: maybe(fc.array(fc.tuple(name, fc.constantFrom('runtime/default', 'unconfined', 'localhost/p', 'bogus')), { maxLength: 2 })),
  }).map(p => {
    const spec: any = { containers: unique(p.containers) };
    if (p.initContainers?.length) { spec.initContainers = unique(p.initContainers).map(c => ({ ...c, name: `init-${c.name}` })); }
    if (p.ephemeral?.length) { spec.ephemeralContainers = unique(p.ephemeral).map(c => ({ ...c, name: `debug-${c.name}`, ports: undefined })); }
    for (const k of ['hostNetwork', 'hostPID', 'hostIPC'] as const) { if (p[k] !== undefined) { spec[k] = p[k]; } }
    if (p.podContext) { spec.securityContext = p.podContext; }
    if (p.volumes?.length) { spec.volumes = p.volumes.filter((v, i) => p.volumes!.indexOf(v) === i); }
    const annotations = Object.fromEntries((p.apparmor ?? []).map(([c, v]) => [`container.apparmor.security.beta.kubernetes.io/${c}`, v]));
    return { metadata: { name: 'p', annotations }, spec: JSON.parse(JSON.stringify(spec)) };
  });
  const random = fc.sample(pod, { seed: SEED + 3, numRuns: 2000 });
  const daemons = fc.sample(fc.tuple(fc.integer({ min: 0, max: 3 }), daemonProps), { seed: SEED + 4, numRuns: 200 }).map(([kind, { props, raw }]) => {
    const ds = Testing.synth(build(kind, props, raw.variants).chart).find(m => m.kind === 'DaemonSet');
    return { metadata: ds.spec.template.metadata, spec: ds.spec.template.spec };
  });
  const cases = [...fixtures, ...daemons, ...random];
  const answers = ask(bin, cases.map(c => ({ op: 'details', metadata: c.metadata ?? {}, podSpec: c.spec })));
  let differ = 0;
  let failing = 0;
  answers.forEach((a, i) => {
    const report = evaluatePodSecurity(cases[i].spec, cases[i].metadata);
    const theirs: { [check: string]: string } = a.details ?? {};
    const mine = Object.fromEntries(report.violations.map(v => [v.check, v.detail]));
    if (report.violations.length) { failing++; }
    const checks = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort();
    const wrong = checks.filter(c => mine[c] === undefined || theirs[c] === undefined || !sameDetail(c, mine[c], theirs[c]));
    if (wrong.length) {
      differ++;
      if (differ <= 5) { fail(`Pod Security details: ${wrong.map(c => `${c}: ours ${JSON.stringify(mine[c])}, Kubernetes ${JSON.stringify(theirs[c])}`).join('; ')} for ${JSON.stringify({ metadata: cases[i].metadata, spec: cases[i].spec })}`); }
    }
  });
  console.log(`pod security details: ${cases.length - differ} of ${cases.length} pods (${fixtures.length} fixtures, ${daemons.length} daemon templates, ${random.length} random; ${failing} failing some check) fail the same checks with k8s.io/pod-security-admission's ForbiddenDetail texts`);
}

/**
 * Our detail is the admission's, word for word, except for three checks whose detail alone does not
 * say what it lists (the admission prints it after its reason): there ours puts that noun first.
 */
const DETAIL_NOUNS: { [check: string]: string[] } = {
  hostPathVolumes: ['hostPath '],
  sysctls: ['forbidden sysctl ', 'forbidden sysctls '],
  appArmorProfile: ['forbidden AppArmor annotation ', 'forbidden AppArmor annotations '],
};
function sameDetail(check: string, mine: string, theirs: string): boolean {
  return mine === theirs || (DETAIL_NOUNS[check] ?? []).some(noun => mine === noun + theirs);
}

function main(): void {
  const bin = buildHarness();
  // CONFORMANCE_ONLY=scheduling,placement runs some parts (while working on one); CI runs all.
  const only = process.env.CONFORMANCE_ONLY?.split(',');
  const parts: Array<[string, (b: string) => void]> = [
    ['validation', validation], ['suite', suiteOutput], ['podSecurity', podSecurity], ['podSecurityDetails', podSecurityDetails], ['namespaceLabels', namespaceLabels], ['placement', placement], ['scheduling', scheduling],
  ];
  for (const [name, part] of parts) {
    if (!only || only.includes(name)) { part(bin); }
  }
  if (failures) { throw new Error(`${failures} disagreement(s) with Kubernetes' own code`); }
}

try {
  main();
} catch (e: any) {
  console.error(`kubernetes conformance: ${e.message}`);
  process.exit(1);
}
