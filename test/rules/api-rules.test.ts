// The API server's rules as `check` runs them on anybody's DaemonSet (src/rules/api-rules.ts): what
// each reports, word for word where the words are the promise (field, fix), and that YAML of any shape
// (a part missing, null, or of another type) is judged without a crash.
import { ClusterInventory, PodSecurityLevel } from '../../src';
import { apiRules, enforcedPodSecurity, nonStringFields, podSecurityLabelProblems } from '../../src/rules/api-rules';
import { checkManifests } from '../../src/rules/check';

interface Finding { field: string; problem: string; fix: string; accepted?: boolean }

function findings(ds: any): Finding[] {
  const out: Finding[] = [];
  apiRules(ds, (field, problem, fix, accepted) => out.push(accepted === undefined ? { field, problem, fix } : { field, problem, fix, accepted }));
  return out;
}

/** A valid DaemonSet whose pod spec is `podSpec` (merged), selector and labels `app: x`. */
function daemonSet(podSpec: object = {}, spec: object = {}, template: object = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'x', namespace: 'ns' },
    spec: {
      selector: { matchLabels: { app: 'x' } },
      template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'agent', image: 'example.com/agent:1.0' }], ...podSpec }, ...template },
      ...spec,
    },
  };
}

describe('apiRules: YAML of any shape is judged without a crash', () => {
  const CONTAINER = { name: 'agent', image: 'example.com/agent:1.0' };
  test.each<[string, any, string[]]>([
    ['no spec', { kind: 'DaemonSet' }, ['spec.selector']],
    ['an empty spec', { kind: 'DaemonSet', spec: {} }, ['spec.selector']],
    ['a template without metadata or spec', { kind: 'DaemonSet', spec: { selector: { matchLabels: { app: 'x' } }, template: {} } }, ['spec.selector.matchLabels']],
    ['a selector of expressions only, no template', { kind: 'DaemonSet', spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } } }, ['spec.selector.matchExpressions[0]']],
    ['a null expression', daemonSet({}, { selector: { matchLabels: { app: 'x' }, matchExpressions: [null] } }), ['spec.selector.matchExpressions[0]']],
    ['a null container', daemonSet({ containers: [null] }), ['spec.template.spec.containers[0].name', 'spec.template.spec.containers[0].image']],
    ['a null init container', daemonSet({ initContainers: [null] }), ['spec.template.spec.initContainers[0].name', 'spec.template.spec.initContainers[0].image']],
    ['a null env var, port and volume mount', daemonSet({ containers: [{ ...CONTAINER, env: [null], ports: [null], volumeMounts: [null] }] }),
      ['spec.template.spec.containers[0].env', 'spec.template.spec.containers[0].ports[0].containerPort', 'spec.template.spec.containers[0].volumeMounts[0].mountPath',
        'spec.template.spec.containers[0].volumeMounts[0].name']],
    ['a null volume', daemonSet({ volumes: [null] }), ['spec.template.spec.volumes[0].name']],
    ['a rolling update without values', daemonSet({}, { updateStrategy: { rollingUpdate: {} } }), []],
    ['a null update strategy', daemonSet({}, { updateStrategy: null }), []],
  ])('%s', (_what, ds, fields) => {
    expect([...new Set(findings(ds).map(f => f.field))].sort()).toEqual([...fields].sort());
    // and the whole gate, every rule, reads it as well (the API server's findings among the rest)
    const gate = checkManifests([{ file: 'ds.yaml', object: { apiVersion: 'apps/v1', metadata: { name: 'x', namespace: 'ns' }, ...ds } }], ClusterInventory.sample());
    expect(gate.filter(f => f.rule === 'api-refused').length).toBeGreaterThanOrEqual(fields.length ? 1 : 0);
    if (typeof ds.spec?.template?.spec !== 'object') {
      expect(gate.map(f => [f.rule, f.field])).toEqual([['api-refused', 'spec.template.spec']]);
    }
  });

  test('an env var without a name is one with an empty name', () => {
    expect(findings(daemonSet({ containers: [{ ...CONTAINER, env: [{ value: 'x' }] }] }))).toEqual([
      { field: 'spec.template.spec.containers[0].env', problem: '"" environment variable name must not be empty', fix: 'use a name like \'NODE_NAME\'' },
    ]);
  });

  test('a volume without a name and a mount without a path read as empty strings', () => {
    const all = findings(daemonSet({ volumes: [{ emptyDir: {} }], containers: [{ ...CONTAINER, volumeMounts: [{ name: 'x' }] }] }));
    expect(all.find(f => f.field === 'spec.template.spec.volumes[0].name')!.problem).toMatch(/^'': volume name /);
    expect(all.find(f => f.field === 'spec.template.spec.containers[0].volumeMounts[0].mountPath')!.problem).toBe('"" must be an absolute path');
  });

  test('a container without name or image is reported with the empty string it reads as', () => {
    expect(findings(daemonSet({ containers: [{}] })).map(f => [f.field, f.problem.split(' ')[0]])).toEqual([
      ['spec.template.spec.containers[0].name', '""'],
      ['spec.template.spec.containers[0].image', '""'],
    ]);
  });
});

