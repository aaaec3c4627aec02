/**
 * cdk8s-daemons check (issue 13): the deploy gate over anybody's YAML.
 */
import { ClusterInventory } from '../../src';
import { main } from '../../src/cli/main';
import { checkManifests, CheckFinding } from '../../src/rules/check';
import { loadManifests, parseText } from '../../src/rules/manifests';

/** A DaemonSet as the API writes it, with `spec` parts merged in. */
function ds(name: string, podSpec: object = {}, extra: { [key: string]: any } = {}, namespace = 'ops'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...(extra.podLabels ?? {}) } },
        spec: { containers: [{ name, image: 'example.com/agent:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }], ...podSpec },
      },
      ...(extra.spec ?? {}),
    },
  };
}
const check = (objects: any[], cluster = ClusterInventory.sample()) => checkManifests(objects.map((object, i) => ({ file: `f${i}.yaml`, object })), cluster);
const errors = (findings: CheckFinding[]) => findings.filter(f => f.severity === 'error');
const lines = (findings: CheckFinding[]) => findings.map(f => `${f.severity} ${f.file} ${f.object} ${f.field}: ${f.problem}`);

describe('check', () => {
  test('a healthy DaemonSet passes', () => {
    expect(check([ds('agent')])).toEqual([]);
  });

  test('a DaemonSet that runs on no node: a warning (pools that scale from zero, nodes labelled later), an error on request', () => {
    const nowhere = [ds('agent', { nodeSelector: { disktype: 'ssd' } })];
    const [f] = check(nowhere);
    expect(f).toMatchObject({ severity: 'warning', file: 'f0.yaml', object: 'DaemonSet ops/agent', field: 'spec.template.spec' });
    expect(f.problem).toBe('runs on no node of the inventory (DESIRED 0): kind-control-plane, kind-worker, kind-worker2, kind-worker3: nodeSelector disktype=ssd: the node has no label disktype');
    expect(f.fix).toMatch(/--require-placement makes this an error/);
    const sourced = nowhere.map(object => ({ file: 'f0.yaml', object }));
    expect(checkManifests(sourced, ClusterInventory.sample(), { requirePlacement: true })[0].severity).toBe('error');
    // judged on the sample cluster (no --nodes), never an error
    const [onSample] = checkManifests(sourced, ClusterInventory.sample(), { sampleCluster: true, requirePlacement: true });
    expect(onSample).toMatchObject({ severity: 'warning', problem: expect.stringMatching(/^runs on no node of the sample cluster \(DESIRED 0\)/) });
  });

  test('variants that leave nodes uncovered, or overlap', () => {
    const labelled = (name: string, variant: string, podSpec: object) => ds(name, podSpec, { podLabels: { 'app.kubernetes.io/name': 'agent', 'cdk8s-daemons.io/variant': variant } });
    const gap = check([
      labelled('agent', 'default', { nodeSelector: { 'kubernetes.io/hostname': 'kind-worker' } }),
      labelled('agent-b', 'b', { nodeSelector: { 'kubernetes.io/hostname': 'kind-worker2' } }),
    ]);
    expect(lines(errors(gap))).toContain('error f0.yaml DaemonSet ops/agent spec.template.spec: daemon ops/agent (DaemonSets agent, agent-b) runs no pod on kind-control-plane, kind-worker3');
    const twice = check([labelled('agent', 'default', {}), labelled('agent-b', 'b', {})]);
    expect(lines(errors(twice))).toContain('error f0.yaml DaemonSet ops/agent spec.template.spec: daemon ops/agent runs more than one pod on kind-worker (agent, agent-b)');
    // on the sample cluster, the same findings are warnings
    const onSample = checkManifests([labelled('agent', 'default', {}), labelled('agent-b', 'b', {})].map((object, i) => ({ file: `f${i}.yaml`, object })),
      ClusterInventory.sample(), { sampleCluster: true });
    expect(errors(onSample)).toEqual([]);
    expect(lines(onSample)).toContain('warning f0.yaml DaemonSet ops/agent spec.template.spec: daemon ops/agent runs more than one pod on kind-worker (agent, agent-b)');
  });

  test('a surge rollout that can never finish, with a host port or hostNetwork', () => {
    const surge = { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } };
    const withHostNetwork = ds('exporter', { hostNetwork: true, containers: [{ name: 'e', image: 'x:1', resources: { requests: { cpu: '1m' } }, ports: [{ name: 'metrics', containerPort: 9100 }] }] }, surge);
    const [f] = errors(check([withHostNetwork]));
    expect(f.field).toBe('spec.updateStrategy.rollingUpdate.maxSurge');
    expect(f.problem).toMatch(/holds host port 9100 \(container 'e', port 'metrics', a host port because of hostNetwork\)/);
    expect(errors(check([ds('web', {}, surge)]))).toEqual([]);
  });

  test('what the API server refuses, by the library\'s own rules', () => {
    const bad = ds('agent', {
      restartPolicy: 'OnFailure',
      containers: [{
        name: 'Agent',
        image: 'Example/Agent:1',
        ports: [{ name: 'http', containerPort: 80, protocol: 'tcp' }],
        resources: { requests: { memory: '9007199254740993' }, limits: { memory: '9007199254740992' } },
        securityContext: { privileged: true, allowPrivilegeEscalation: false },
      }],
    }, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } } });
    bad.spec.selector.matchLabels = { app: 'other' };
    const found = lines(errors(check([bad])));
    for (const expected of [
      /spec\.selector\.matchLabels: \{"app":"other"\} does not match the template's labels/,
      /spec\.template\.spec\.restartPolicy: 'OnFailure' is not Always/,
      /spec\.updateStrategy\.rollingUpdate\.maxUnavailable: 0: makes both maxUnavailable and maxSurge zero/,
      /spec\.template\.spec\.containers\[0\]\.name: "Agent" container name must be a DNS-1123 label/,
      /spec\.template\.spec\.containers\[0\]\.image: "Example\/Agent:1" is not an image reference the kubelet can pull/,
      /spec\.template\.spec\.containers\[0\]\.ports\[0\]\.protocol: "tcp" is not TCP, UDP or SCTP/,
      /spec\.template\.spec\.containers\[0\]\.securityContext\.allowPrivilegeEscalation: false cannot be false in a privileged container/,
      /spec\.template\.spec\.containers\[0\]\.resources: memoryRequest '9007199254740993' is above memoryLimit '9007199254740992'/,
    ]) { expect(found.some(l => expected.test(l))).toBe(true); }
  });

  test('pod-level rules (grace period, DNS, ports across containers, volumes) are the typed model\'s, on JSON', () => {
    const container = (name: string, ports: object[], volumeMounts: object[] = []) =>
      ({ name, image: 'example.com/a:1', resources: { requests: { cpu: '1m' } }, ports, volumeMounts });
    const bad = ds('agent', {
      terminationGracePeriodSeconds: -1,
      dnsPolicy: 'None',
      dnsConfig: { searches: ['Bad_Domain'] },
      containers: [
        container('a', [{ name: 'metrics', containerPort: 9100 }], [{ name: 'logs', mountPath: '/var/log' }]),
        container('a', [{ name: 'metrics', containerPort: 9100 }]),
      ],
      volumes: [{ name: 'Host_Logs', hostPath: { path: '/var/log' } }, { name: 'Host_Logs', emptyDir: {} }],
    });
    const found = lines(errors(check([bad])));
    for (const expected of [
      /spec\.template\.spec\.terminationGracePeriodSeconds: -1 must be a whole number from 0/,
      /spec\.template\.spec\.dnsPolicy: "None" gives the pods no DNS at all unless dnsConfig lists a name server/,
      /spec\.template\.spec\.dnsConfig\.searches: "Bad_Domain" is not a DNS domain/,
      /spec\.template\.spec\.containers\[1\]\.name: 'a' is the name of another container of the pod/,
      /spec\.template\.spec\.volumes\[0\]\.name: 'Host_Logs': volume name/,
      /spec\.template\.spec\.volumes\[1\]\.name: 'Host_Logs' is the name of another volume of the pod/,
      /spec\.template\.spec\.containers\[0\]\.volumeMounts\[0\]\.name: 'logs' names no volume of the pod/,
    ]) { expect(found.some(l => expected.test(l))).toBe(true); }
    // what the API server accepts, though only one of the two counts: warnings of their own rule
    expect(check([bad]).filter(f => f.rule === 'duplicate-declaration').map(f => `${f.severity} ${f.field}: ${f.problem}`)).toEqual([
      'warning spec.template.spec.containers[1].ports[0].name: "metrics" is used by a port of another container of the pod, so a Service\'s targetPort by that name finds only the first',
      'warning spec.template.spec.containers[1].ports[0].containerPort: 9100 is declared twice for TCP in the pod (the containers share one network namespace: only one can listen on it)',
    ]);
    // and a valid pod with the same features raises none of these
    const good = ds('agent', {
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'None',
      dnsConfig: { nameservers: ['10.96.0.10'], searches: ['svc.cluster.local'] },
      containers: [container('a', [{ name: 'metrics', containerPort: 9100 }], [{ name: 'logs', mountPath: '/var/log' }]), container('b', [{ name: 'http', containerPort: 8080 }])],
      volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }],
    });
    expect(errors(check([good]))).toEqual([]);
  });

  test('a pod the namespace\'s Pod Security level refuses, when the Namespace is in the input', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } };
    const [f] = errors(check([ns, ds('agent', { hostNetwork: true })]));
    expect(f.problem).toMatch(/^needs Pod Security 'privileged' \(hostNetwork=true\), but namespace 'ops' \(f0\.yaml\) enforces 'baseline', so its pods are refused$/);
    expect(errors(check([ds('agent', { hostNetwork: true })]))).toEqual([]);
  });

  test('host ports and host paths shared on the same nodes, and overlapping selectors', () => {
    const port = (name: string) => ds(name, { containers: [{ name, image: 'x:1', resources: { requests: { cpu: '1m' } }, ports: [{ containerPort: 9100, hostPort: 9100 }] }] });
    expect(lines(errors(check([port('a'), port('b')])))).toEqual([
      'error f1.yaml DaemonSet ops/b spec.template.spec.containers[].ports[].hostPort: host port 9100/TCP is also used by DaemonSet ops/a (f0.yaml), and both can run on one node (any node)',
    ]);
    const writer = (name: string) => ds(name, {
      containers: [{ name, image: 'x:1', resources: { requests: { cpu: '1m' } }, volumeMounts: [{ name: 'state', mountPath: '/state' }] }],
      volumes: [{ name: 'state', hostPath: { path: '/var/lib/agent' } }],
    });
    expect(lines(errors(check([writer('a'), writer('b')])))[0]).toMatch(/host path \/var\/lib\/agent \(both write it\) is also used by DaemonSet ops\/a/);
    const overlap = ds('wide');
    overlap.spec.selector.matchLabels = { tier: 'infra' };
    overlap.spec.template.metadata.labels = { tier: 'infra' };
    const narrow = ds('narrow', {}, { podLabels: { tier: 'infra' } });
    expect(lines(errors(check([overlap, narrow])))).toContain('error f0.yaml DaemonSet ops/wide spec.selector.matchLabels: also selects the pods of DaemonSet ops/narrow (f1.yaml), so both controllers would claim them');
  });

  test('warnings: no resources, latest images, NoExecute taints that evict', () => {
    const cluster = ClusterInventory.fromNodeList(['a', 'b'].map(name => ({
      kind: 'Node', metadata: { name, labels: {} }, spec: name === 'b' ? { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } : {},
    })));
    const findings = check([ds('agent', { containers: [{ name: 'agent', image: 'example.com/agent:latest' }] })], cluster);
    expect(errors(findings)).toEqual([]);
    expect(lines(findings)).toEqual([
      'warning f0.yaml DaemonSet ops/agent spec.template.spec.tolerations: untolerated NoExecute taints evict its pods on b (dedicated=db)',
      'warning f0.yaml DaemonSet ops/agent spec.template.spec.containers[].resources: no container requests or limits anything, so the pods are BestEffort: scheduled as if they used nothing and evicted first under pressure',
      'warning f0.yaml DaemonSet ops/agent container \'agent\' image: \'example.com/agent:latest\' is the latest tag or untagged: what runs changes without a change in Git',
    ]);
  });

  test('the no-resources warning follows the QoS classes: init containers count, a Burstable pod is fine', () => {
    const none = { name: 'init', image: 'x:1' };
    const burstable = ds('cni', { initContainers: [none, { ...none, name: 'init2' }], containers: [{ name: 'main', image: 'x:1', resources: { requests: { cpu: '250m' } } }] });
    expect(check([burstable])).toEqual([]);
    const initOnly = ds('cni', { initContainers: [{ ...none, resources: { limits: { memory: '64Mi' } } }], containers: [{ name: 'main', image: 'x:1' }] });
    expect(check([initOnly])).toEqual([]);
    const bestEffort = ds('cni', { initContainers: [none], containers: [{ name: 'main', image: 'x:1', resources: { requests: {} } }] });
    expect(lines(check([bestEffort]))).toEqual(['warning f0.yaml DaemonSet ops/cni spec.template.spec.containers[].resources: no container requests or limits anything, so the pods are BestEffort: scheduled as if they used nothing and evicted first under pressure']);
  });

  test('a priorityClassName that is neither built in nor in the input is a warning naming it', () => {
    const withClass = (name: string) => ds('agent', { priorityClassName: name });
    expect(check([withClass('system-node-critical')])).toEqual([]);
    expect(check([withClass('system-cluster-critical')])).toEqual([]);
    expect(check([withClass('agents'), { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'agents' }, value: 1000 }])).toEqual([]);
    expect(lines(check([withClass('agents')]))).toEqual([
      'warning f0.yaml DaemonSet ops/agent spec.template.spec.priorityClassName: \'agents\' is neither built in (system-cluster-critical, system-node-critical) nor a PriorityClass of the input: without it on the cluster, the Priority admission refuses every pod and the DaemonSet makes none',
    ]);
  });

  test('a PriorityClass of the cluster (--priority-classes) is known too', () => {
    const cluster = ClusterInventory.sample().withPriorityClasses([{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'agents' }, value: 1000 }]);
    expect(check([ds('agent', { priorityClassName: 'agents' })], cluster)).toEqual([]);
  });

  describe('preemption-policy-refused: a pod preemptionPolicy must repeat its PriorityClass\'s (the Priority admission plugin refuses others)', () => {
    const PC = (name: string, extra: object = {}) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 1000, ...extra });
    const refused = (severity: string, policy: string, from: string, gives: string) => `${severity} f0.yaml DaemonSet ops/agent spec.template.spec.preemptionPolicy: is ${policy}, but ${from} gives ${gives}: `
      + `the Priority admission plugin refuses every pod ("the string value of PreemptionPolicy (${policy}) must not be provided in pod spec"), so the DaemonSet makes none`;

    test('a built-in class, or a class of the input or the cluster, with another policy: an error', () => {
      expect(lines(check([ds('agent', { priorityClassName: 'system-node-critical', preemptionPolicy: 'Never' })]))).toEqual([
        refused('error', 'Never', 'PriorityClass \'system-node-critical\'', 'PreemptLowerPriority'),
      ]);
      expect(lines(check([ds('agent', { priorityClassName: 'agents', preemptionPolicy: 'PreemptLowerPriority' }), PC('agents', { preemptionPolicy: 'Never' })]))).toEqual([
        refused('error', 'PreemptLowerPriority', 'PriorityClass \'agents\'', 'Never'),
      ]);
      // a class without a policy has PreemptLowerPriority
      expect(lines(check([ds('agent', { priorityClassName: 'agents', preemptionPolicy: 'Never' }), PC('agents')]))).toEqual([
        refused('error', 'Never', 'PriorityClass \'agents\'', 'PreemptLowerPriority'),
      ]);
      const [f] = check([ds('agent', { priorityClassName: 'system-node-critical', preemptionPolicy: 'Never' })]);
      expect(f.fix).toBe('drop preemptionPolicy from the pod (it can only repeat its class\'s), and name a PriorityClass whose preemptionPolicy is Never');
    });

    test('the same policy passes; an unknown class is only unknown-priority-class', () => {
      expect(check([ds('agent', { priorityClassName: 'agents', preemptionPolicy: 'Never' }), PC('agents', { preemptionPolicy: 'Never' })])).toEqual([]);
      expect(check([ds('agent', { priorityClassName: 'system-node-critical', preemptionPolicy: 'PreemptLowerPriority' })])).toEqual([]);
      expect(check([ds('agent', { priorityClassName: 'nope', preemptionPolicy: 'Never' })]).map(f => f.rule)).toEqual(['unknown-priority-class']);
    });

    test('no class named: the global default\'s policy; with no default known, an error only when the cluster\'s classes were given', () => {
      expect(lines(check([ds('agent', { preemptionPolicy: 'Never' }), PC('normal', { globalDefault: true })]))).toEqual([
        refused('error', 'Never', 'PriorityClass \'normal\' (the global default)', 'PreemptLowerPriority'),
      ]);
      expect(check([ds('agent', { preemptionPolicy: 'Never' }), PC('quiet', { globalDefault: true, preemptionPolicy: 'Never' })])).toEqual([]);
      expect(lines(check([ds('agent', { preemptionPolicy: 'Never' })]))).toEqual([
        refused('warning', 'Never', 'no PriorityClass (none named, and no global default in the input; give --priority-classes for the cluster\'s)', 'PreemptLowerPriority'),
      ]);
      expect(lines(check([ds('agent', { preemptionPolicy: 'Never' })], ClusterInventory.sample().withPriorityClasses([PC('agents')])))).toEqual([
        refused('error', 'Never', 'no PriorityClass (none named, and no global default)', 'PreemptLowerPriority'),
      ]);
    });
  });

  describe('edges a hand mutation audit of check found untested (issue 23)', () => {
    const withContainers = (containers: any[], podSpec: object = {}) => ds('agent', { containers, ...podSpec });
    const c = (name: string, extra: object = {}) => ({ name, image: 'example.com/agent:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } }, ...extra });

    test('an env var set twice: a warning (the API server accepts it with a warning; the later value wins)', () => {
      const env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }];
      expect(lines(check([withContainers([c('agent', { env })])]))).toEqual([
        'warning f0.yaml DaemonSet ops/agent spec.template.spec.containers[0].env: "A" is set twice (the later value would silently win)',
      ]);
    });

    test('one port name twice in one container is refused; an init container\'s host port is not the pod\'s', () => {
      const twice = c('agent', { ports: [{ name: 'm', containerPort: 1 }, { name: 'm', containerPort: 2 }] });
      expect(lines(errors(check([withContainers([twice])])))).toEqual([
        'error f0.yaml DaemonSet ops/agent spec.template.spec.containers[0].ports[1].name: "m" is used by another port of the container (the API server refuses it)',
      ]);
      const init = c('setup', { ports: [{ containerPort: 8080, hostPort: 8080 }] });
      expect(check([withContainers([c('agent', { ports: [{ containerPort: 8080, hostPort: 8080 }] })], { initContainers: [init] })]).map(f => f.rule)).toEqual([]);
    });

    test('on the host network, two containers\' ports are two host ports: the same one twice is refused', () => {
      const two = [c('a', { ports: [{ containerPort: 9100 }] }), c('b', { ports: [{ containerPort: 9100 }] })];
      expect(errors(check([withContainers(two, { hostNetwork: true })])).map(f => `${f.field}: ${f.problem}`)).toEqual([
        'spec.template.spec.containers[1].ports[0].hostPort: 9100 is bound twice on the node for TCP',
      ]);
      expect(errors(check([withContainers(two)]))).toEqual([]);
    });

    test('an empty quantity is refused; an unquoted number is read as written', () => {
      expect(lines(errors(check([withContainers([c('agent', { resources: { requests: { cpu: '' } } })])])))).toEqual([
        'error f0.yaml DaemonSet ops/agent spec.template.spec.containers[0].resources: cpuRequest \'\' is not a Kubernetes quantity',
      ]);
      expect(errors(check([withContainers([c('agent', { resources: { requests: { cpu: 0, memory: 1024 } } })])]))).toEqual([]);
    });

    test('YAML 1.1 scalars: an env value of 0 or false is one; labels given as a list are not a map of strings to judge', () => {
      expect(check([withContainers([c('agent', { env: [{ name: 'A', value: 0 }, { name: 'B', value: false }] })])]).map(f => `${f.rule} ${f.field}`)).toEqual([
        'yaml11-scalar spec.template.spec.containers[0].env[0].value',
        'yaml11-scalar spec.template.spec.containers[0].env[1].value',
      ]);
      const listed = ds('agent');
      listed.metadata.labels = [1, true];
      expect(check([listed]).filter(f => f.rule === 'yaml11-scalar')).toEqual([]);
    });

    test('one DaemonSet given twice: the last is judged, as kubectl apply keeps it', () => {
      const sourced = [{ file: 'a.yaml', object: ds('agent') }, { file: 'b.yaml', object: ds('agent', { nodeSelector: { disktype: 'ssd' } }) }];
      expect(checkManifests(sourced, ClusterInventory.sample()).map(f => `${f.rule} ${f.file}`)).toEqual(['duplicate-object b.yaml', 'desired-zero b.yaml']);
    });

    test('variants are reported on their first DaemonSet in their own namespace, not on a namesake elsewhere', () => {
      const labelled = (name: string, namespace: string, host: string) => ds(name, { nodeSelector: { 'kubernetes.io/hostname': host } },
        { podLabels: { 'app.kubernetes.io/name': 'agent', 'cdk8s-daemons.io/variant': name } }, namespace);
      const findings = check([ds('agent', {}, {}, 'other'), labelled('agent', 'ops', 'kind-worker'), labelled('agent-b', 'ops', 'kind-worker2')]);
      expect(findings.filter(f => f.rule === 'coverage-gap').map(f => `${f.file} ${f.object}`)).toEqual(['f1.yaml DaemonSet ops/agent']);
    });

    test('the ignore-check annotation: rules separated by commas, spaces around them allowed; a value that is not a string exempts from nothing', () => {
      const onDelete = () => ds('agent', {}, { spec: { updateStrategy: { type: 'OnDelete' } } });
      const annotated = (value: unknown) => { const d = onDelete(); d.metadata.annotations = { 'cdk8s-daemons.io/ignore-check': value }; return d; };
      expect(check([onDelete()]).map(f => f.rule)).toEqual(['on-delete']);
      for (const exempt of ['on-delete', 'unpinned-image, on-delete', ' on-delete ,best-effort']) {
        expect(check([annotated(exempt)]).map(f => f.rule)).toEqual([]);
      }
      expect(check([annotated('on-delete-x,ondelete')]).map(f => f.rule)).toEqual(['on-delete']);
      // YAML 1.1 read `ignore-check: 1` as a number: reported as such, and no rule is exempted
      expect(check([annotated(1)]).map(f => f.rule).sort()).toEqual(['on-delete', 'yaml11-scalar']);
    });

    test('unnamed ports of one container are not one port name twice', () => {
      const ports = [{ containerPort: 9100 }, { containerPort: 9101 }, { containerPort: 9102, protocol: 'UDP' }];
      expect(check([withContainers([c('agent', { ports })])])).toEqual([]);
    });

    test('an empty priorityClassName is no class (the global default), not an unknown one', () => {
      expect(check([withContainers([c('agent')], { priorityClassName: '' })])).toEqual([]);
      expect(check([withContainers([c('agent')], { priorityClassName: 'x' })]).map(f => f.rule)).toEqual(['unknown-priority-class']);
    });

    test('a selector\'s matchExpressions must hold for the template\'s labels too (the API server refuses it otherwise)', () => {
      const withExpressions = (matchExpressions: any[]) => {
        const d = ds('agent');
        d.spec.selector = { matchLabels: { app: 'agent' }, matchExpressions };
        return d;
      };
      // an expression without values is written without a list; a label that is not a string is no label
      expect(lines(errors(check([withExpressions([{ key: 'tier', operator: 'Exists' }])])))).toEqual([
        'error f0.yaml DaemonSet ops/agent spec.selector.matchExpressions[0]: tier Exists does not match the template\'s labels {"app":"agent"} (the API server refuses it)',
      ]);
      const numeric = withExpressions([{ key: 'tier', operator: 'Exists' }]);
      numeric.spec.template.metadata.labels.tier = 1;
      expect(check([numeric]).filter(f => f.field.startsWith('spec.selector')).map(f => f.field)).toEqual(['spec.selector.matchExpressions[0]']);
      expect(errors(check([withExpressions([{ key: 'app', operator: 'In', values: ['agent', 'other'] }, { key: 'tier', operator: 'DoesNotExist' }])]))).toEqual([]);
      expect(lines(errors(check([withExpressions([{ key: 'app', operator: 'Exists' }, { key: 'tier', operator: 'In', values: ['node'] }])])))).toEqual([
        'error f0.yaml DaemonSet ops/agent spec.selector.matchExpressions[1]: tier In [node] does not match the template\'s labels {"app":"agent"} (the API server refuses it)',
      ]);
      expect(lines(errors(check([withExpressions([{ key: 'app', operator: 'NotIn', values: ['agent'] }])])))).toEqual([
        'error f0.yaml DaemonSet ops/agent spec.selector.matchExpressions[0]: app NotIn [agent] does not match the template\'s labels {"app":"agent"} (the API server refuses it)',
      ]);
    });

    test('objects without kind are never one object defined twice', () => {
      const noKind = { apiVersion: 'v1', metadata: { name: 'x', namespace: 'ops' } };
      expect(check([noKind, { ...noKind }]).filter(f => f.rule === 'duplicate-object')).toEqual([]);
    });

    test('a Pod Security label the admission cannot read refuses the Namespace; an enforce level it cannot read is restricted', () => {
      const namespace = (labels: { [key: string]: string }) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels } });
      // pod-security-admission v0.27: admission.ValidateNamespace refuses what api.PolicyToEvaluate cannot parse
      const restrictedSpec = {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [c('agent', { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })],
      };
      expect(lines(errors(check([namespace({ 'pod-security.kubernetes.io/enforce': 'strict' }), ds('agent', { ...restrictedSpec, hostNetwork: true })])))).toEqual([
        'error f0.yaml Namespace ops metadata.labels[\'pod-security.kubernetes.io/enforce\']: \'strict\' is not a Pod Security level, so the Pod Security admission refuses the Namespace ("must be one of privileged, baseline, restricted")',
        'error f1.yaml DaemonSet ops/agent spec.template.spec: needs Pod Security \'privileged\' (hostNetwork=true), but namespace \'ops\' (f0.yaml) enforces \'restricted\' (its label \'strict\' is no level, which Pod Security reads as restricted), so its pods are refused',
      ]);
      // a pod that meets restricted is admitted under such a label
      expect(check([namespace({ 'pod-security.kubernetes.io/enforce': 'Restricted' }), ds('agent', restrictedSpec)]).map(f => f.rule)).toEqual(['api-refused']);
      for (const mode of ['enforce', 'audit', 'warn']) {
        expect(lines(errors(check([namespace({ [`pod-security.kubernetes.io/${mode}`]: '' })])))).toEqual([
          `error f0.yaml Namespace ops metadata.labels['pod-security.kubernetes.io/${mode}']: '' is not a Pod Security level, so the Pod Security admission refuses the Namespace ("must be one of privileged, baseline, restricted")`,
        ]);
        // the minor is a Go int (strconv.Atoi): the largest int64 is accepted, the next refused
        for (const ok of ['latest', 'v1.0', 'v1.9', 'v1.10', 'v1.27', 'v1.100', 'v1.9223372036854775807']) {
          expect(errors(check([namespace({ [`pod-security.kubernetes.io/${mode}`]: 'baseline', [`pod-security.kubernetes.io/${mode}-version`]: ok })]))).toEqual([]);
        }
        for (const bad of ['v1.01', 'v2.0', 'v1.', '1.27', 'V1.27', 'v1.27 ', 'Latest', 'v1.27.0', 'v1.9223372036854775808']) {
          expect(lines(errors(check([namespace({ [`pod-security.kubernetes.io/${mode}-version`]: bad })])))).toEqual([
            `error f0.yaml Namespace ops metadata.labels['pod-security.kubernetes.io/${mode}-version']: '${bad}' is not a Pod Security version, so the Pod Security admission refuses the Namespace (must be "latest" or "v1.x")`,
          ]);
        }
      }
      for (const level of ['privileged', 'baseline', 'restricted']) {
        expect(errors(check([namespace({ 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/audit': level, 'pod-security.kubernetes.io/warn': level })]))).toEqual([]);
      }
    });

    test('Pending on the sample cluster is a warning even when its pods are given', () => {
      const big = ds('agent', { containers: [c('agent', { resources: { requests: { cpu: '64' } } })] });
      const sourced = [{ file: 'f0.yaml', object: big }];
      expect(checkManifests(sourced, ClusterInventory.sample(), { sampleCluster: true, runningPods: true }).find(f => f.rule === 'pod-pending')?.severity).toBe('warning');
      expect(checkManifests(sourced, ClusterInventory.sample(), { runningPods: true }).find(f => f.rule === 'pod-pending')?.severity).toBe('error');
    });

    test('a DaemonSet with no container is not BestEffort; an image of an empty name is not unpinned', () => {
      expect(check([ds('agent', { containers: [] })]).map(f => f.rule)).not.toContain('best-effort');
      expect(check([withContainers([c('agent', { image: '' })])]).map(f => f.rule)).not.toContain('unpinned-image');
    });

    test('NoExecute eviction is said only of a DaemonSet that runs somewhere (else desired-zero says it all)', () => {
      const cluster = ClusterInventory.fromNodeList([{ kind: 'Node', metadata: { name: 'n', labels: {} }, spec: { taints: [{ key: 'k', effect: 'NoExecute' }] } }]);
      expect(check([ds('agent')], cluster).map(f => f.rule)).toEqual(['desired-zero']);
    });
  });

  test('one object defined twice (one file or two) is an error, never two variants', () => {
    const sourced = [{ file: 'a.yaml', object: ds('agent') }, { file: 'b.yaml', object: ds('agent') }];
    const findings = checkManifests(sourced, ClusterInventory.sample());
    expect(lines(findings)).toEqual(['error b.yaml DaemonSet ops/agent metadata.name: is defined again (first in a.yaml): when applied, one overwrites the other, so only one of them runs']);
    // another namespace, or another kind, is another object
    expect(check([ds('agent'), ds('agent', {}, {}, 'other')])).toEqual([]);
    expect(check([ds('agent'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'agent', namespace: 'ops' } }])).toEqual([]);
  });

  test('YAML 1.1 scalars where Kubernetes wants a string are errors (the API server refuses them)', () => {
    const text = [
      'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent, namespace: ops, labels: {enabled: on}}', 'spec:',
      '  selector: {matchLabels: {app: agent}}', '  template:', '    metadata: {labels: {app: agent}}', '    spec:',
      '      nodeSelector: {disktype: yes, ssd: "yes"}',
      '      containers: [{name: agent, image: "x:1", resources: {requests: {cpu: 1m}}, env: [{name: LEVEL, value: 1.0}, {name: OK, value: "1.0"}]}]',
    ].join('\n');
    const findings = checkManifests(loadManifests(parseText(text, 'ds.yaml')).map(object => ({ file: 'ds.yaml', object })), ClusterInventory.sample());
    const tail = 'where Kubernetes wants a string (an unquoted YAML 1.1';
    expect(errors(findings).map(f => `${f.field}: ${f.problem}`)).toEqual([
      `metadata.labels['enabled']: is true, a boolean ${tail} yes/no/on/off/true/false): the API server refuses the object`,
      `spec.template.spec.nodeSelector['disktype']: is true, a boolean ${tail} yes/no/on/off/true/false): the API server refuses the object`,
      `spec.template.spec.containers[0].env[0].value: is 1, a number ${tail} scalar): the API server refuses the object`,
    ]);
    expect(errors(findings)[1].fix).toBe('write it quoted, e.g. "yes"');
  });

  test('warning: OnDelete updates look Healthy in Argo CD while old pods run', () => {
    const [f] = check([ds('agent', {}, { spec: { updateStrategy: { type: 'OnDelete' } } })]);
    expect(f).toMatchObject({ severity: 'warning', field: 'spec.updateStrategy.type' });
    expect(f.problem).toMatch(/Argo CD reports the DaemonSet Healthy while old pods still run/);
  });

  test('the CLI: one line per finding, exit 1 on an error, --output json', () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), readStdin: () => '' };
    const yaml = (o: any) => () => JSON.stringify(o);
    const surge = { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } };
    const deadlocked = ds('agent', { hostNetwork: true, containers: [{ name: 'a', image: 'x:1', resources: { requests: { cpu: '1m' } }, ports: [{ name: 'm', containerPort: 9100 }] }] }, surge);
    expect(main(['check'], { ...io, readStdin: yaml(deadlocked) })).toBe(1);
    expect(out.join('')).toMatch(/^error: <stdin>: DaemonSet ops\/agent: spec\.updateStrategy\.rollingUpdate\.maxSurge: surges .*\n1 error, 0 warnings\n$/);
    out.length = 0;
    // on the sample cluster, a DaemonSet that runs nowhere is a warning: exit 0
    expect(main(['check'], { ...io, readStdin: yaml(ds('agent', { nodeSelector: { disktype: 'ssd' } })) })).toBe(0);
    expect(out.join('')).toMatch(/^warning: <stdin>: DaemonSet ops\/agent: spec\.template\.spec: runs on no node of the sample cluster \(DESIRED 0\): .*\n0 errors, 1 warning\n$/);
    out.length = 0;
    expect(main(['check', '--output', 'json'], { ...io, readStdin: yaml(ds('agent')) })).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ findings: [] });
  });
});

