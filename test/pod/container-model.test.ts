import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { DaemonContainerProps, Probe } from '../../src';
import { ContainerModel, defaultPullPolicy, envValueProblem, mergeEnv, propagationProblems, VolumeInfo } from '../../src/pod/container-model';

/** Issue 23: the container model called directly, each rule on both sides, each message whole. */

const model = (props: Partial<DaemonContainerProps> = {}, kind: 'main' | 'sidecar' | 'init' = 'main', prefix = 'containers[1].') =>
  new ContainerModel({ name: 'agent', image: 'example.com/agent:1.0', ...props }, prefix, kind);
const problemsOf = (props: Partial<DaemonContainerProps>, kind: 'main' | 'sidecar' | 'init' = 'main') => model(props, kind).problems();
const volumes = (...infos: VolumeInfo[]) => new Map(infos.map(v => [v.name, v]));
const plain = (v: string) => kplus.EnvValue.fromValue(v);

describe('defaultPullPolicy, as SetDefaults_Container', () => {
  test.each([
    ['agent', 'Always'],
    ['agent:latest', 'Always'],
    ['registry.example.com:5000/agent', 'Always'],
    ['agent:1.0', 'IfNotPresent'],
    ['registry.example.com:5000/agent:1.0', 'IfNotPresent'],
    ['agent@sha256:' + 'a'.repeat(64), 'IfNotPresent'],
    ['agent:1.0@sha256:' + 'a'.repeat(64), 'IfNotPresent'],
  ])('%s: %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('envValueProblem: the downward API fields offered to env vars', () => {
  test('a plain value and a Secret reference have no field to judge', () => {
    expect(envValueProblem(plain('x'))).toBeUndefined();
    expect(envValueProblem(kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(Testing.chart(), 's', 's'), key: 'k' }))).toBeUndefined();
  });

  test.each(['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs'])('%s is offered', path => {
    expect(envValueProblem(kplus.EnvValue.fromFieldRef(path as kplus.EnvFieldPaths))).toBeUndefined();
  });

  test('a field the downward API does not offer to env vars, named with the whole list', () => {
    expect(envValueProblem(kplus.EnvValue.fromFieldRef('status.hostIPs' as kplus.EnvFieldPaths))).toBe(
      "reads field 'status.hostIPs', which the downward API does not offer to env vars (metadata.name, metadata.namespace, metadata.uid, "
      + "spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs, metadata.labels['<key>'], metadata.annotations['<key>'])");
    // the whole path, not a prefix or a part of it
    expect(envValueProblem(kplus.EnvValue.fromFieldRef('spec.nodeName.x' as kplus.EnvFieldPaths))).toMatch(/reads field 'spec.nodeName.x'/);
    expect(envValueProblem(kplus.EnvValue.fromFieldRef('x.metadata.labels[\'a\']' as kplus.EnvFieldPaths))).toMatch(/reads field/);
    // a keyed path with anything after its closing bracket is no keyed path
    expect(envValueProblem(kplus.EnvValue.fromFieldRef('metadata.labels[\'a\']x' as kplus.EnvFieldPaths))).toMatch(/^reads field 'metadata.labels\['a'\]x'/);
  });

  test('labels and annotations by key: a valid key is accepted, an invalid one is named as label or annotation', () => {
    expect(envValueProblem(kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_LABEL, { key: 'example.com/zone' }))).toBeUndefined();
    expect(envValueProblem(kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_ANNOTATION, { key: 'zone' }))).toBeUndefined();
    expect(envValueProblem(kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_LABEL, { key: 'bad key' }))).toMatch(/^reads the label key 'bad key', which /);
    expect(envValueProblem(kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_ANNOTATION, { key: 'bad key' }))).toMatch(/^reads the annotation key 'bad key', which /);
  });
});