describe('apiRules: each finding, with its field and fix', () => {
  const only = (ds: any) => {
    const all = findings(ds);
    expect(all).toHaveLength(1);
    return all[0];
  };

  test('a selector that does not match the template\'s labels', () => {
    expect(only(daemonSet({}, { selector: { matchLabels: { app: 'y' } } }))).toEqual({
      field: 'spec.selector.matchLabels',
      problem: '{"app":"y"} does not match the template\'s labels {"app":"x"} (the API server refuses it)',
      fix: 'give the pods the selector\'s labels',
    });
  });

  test('an expression of the selector that the template\'s labels fail, with and without values', () => {
    expect(only(daemonSet({}, { selector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] } }))).toEqual({
      field: 'spec.selector.matchExpressions[0]',
      problem: 'tier In [a, b] does not match the template\'s labels {"app":"x"} (the API server refuses it)',
      fix: 'give the pods labels the selector matches',
    });
    expect(only(daemonSet({}, { selector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } })).problem)
      .toBe('tier Exists does not match the template\'s labels {"app":"x"} (the API server refuses it)');
    // the label holds for the expression only as a string
    expect(findings(daemonSet({}, { selector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['x'] }] } }))).toEqual([]);
  });

  test('the rolling update as written: field, value first, and the fix', () => {
    expect(only(daemonSet({}, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } }))).toEqual({
      field: 'spec.updateStrategy.rollingUpdate.maxUnavailable',
      problem: '0: makes both maxUnavailable and maxSurge zero, so the rollout could never replace a pod (the API server rejects it)',
      fix: 'make exactly one of them non-zero, e.g. maxUnavailable: PercentOrAbsolute.absolute(1)',
    });
    expect(only(daemonSet({}, { updateStrategy: { rollingUpdate: { maxSurge: '1.0%', maxUnavailable: 0 } } }))).toEqual({
      field: 'spec.updateStrategy.rollingUpdate.maxSurge',
      problem: '\'1.0%\': must be a whole percentage from 0% to 100% (digits and %, as the API server reads it)',
      fix: 'use PercentOrAbsolute.absolute(<whole number 0..2147483647>) or PercentOrAbsolute.percent(<whole number 0..100>)',
    });
    // OnDelete: its rollingUpdate is not read
    expect(findings(daemonSet({}, { updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: 0 } } }))).toEqual([]);
  });

  test('two containers of one name (an init container is judged after the containers)', () => {
    expect(only(daemonSet({ initContainers: [{ name: 'agent', image: 'example.com/init:1' }] }))).toEqual({
      field: 'spec.template.spec.initContainers[0].name',
      problem: '\'agent\' is the name of another container of the pod (the API server refuses it)',
      fix: 'give every container of the pod its own name',
    });
  });

  test('an AppArmor annotation for a container the pod does not have; an init container counts', () => {
    const annotated = (name: string, podSpec: object = {}) => findings(daemonSet(podSpec, {}, {
      metadata: { labels: { app: 'x' }, annotations: { [`container.apparmor.security.beta.kubernetes.io/${name}`]: 'runtime/default' } },
    }));
    expect(annotated('undefined').map(f => f.field)).toEqual(['spec.template.metadata.annotations[\'container.apparmor.security.beta.kubernetes.io/undefined\']']);
    expect(annotated('agent')).toEqual([]);
    expect(annotated('init', { initContainers: [{ name: 'init', image: 'example.com/init:1' }] })).toEqual([]);
    // a pod without containers has no container of any name
    expect(annotated('undefined', { containers: undefined }).map(f => f.field)).toContain('spec.template.metadata.annotations[\'container.apparmor.security.beta.kubernetes.io/undefined\']');
  });

  test('volume names: a DNS label, once per pod; a mount names one of them', () => {
    expect(only(daemonSet({ volumes: [{ name: 'Var_Log', emptyDir: {} }] }))).toEqual({
      field: 'spec.template.spec.volumes[0].name',
      problem: expect.stringMatching(/^'Var_Log': volume name /),
      fix: 'use a lowercase name such as \'varlog\'',
    });
    expect(only(daemonSet({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'a', emptyDir: {} }] }))).toEqual({
      field: 'spec.template.spec.volumes[1].name', problem: '\'a\' is the name of another volume of the pod', fix: 'give every volume its own name',
    });
    const mount = (volumes: object[]) => only(daemonSet({ volumes, containers: [{ name: 'agent', image: 'example.com/agent:1.0', volumeMounts: [{ name: 'c', mountPath: '/c' }] }] }));
    expect(mount([{ name: 'b', emptyDir: {} }, { name: 'a', emptyDir: {} }])).toEqual({
      field: 'spec.template.spec.containers[0].volumeMounts[0].name',
      problem: '\'c\' names no volume of the pod (the API server refuses it)',
      fix: 'mount one of the pod\'s volumes (a, b), or add the volume',
    });
    expect(mount([]).fix).toBe('mount one of the pod\'s volumes (none), or add the volume');
  });

  test('a container\'s fields are named as the API names them, at any index (10 and more too)', () => {
    const mounts = Array.from({ length: 11 }, (_, i) => ({ name: `v${i}`, mountPath: `/v${i}` }));
    const ports = Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, containerPort: 8000 + i }));
    const volumes = mounts.map(m => ({ name: m.name, emptyDir: {} }));
    const capabilities = Array.from({ length: 11 }, () => 'NET_ADMIN');
    const bad = {
      name: 'agent',
      image: 'example.com/agent:1.0',
      volumeMounts: [...mounts.slice(0, 10), { name: 'v10', mountPath: '/v10', mountPropagation: 'Sideways' }],
      ports: [...ports.slice(0, 10), { name: 'p10', containerPort: 70000 }],
      securityContext: { capabilities: { add: [...capabilities.slice(0, 10), 'CAP_NET_RAW'] } },
    };
    const fields = findings(daemonSet({ volumes, containers: [bad] })).map(f => f.field);
    expect(fields).toEqual(expect.arrayContaining([
      'spec.template.spec.containers[0].volumeMounts[10].mountPropagation',
      'spec.template.spec.containers[0].ports[10].containerPort',
    ]));
    expect(fields).toContain('spec.template.spec.containers[0].securityContext.capabilities.add[10]');
    expect(fields.every(f => !/\.(number|propagation|volume)$|capabilities(\[\d+\])?$/.test(f))).toBe(true);
  });

  test('a port clash between two containers is named by the API\'s field', () => {
    const fields = findings(daemonSet({
      containers: [
        { name: 'a', image: 'example.com/a:1', ports: [{ name: 'm', containerPort: 9100, hostPort: 9100 }] },
        { name: 'b', image: 'example.com/b:1', ports: [{ name: 'n', containerPort: 9100, hostPort: 9100 }] },
      ],
    })).map(f => f.field);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every(f => /^spec\.template\.spec\.containers\[\d\]\.ports\[0\]\.(containerPort|hostPort|name)$/.test(f))).toBe(true);
  });
});