/** Issue 23: the API server's rules as check applies them to JSON, each field's path and message whole. */
describe('check: the API rules on JSON, field by field', () => {
  const apiRefused = (object: any) => errors(check([object])).filter(f => f.rule === 'api-refused').map(f => `${f.field}: ${f.problem}. Fix: ${f.fix}`);

  test('an empty selector (no labels, no expressions) is refused; expressions alone are a selector', () => {
    const empty = ds('agent');
    empty.spec.selector = {};
    expect(apiRefused(empty)).toEqual(['spec.selector: is empty, and the API server refuses a DaemonSet that selects every pod. Fix: select the pods by their labels']);
    const byExpression = ds('agent');
    byExpression.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['agent'] }] };
    expect(apiRefused(byExpression)).toEqual([]);
  });

  test('restartPolicy Always is fine, others refused; activeDeadlineSeconds is refused at any value', () => {
    expect(apiRefused(ds('agent', { restartPolicy: 'Always' }))).toEqual([]);
    expect(apiRefused(ds('agent', { restartPolicy: 'Never', activeDeadlineSeconds: 0 }))).toEqual([
      'spec.template.spec.restartPolicy: \'Never\' is not Always, the only policy a DaemonSet\'s pods may have. Fix: drop restartPolicy',
      'spec.template.spec.activeDeadlineSeconds: is forbidden in a DaemonSet\'s pods. Fix: drop it',
    ]);
  });

  test('the rolling update is judged only for RollingUpdate (absent type included), with Kubernetes\' defaults for absent fields', () => {
    const zero = { maxUnavailable: 0 };
    expect(apiRefused(ds('agent', {}, { spec: { updateStrategy: { rollingUpdate: zero } } }))).toEqual([
      expect.stringMatching(/^spec\.updateStrategy\.rollingUpdate\.maxUnavailable: 0: makes both maxUnavailable and maxSurge zero/),
    ]);
    expect(apiRefused(ds('agent', {}, { spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: zero } } }))).toEqual([]);
    // maxUnavailable absent is 1
    expect(apiRefused(ds('agent', {}, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0 } } } }))).toEqual([]);
  });

  test('container fields under their API names: mountPropagation, capabilities.add, the mount\'s name', () => {
    const spec = {
      containers: [{
        name: 'agent',
        image: 'example.com/agent:1.0',
        resources: { requests: { cpu: '1m' } },
        securityContext: { capabilities: { add: ['CAP_SYS_TIME'] } },
        volumeMounts: [{ name: 'host', mountPath: '/host', mountPropagation: 'Sideways' }, { name: 'host', mountPath: '/shared', mountPropagation: 'Bidirectional' }],
      }],
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
    };
    const found = apiRefused(ds('agent', spec));
    expect(found).toContainEqual('spec.template.spec.containers[0].volumeMounts[0].mountPropagation: "Sideways" is not None, HostToContainer or Bidirectional (the API server refuses any other value). Fix: use a kplus.MountPropagation member');
    expect(found).toContainEqual(expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.volumeMounts\[1\]\.mountPropagation: "Bidirectional" Bidirectional mount propagation is only allowed in privileged containers/));
    expect(found).toContainEqual(expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.securityContext\.capabilities\.add\[0\]: "CAP_SYS_TIME" must be given without the CAP_ prefix/));
  });

  test('a mount of a pod without volumes names none; an init container\'s mounts are checked too', () => {
    expect(apiRefused(ds('agent', { initContainers: [{ name: 'init', image: 'example.com/init:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }))).toEqual([
      'spec.template.spec.initContainers[0].volumeMounts[0].name: \'data\' names no volume of the pod (the API server refuses it). Fix: mount one of the pod\'s volumes (none), or add the volume',
    ]);
    const two = ds('agent', { volumes: [{ name: 'b', emptyDir: {} }, { name: 'a', emptyDir: {} }] });
    two.spec.template.spec.containers[0].volumeMounts = [{ name: 'c', mountPath: '/c' }];
    expect(apiRefused(two)).toEqual(['spec.template.spec.containers[0].volumeMounts[0].name: \'c\' names no volume of the pod (the API server refuses it). Fix: mount one of the pod\'s volumes (a, b), or add the volume']);
  });

  test('YAML 1.1 scalars: false is written "no", null and numbers as themselves; a Service\'s selector and annotations are read; other kinds\' spec.selector is not a map of strings', () => {
    const yaml11 = (object: any) => errors(check([object])).filter(f => f.rule === 'yaml11-scalar').map(f => `${f.field}: ${f.problem.replace(/ where Kubernetes.*$/, '')} | ${f.fix}`);
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'ops', annotations: { a: false, b: null } }, spec: { selector: { app: 1.5 }, ports: [{ port: 80 }] } };
    expect(yaml11(service)).toEqual([
      'metadata.annotations[\'a\']: is false, a boolean | write it quoted, e.g. "no"',
      'metadata.annotations[\'b\']: is null, a null | write it quoted, e.g. "null"',
      'spec.selector[\'app\']: is 1.5, a number | write it quoted, e.g. "1.5"',
    ]);
    const notAService = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { selector: { count: 3 } } };
    expect(yaml11(notAService)).toEqual([]);
    const agent = ds('agent', { initContainers: [{ name: 'init', image: 'example.com/init:1', env: [{ name: 'N', value: 2 }, { name: 'S', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] }] });
    agent.spec.template.metadata.annotations = { on: true };
    expect(yaml11(agent)).toEqual([
      'spec.template.metadata.annotations[\'on\']: is true, a boolean | write it quoted, e.g. "yes"',
      'spec.template.spec.initContainers[0].env[0].value: is 2, a number | write it quoted, e.g. "2"',
    ]);
  });
});