describe('ContainerModel.problems', () => {
  test('a good container has none', () => {
    expect(problemsOf({
      env: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
      ports: [{ name: 'metrics', number: 1, hostPort: 65535, protocol: kplus.Protocol.SCTP }, { name: 'm2', number: 65535, hostPort: 1 }],
      volumeMounts: [{ volume: 'v', mountPath: '/a', subPath: 'a/..b' }, { volume: 'v', mountPath: '/b', subPath: 'x' }],
      securityContext: { runAsUser: 2147483647, runAsGroup: 0, capabilities: ['NET_ADMIN', 'A'] },
    })).toEqual([]);
  });

  test('an env var set twice, an env name and a field, with the prop path of the container', () => {
    const m = model({ env: { A: plain('1') } });
    m.env.push({ name: 'A', value: plain('2') });
    m.env.push({ name: 'B', value: kplus.EnvValue.fromFieldRef('spec.x' as kplus.EnvFieldPaths) });
    m.env.push({ name: '1X', value: plain('3') });
    expect(m.problems()).toEqual([
      { prop: 'containers[1].env', value: 'A', problem: 'is set twice (the later value would silently win)', fix: 'set each variable once', accepted: true },
      {
        prop: 'containers[1].env[\'B\']',
        value: 'spec.x',
        problem: expect.stringMatching(/^reads field 'spec.x'/),
        fix: 'use EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME) or another offered field, and a valid label key',
      },
      { prop: 'containers[1].env', value: '1X', problem: expect.stringMatching(/^environment variable name /), fix: 'use a name like \'NODE_NAME\'' },
    ]);
  });

  test('ports: number and hostPort from 1 to 65535, on both sides; the protocol case-sensitively', () => {
    for (const bad of [0, 65536, 1.5]) {
      expect(problemsOf({ ports: [{ name: 'p', number: bad }] })).toEqual([
        { prop: 'containers[1].ports[0].number', value: bad, problem: 'must be an integer from 1 to 65535', fix: 'use the port the process listens on' },
      ]);
      expect(problemsOf({ ports: [{ name: 'p', number: 80 }, { name: 'q', number: 81, hostPort: bad }] })).toEqual([
        { prop: 'containers[1].ports[1].hostPort', value: bad, problem: 'must be an integer from 1 to 65535', fix: 'use a free port of the node, or leave hostPort out' },
      ]);
    }
    expect(problemsOf({ ports: [{ name: 'p', number: 80, protocol: 'tcp' as kplus.Protocol }] })).toEqual([{
      prop: 'containers[1].ports[0].protocol',
      value: 'tcp',
      problem: 'is not TCP, UDP or SCTP (the API server compares them case-sensitively)',
      fix: 'use kplus.Protocol.TCP, UDP or SCTP',
    }]);
    expect(problemsOf({ ports: [{ name: 'Bad_Name', number: 80 }] })).toEqual([{
      prop: 'containers[1].ports[0].name', value: 'Bad_Name', problem: expect.stringMatching(/^port name /), fix: 'use a short name such as \'metrics\' or \'http\'',
    }]);
  });

  test('the container name and the image', () => {
    expect(problemsOf({ name: 'Agent' })).toEqual([{
      prop: 'containers[1].name', value: 'Agent', problem: expect.stringMatching(/^container name /), fix: 'use a lowercase name such as \'agent\'',
    }]);
    expect(problemsOf({ image: 'a b' })).toEqual([{
      prop: 'containers[1].image',
      value: 'a b',
      problem: expect.stringMatching(/^is not an image reference the kubelet can pull: it /),
      fix: 'give an image such as \'quay.io/prometheus/node-exporter:v1.6.1\'',
    }]);
  });

  test('probes: none on an init container (each role named); a liveness probe needs successThreshold 1, a readiness probe may have more', () => {
    const probe = Probe.httpGet('/healthz', { port: 8080, successThreshold: 2 });
    expect(problemsOf({ livenessProbe: Probe.tcpSocket({ port: 9 }), readinessProbe: Probe.exec(['true']) }, 'init')).toEqual([
      { prop: 'containers[1].livenessProbe', value: 9, problem: 'init containers may not have probes (the API server rejects them)', fix: 'remove the livenessProbe from the init container' },
      { prop: 'containers[1].readinessProbe', value: ['true'], problem: 'init containers may not have probes (the API server rejects them)', fix: 'remove the readinessProbe from the init container' },
    ]);
    expect(problemsOf({ livenessProbe: probe })).toEqual([{
      prop: 'containers[1].livenessProbe',
      value: '/healthz',
      problem: 'successThreshold 2 must be 1 for a liveness probe (the API server rejects anything else)',
      fix: 'correct the probe options',
    }]);
    expect(problemsOf({ readinessProbe: probe })).toEqual([]);
    expect(problemsOf({ livenessProbe: Probe.httpGet('/healthz', { port: 8080, successThreshold: 1 }) }, 'sidecar')).toEqual([]);
  });

  test('mounts: absolute, once per path, a relative subPath without a .. part', () => {
    const mounts = [
      { volume: 'v', mountPath: 'rel' },
      { volume: 'v', mountPath: '/a' },
      { volume: 'w', mountPath: '/a' },
      { volume: 'v', mountPath: '/b', subPath: '/abs' },
      { volume: 'v', mountPath: '/c', subPath: 'a/../b' },
      { volume: 'v', mountPath: '/d', subPath: '..' },
    ];
    const subPathProblem = 'must be a relative path without \'..\' (the API server rejects others)';
    expect(problemsOf({ volumeMounts: mounts })).toEqual([
      { prop: 'containers[1].volumeMounts[0].mountPath', value: 'rel', problem: 'must be an absolute path', fix: 'start the path with \'/\'' },
      {
        prop: 'containers[1].volumeMounts[2].mountPath',
        value: '/a',
        problem: 'is mounted twice in this container (the API server rejects duplicate mount paths)',
        fix: 'mount each path once',
      },
      { prop: 'containers[1].volumeMounts[3].subPath', value: '/abs', problem: subPathProblem, fix: 'give a path inside the volume, e.g. \'conf/app.conf\'' },
      { prop: 'containers[1].volumeMounts[4].subPath', value: 'a/../b', problem: subPathProblem, fix: 'give a path inside the volume, e.g. \'conf/app.conf\'' },
      { prop: 'containers[1].volumeMounts[5].subPath', value: '..', problem: subPathProblem, fix: 'give a path inside the volume, e.g. \'conf/app.conf\'' },
    ]);
  });

  test('mount propagation: Bidirectional only when privileged, an unknown value always refused', () => {
    const mount = (propagation: string) => [{ volume: 'v', mountPath: '/m', propagation: propagation as kplus.MountPropagation }];
    expect(problemsOf({ volumeMounts: mount('Bidirectional') })).toEqual([{
      prop: 'containers[1].volumeMounts[0].propagation',
      value: 'Bidirectional',
      problem: 'Bidirectional mount propagation is only allowed in privileged containers',
      fix: 'use HostToContainer, or set securityContext.privileged: true if the daemon must mount into the host',
    }]);
    expect(problemsOf({ volumeMounts: mount('Bidirectional'), securityContext: { privileged: true } })).toEqual([]);
    expect(problemsOf({ volumeMounts: mount('HostToContainer') })).toEqual([]);
    expect(problemsOf({ volumeMounts: mount('None') })).toEqual([]);
    expect(propagationProblems('p', 'Shared' as kplus.MountPropagation, true)).toEqual([{
      prop: 'p', value: 'Shared', problem: 'is not None, HostToContainer or Bidirectional (the API server refuses any other value)', fix: 'use a kplus.MountPropagation member',
    }]);
    expect(propagationProblems('p', undefined, false)).toEqual([]);
  });

  test('runAsUser and runAsGroup: whole numbers from 0 to 2147483647, on both sides', () => {
    for (const key of ['runAsUser', 'runAsGroup'] as const) {
      for (const ok of [0, 2147483647]) {
        expect(problemsOf({ securityContext: { [key]: ok, runAsNonRoot: false } })).toEqual([]);
      }
      for (const bad of [-1, 2147483648, 1.5]) {
        expect(problemsOf({ securityContext: { [key]: bad } })).toEqual([{
          prop: `containers[1].securityContext.${key}`, value: bad, problem: 'must be an integer from 0 to 2147483647', fix: 'give a numeric id such as 65534',
        }]);
      }
    }
  });

  test('root and runAsNonRoot: derived false for root, a contradiction only when said', () => {
    expect(model({ securityContext: { runAsUser: 0 } }).security.runAsNonRoot).toBe(false);
    expect(model({ securityContext: { runAsUser: 1 } }).security.runAsNonRoot).toBe(true);
    expect(problemsOf({ securityContext: { runAsUser: 0 } })).toEqual([]);
    expect(problemsOf({ securityContext: { runAsUser: 0, runAsNonRoot: true } })).toEqual([{
      prop: 'containers[1].securityContext.runAsNonRoot',
      value: true,
      problem: 'contradicts runAsUser 0: the kubelet would refuse to start the container',
      fix: 'set runAsNonRoot: false to run as root, or use a non-zero runAsUser',
    }]);
  });

  test('allowPrivilegeEscalation: derived true for privileged or SYS_ADMIN, false given there is an error', () => {
    expect(model().security.allowPrivilegeEscalation).toBe(false);
    expect(model({ securityContext: { privileged: true } }).security.allowPrivilegeEscalation).toBe(true);
    expect(model({ securityContext: { capabilities: ['SYS_ADMIN'] } }).security.allowPrivilegeEscalation).toBe(true);
    expect(model({ securityContext: { capabilities: ['NET_ADMIN'] } }).security.allowPrivilegeEscalation).toBe(false);
    expect(problemsOf({ securityContext: { privileged: true, allowPrivilegeEscalation: false } })).toEqual([{
      prop: 'containers[1].securityContext.allowPrivilegeEscalation',
      value: false,
      problem: 'cannot be false in a privileged container (the API server rejects it)',
      fix: 'leave allowPrivilegeEscalation out, or drop privileged',
    }]);
    expect(problemsOf({ securityContext: { capabilities: ['SYS_ADMIN'], allowPrivilegeEscalation: false } })).toEqual([{
      prop: 'containers[1].securityContext.allowPrivilegeEscalation',
      value: false,
      problem: 'cannot be false when adding SYS_ADMIN (the API server rejects it)',
      fix: 'leave allowPrivilegeEscalation out, or do not add SYS_ADMIN',
    }]);
    expect(problemsOf({ securityContext: { privileged: true, capabilities: ['SYS_ADMIN'], allowPrivilegeEscalation: true } })).toEqual([]);
  });

  test('capabilities: the bare upper-case name; a CAP_ prefix in any case gets the bare name as its fix', () => {
    expect(problemsOf({ securityContext: { capabilities: ['NET_ADMIN', 'cap_sys_time', 'net_raw', '1X', 'X-Y'] } })).toEqual([
      {
        prop: 'containers[1].securityContext.capabilities[1]',
        value: 'cap_sys_time',
        problem: 'must be given without the CAP_ prefix (Pod Security and the runtimes compare the bare name)',
        fix: 'write \'SYS_TIME\'',
      },
      { prop: 'containers[1].securityContext.capabilities[2]', value: 'net_raw', problem: 'is not a Linux capability name', fix: 'use an upper-case name such as \'NET_ADMIN\'' },
      { prop: 'containers[1].securityContext.capabilities[3]', value: '1X', problem: 'is not a Linux capability name', fix: 'use an upper-case name such as \'NET_ADMIN\'' },
      { prop: 'containers[1].securityContext.capabilities[4]', value: 'X-Y', problem: 'is not a Linux capability name', fix: 'use an upper-case name such as \'NET_ADMIN\'' },
    ]);
    // the prefix only at the start
    expect(problemsOf({ securityContext: { capabilities: ['X_CAP_Y'] } })).toEqual([]);
  });

  test('problemsWith judges a variant\'s image, env and resources only, relative to the container', () => {
    const m = model({ ports: [{ name: 'p', number: 0 }], resources: { cpuLimit: '1' } });
    expect(m.problems().map(p => p.prop)).toEqual(['containers[1].ports[0].number']);
    expect(m.problemsWith({})).toEqual([]);
    expect(m.problemsWith({ image: 'a b', env: [{ name: '1X', value: plain('v') }], resources: { cpuRequest: '2' } }).map(p => p.prop)).toEqual(['image', 'env', 'resources.cpuRequest']);
    // an env var's value is judged too (its prop names the variable)
    expect(m.problemsWith({ env: [{ name: 'Z', value: kplus.EnvValue.fromFieldRef('spec.x' as kplus.EnvFieldPaths) }] }).map(p => p.prop)).toEqual(['env[\'Z\']']);
    // the variant's resources over the container's: its request judged against the container's limit
    expect(m.problemsWith({ resources: { cpuRequest: '1' } })).toEqual([]);
    expect(m.problemsWith({ resources: { cpuRequest: '2', cpuLimit: undefined } }).map(p => p.prop)).toEqual(['resources.cpuRequest']);
  });
});