describe('Pod Security labels of a Namespace', () => {
  const PSA = 'pod-security.kubernetes.io/';
  test('the enforce level, only from a string label; an unknown level is read as restricted', () => {
    expect(enforcedPodSecurity({ [`${PSA}enforce`]: 'baseline' })).toEqual({ level: PodSecurityLevel.BASELINE });
    expect(enforcedPodSecurity({ [`${PSA}enforce`]: 'strict' })).toEqual({ level: PodSecurityLevel.RESTRICTED, unread: 'strict' });
    expect(enforcedPodSecurity({ [`${PSA}enforce`]: true })).toBeUndefined();
    expect(enforcedPodSecurity({})).toBeUndefined();
    expect(enforcedPodSecurity(undefined)).toBeUndefined();
  });

  test('a level or version the admission cannot read, with its field and fix', () => {
    expect(podSecurityLabelProblems({ [`${PSA}warn`]: 'strict', [`${PSA}audit-version`]: 'xv1.27' })).toEqual([
      {
        field: `metadata.labels['${PSA}audit-version']`,
        problem: '\'xv1.27\' is not a Pod Security version, so the Pod Security admission refuses the Namespace (must be "latest" or "v1.x")',
        fix: 'use latest or a Kubernetes minor version such as v1.27',
      },
      {
        field: `metadata.labels['${PSA}warn']`,
        problem: '\'strict\' is not a Pod Security level, so the Pod Security admission refuses the Namespace ("must be one of privileged, baseline, restricted")',
        fix: 'use privileged, baseline or restricted',
      },
    ]);
    expect(podSecurityLabelProblems({ [`${PSA}enforce-version`]: 'v1.27', [`${PSA}warn-version`]: 'latest', [`${PSA}audit-version`]: 'v1.0' })).toEqual([]);
  });
});

