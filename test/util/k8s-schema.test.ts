import { ApiObject, Chart, Testing, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { synthValid, validateManifest, validateManifests } from './k8s-schema';

const LABELS = { app: 'agent' };

function daemonSet(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: LABELS },
      template: {
        metadata: { labels: LABELS },
        spec: { containers: [{ name: 'agent', image: 'busybox:1.36', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

const container = (ds: any) => ds.spec.template.spec.containers[0];

describe('validateManifest', () => {
  test('a KubeDaemonSet from cdk8s-plus-27 is valid', () => {
    const chart = Testing.chart();
    new k8s.KubeDaemonSet(chart, 'ds', {
      spec: {
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: { containers: [{ name: 'agent', image: 'busybox:1.36', ports: [{ containerPort: 8080 }] }] },
        },
      },
    });
    const manifests = synthValid(chart);
    expect(manifests).toHaveLength(1);
    expect(validateManifest(manifests[0])).toEqual([]);
  });

  const meta = { name: 'x' };
  const subjects = [{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }];
  const roleRef = (kind: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name: 'r' });
  const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }];
  test.each([
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta },
    { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { selector: LABELS, ports: [{ port: 80, targetPort: 'http' }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { a: 'b' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta, stringData: { a: 'b' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { containers: [{ name: 'c', image: 'i' }] } },
    daemonSet(),
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta, rules },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta, roleRef: roleRef('ClusterRole'), subjects },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta, rules },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta, roleRef: roleRef('Role'), subjects },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta, value: 1000 },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: LABELS } } },
  ])('valid $apiVersion $kind', (obj) => {
    expect(validateManifest(obj)).toEqual([]);
  });

  // Each case is rejected by the 1.27 schema; the error names the offending field.
  test.each<[string, (ds: any) => void, string]>([
    ['string containerPort', (ds) => container(ds).ports = [{ containerPort: 'http' }],
      '/spec/template/spec/containers/0/ports/0/containerPort must be integer'],
    ['port without containerPort', (ds) => container(ds).ports = [{ name: 'http' }],
      '/spec/template/spec/containers/0/ports/0 must have required property containerPort'],
    ['missing selector', (ds) => delete ds.spec.selector, '/spec must have required property selector'],
    ['missing template', (ds) => delete ds.spec.template, '/spec must have required property template'],
    ['missing containers', (ds) => delete ds.spec.template.spec.containers, '/spec/template/spec must have required property containers'],
    ['container without name', (ds) => delete container(ds).name, '/spec/template/spec/containers/0 must have required property name'],
    ['env without name', (ds) => container(ds).env = [{ value: 'x' }], '/spec/template/spec/containers/0/env/0 must have required property name'],
    ['numeric env value', (ds) => container(ds).env = [{ name: 'A', value: 1 }], '/spec/template/spec/containers/0/env/0/value must be string'],
    ['numeric label value', (ds) => ds.metadata.labels = { a: 1 }, '/metadata/labels/a must be string'],
    ['non-string metadata.name', (ds) => ds.metadata.name = 42, '/metadata/name must be string'],
    ['boolean where object expected', (ds) => ds.spec.template.spec.securityContext = true, '/spec/template/spec/securityContext must be object'],
    ['object where array expected', (ds) => ds.spec.template.spec.containers = {}, '/spec/template/spec/containers must be array'],
    ['string where boolean expected', (ds) => ds.spec.template.spec.hostNetwork = 'true', '/spec/template/spec/hostNetwork must be boolean'],
    ['bad enum', (ds) => container(ds).imagePullPolicy = 'Sometimes',
      '/spec/template/spec/containers/0/imagePullPolicy must be equal to one of the allowed values (Always, IfNotPresent, Never)'],
    ['bad int-or-string', (ds) => ds.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: true } },
      '/spec/updateStrategy/rollingUpdate/maxUnavailable must be integer'],
    ['bad quantity', (ds) => container(ds).resources = { limits: { cpu: 'lots' } },
      '/spec/template/spec/containers/0/resources/limits/cpu must match format "quantity"'],
  ])('rejects DaemonSet with %s', (_, mutate, expected) => {
    const ds = daemonSet();
    mutate(ds);
    expect(validateManifest(ds)).toContain(expected);
  });

  test('rejects missing required fields of other kinds', () => {
    expect(validateManifest({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' } }))
      .toEqual(['/ must have required property value']);
    expect(validateManifest({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' } }))
      .toEqual(['/ must have required property roleRef']);
  });

  // Documented gaps (see k8s-schema.ts): all of these pass the schema.
  test.each<[string, (ds: any) => void]>([
    ['container without image', (ds) => delete container(ds).image],
    ['unknown properties', (ds) => { container(ds).imagee = 'typo'; ds.spec.bogus = 1; }],
    ['null optional field', (ds) => ds.spec.template.spec.securityContext = null],
    ['invalid name syntax', (ds) => ds.metadata.name = 'Not_A_DNS_Name!'],
    ['out-of-range port', (ds) => container(ds).ports = [{ containerPort: 70000 }]],
    ['selector not matching template labels', (ds) => ds.spec.selector.matchLabels = { other: 'x' }],
    ['empty containers', (ds) => ds.spec.template.spec.containers = []],
  ])('accepts DaemonSet with %s', (_, mutate) => {
    const ds = daemonSet();
    mutate(ds);
    expect(validateManifest(ds)).toEqual([]);
  });

  test('unknown apiVersion/kind is an error', () => {
    const errors = validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    expect(errors).toEqual([expect.stringMatching(/^unknown apiVersion\/kind example.com\/v1\/Widget/)]);
    expect(validateManifest({ ...daemonSet(), apiVersion: 'apps/v1beta2' })).toEqual([expect.stringMatching(/^unknown apiVersion\/kind/)]);
  });

  test('missing apiVersion, kind or metadata.name is an error', () => {
    const { apiVersion, kind, ...rest } = daemonSet();
    expect(validateManifest(rest)).toEqual(['missing apiVersion', 'missing kind']);
    expect(validateManifest({ ...daemonSet(), metadata: {} })).toEqual(['missing metadata.name']);
    expect(validateManifest({ ...daemonSet(), metadata: undefined })).toEqual(['missing metadata.name']);
    expect(validateManifest(null)).toEqual(['manifest must be an object, got null']);
  });

  test('does not modify its input', () => {
    const ds = daemonSet();
    container(ds).ports[0].containerPort = 'http';
    const before = structuredClone(ds);
    validateManifest(ds);
    expect(ds).toEqual(before);
  });
});

describe('validateManifests', () => {
  test('passes valid manifests', () => {
    expect(() => validateManifests([daemonSet(), daemonSet()])).not.toThrow();
  });

  test('throws one error listing every error with its kind/name', () => {
    const bad = daemonSet();
    delete bad.spec.selector;
    container(bad).ports = [{ containerPort: 'http' }];
    const unknown = { apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' } };
    let message = '';
    try {
      validateManifests([daemonSet(), bad, unknown]);
    } catch (e: any) {
      message = e.message;
    }
    expect(message.split('\n')).toEqual([
      'Kubernetes 1.27 schema validation failed:',
      '  DaemonSet/agent (manifest #1): /spec must have required property selector',
      '  DaemonSet/agent (manifest #1): /spec/template/spec/containers/0/ports/0/containerPort must be integer',
      expect.stringMatching(/^ {2}Widget\/w \(manifest #2\): unknown apiVersion\/kind v1\/Widget/),
    ]);
  });
});

describe('setup-k8s-validation (setupFilesAfterEnv)', () => {
  const PATCHED = Symbol.for('cdk8s-daemons.k8s-schema-validation');

  function badChart(): Chart {
    const chart = Testing.chart();
    const ds = daemonSet();
    container(ds).ports = [{ containerPort: 'http' }];
    new ApiObject(chart, 'bad', ds);
    return chart;
  }

  test('is registered', () => {
    // Fails when jest runs without `setupFilesAfterEnv: ['<rootDir>/test/util/setup-k8s-validation.ts']`.
    expect((Testing.synth as any)[PATCHED]).toBe(true);
  });

  test('Testing.synth throws on a schema-invalid chart', () => {
    expect(() => Testing.synth(badChart())).toThrow(/DaemonSet\/agent \(manifest #0\): \/spec\/template\/spec\/containers\/0\/ports\/0\/containerPort must be integer/);
  });

  test('app.synthYaml throws on a schema-invalid chart', () => {
    const app = badChart().node.root as any;
    expect(() => app.synthYaml()).toThrow(/containerPort must be integer/);
  });

  test('return values are unchanged and synth runs once', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'ds', daemonSet());
    const toJson = jest.spyOn(chart, 'toJson');
    const manifests = Testing.synth(chart);
    expect(toJson).toHaveBeenCalledTimes(1);
    expect(manifests).toBe(toJson.mock.results[0].value);
    expect(manifests).toEqual([daemonSet()]);
    expect((chart.node.root as any).synthYaml()).toEqual(Yaml.stringify(...manifests));
  });
});