describe('ContainerModel.render', () => {
  test('the least container: every field written that the API server would default or the rules rely on', () => {
    expect(model().render([], volumes(), false)).toEqual({
      name: 'agent',
      image: 'example.com/agent:1.0',
      imagePullPolicy: 'IfNotPresent',
      command: undefined,
      args: undefined,
      workingDir: undefined,
      env: undefined,
      ports: undefined,
      resources: {
        requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
        limits: { memory: k8s.Quantity.fromString('128Mi') },
      },
      livenessProbe: undefined,
      readinessProbe: undefined,
      volumeMounts: undefined,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65534,
        runAsGroup: 65534,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ['ALL'], add: undefined },
      },
      terminationMessagePolicy: 'FallbackToLogsOnError',
    });
  });

  test('args: none given is the image\'s CMD, an empty list given stays empty, a variant\'s replace them', () => {
    expect(model().render([], volumes(), false).args).toBeUndefined();
    expect(model({ args: [] }).render([], volumes(), false).args).toEqual([]);
    const m = model({ args: ['--a'] });
    m.args.push('--b');
    expect(m.render([], volumes(), false).args).toEqual(['--a', '--b']);
    expect(m.render([], volumes(), false, { args: ['--c'] }).args).toEqual(['--c']);
  });

  test('ports: TCP when no protocol is given; the host port is the container port on the host network only', () => {
    const m = model({ ports: [{ name: 'p', number: 9100 }, { name: 'q', number: 53, protocol: kplus.Protocol.UDP, hostPort: 5353 }] });
    expect(m.render([], volumes(), false).ports).toEqual([
      { name: 'p', containerPort: 9100, protocol: 'TCP', hostPort: undefined },
      { name: 'q', containerPort: 53, protocol: 'UDP', hostPort: 5353 },
    ]);
    expect(m.render([], volumes(), true).ports).toEqual([
      { name: 'p', containerPort: 9100, protocol: 'TCP', hostPort: 9100 },
      { name: 'q', containerPort: 53, protocol: 'UDP', hostPort: 5353 },
    ]);
  });

  test('mounts: extra mounts first; read-only from the mount, else from its volume, false left out', () => {
    const m = model({ volumeMounts: [{ volume: 'ro', mountPath: '/ro' }, { volume: 'ro', mountPath: '/rw', readOnly: false }, { volume: 'rw', mountPath: '/x', subPath: 's' }] });
    const vols = volumes({ name: 'ro', readOnly: true }, { name: 'rw', readOnly: false });
    expect(m.render([{ volume: 'extra', mountPath: '/e', readOnly: true, propagation: kplus.MountPropagation.HOST_TO_CONTAINER }], vols, false).volumeMounts).toEqual([
      { name: 'extra', mountPath: '/e', readOnly: true, subPath: undefined, mountPropagation: 'HostToContainer' },
      { name: 'ro', mountPath: '/ro', readOnly: true, subPath: undefined, mountPropagation: undefined },
      { name: 'ro', mountPath: '/rw', readOnly: undefined, subPath: undefined, mountPropagation: undefined },
      { name: 'rw', mountPath: '/x', readOnly: undefined, subPath: 's', mountPropagation: undefined },
    ]);
  });

  test('env: a variant\'s value in the variable\'s place, its new variables after; plain values and field references', () => {
    const m = model({ env: { A: plain('1'), B: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME), C: plain('3') } });
    expect(m.render([], volumes(), false, { env: [{ name: 'D', value: plain('4') }, { name: 'B', value: plain('2') }] }).env).toEqual([
      { name: 'A', value: '1', valueFrom: undefined },
      { name: 'B', value: '2', valueFrom: undefined },
      { name: 'C', value: '3', valueFrom: undefined },
      { name: 'D', value: '4', valueFrom: undefined },
    ]);
    expect(m.render([], volumes(), false).env?.[1]).toEqual({ name: 'B', value: undefined, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    expect(mergeEnv([{ name: 'x' }], [])).toEqual([{ name: 'x' }]);
    expect(mergeEnv([], [{ name: 'y' }, { name: 'z' }])).toEqual([{ name: 'y' }, { name: 'z' }]);
  });

  test('a variant\'s image sets the pull policy when none is given; a given one stays', () => {
    expect(model().render([], volumes(), false, { image: 'example.com/agent' }).imagePullPolicy).toBe('Always');
    expect(model({ imagePullPolicy: kplus.ImagePullPolicy.NEVER }).render([], volumes(), false, { image: 'example.com/agent' }).imagePullPolicy).toBe('Never');
  });

  test('capabilities to add are written after dropping ALL', () => {
    expect(model({ securityContext: { capabilities: ['NET_ADMIN'] } }).render([], volumes(), false).securityContext?.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN'] });
  });
});