describe('nonStringFields: where Kubernetes wants strings', () => {
  test('every map it reads, by its field', () => {
    const o = {
      kind: 'Service',
      metadata: { labels: { a: 1 }, annotations: { b: true } },
      spec: {
        selector: { c: 2, matchLabels: { d: 3 } },
        template: {
          metadata: { labels: { e: 4 }, annotations: { f: 5 } },
          spec: { nodeSelector: { g: true }, initContainers: [{ env: [{ name: 'H', value: 6 }] }], containers: [{ env: [{ name: 'I', value: 'ok' }, { name: 'J', value: 7 }] }] },
        },
      },
    };
    expect(nonStringFields(o)).toEqual([
      { field: 'metadata.labels[\'a\']', value: 1 },
      { field: 'metadata.annotations[\'b\']', value: true },
      { field: 'spec.selector.matchLabels[\'d\']', value: 3 },
      { field: 'spec.selector[\'c\']', value: 2 },
      { field: 'spec.selector[\'matchLabels\']', value: { d: 3 } },
      { field: 'spec.template.metadata.labels[\'e\']', value: 4 },
      { field: 'spec.template.metadata.annotations[\'f\']', value: 5 },
      { field: 'spec.template.spec.nodeSelector[\'g\']', value: true },
      { field: 'spec.template.spec.initContainers[0].env[0].value', value: 6 },
      { field: 'spec.template.spec.containers[0].env[1].value', value: 7 },
    ]);
    // a DaemonSet's spec.selector is a LabelSelector, not a map of labels
    expect(nonStringFields({ ...o, kind: 'DaemonSet' }).map(f => f.field)).not.toContain('spec.selector[\'c\']');
  });

  test.each<[string, any]>([
    ['nothing', undefined],
    ['no metadata or spec', {}],
    ['null maps', { metadata: { labels: null }, spec: { selector: null, template: { metadata: null, spec: null } } }],
    ['a list where a map belongs', { metadata: { labels: [1] } }],
    ['a scalar where a map belongs', { metadata: { labels: 'a=1' } }],
    ['null containers and env vars', { spec: { template: { spec: { containers: [null, { env: [null, 'x'] }] } } } }],
    ['a Service without spec', { kind: 'Service' }],
  ])('%s: no finding, no crash', (_what, o) => {
    expect(nonStringFields(o)).toEqual([]);
  });
});
