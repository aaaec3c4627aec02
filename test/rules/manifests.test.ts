/**
 * Reading manifests as kubectl does (YAML 1.1, several documents, `kind: List`), what makes two
 * objects one for the API server, and the kubectl-style table: called directly, each branch.
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { table } from '../../src/rules/format';
import { isClusterScoped, loadManifests, objectIdentity, parseText } from '../../src/rules/manifests';

describe('parseText', () => {
  test('JSON by the file name (any case): one document', () => {
    expect(parseText('{"kind":"Node","n":1}', 'nodes.json')).toEqual([{ kind: 'Node', n: 1 }]);
    expect(parseText('{"kind":"Node"}', 'NODES.JSON')).toEqual([{ kind: 'Node' }]);
  });
  test('malformed JSON names the source', () => {
    expect(() => parseText('{"kind":', 'nodes.json')).toThrow(/^nodes\.json: malformed JSON: /);
  });
  test('JSON text in a file not named .json is read as YAML (JSON is YAML)', () => {
    expect(parseText('{"kind": "Node"}', 'nodes.json.txt')).toEqual([{ kind: 'Node' }]);
    expect(() => parseText('{"kind":', 'nodes.jsonx')).toThrow(/malformed YAML/);
  });
  test('YAML: every document, empty ones skipped, read as YAML 1.1 (yes is true, 0755 octal)', () => {
    expect(parseText('a: yes\nb: 0755\nc: "yes"\n---\n---\n# only a comment\n---\nd: 1\n', 'in.yaml')).toEqual([{ a: true, b: 493, c: 'yes' }, { d: 1 }]);
    expect(parseText('', 'in.yaml')).toEqual([]);
  });
  test('malformed YAML names the source and the line, and the first line of the parser\'s message without its position', () => {
    let message = '';
    try {
      parseText('kind: DaemonSet\nkind: Pod\n', 'ds.yaml');
    } catch (e: any) {
      message = e.message;
    }
    expect(message).toBe('ds.yaml:2: malformed YAML: Map keys must be unique');
  });
});

describe('loadManifests', () => {
  const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  test('YAML text, an object, and arrays (nested), with nulls dropped', () => {
    expect(loadManifests('kind: Node\n---\nkind: Pod\n')).toEqual([{ kind: 'Node' }, { kind: 'Pod' }]);
    expect(loadManifests(node('a'))).toEqual([node('a')]);
    expect(loadManifests([node('a'), [node('b'), null, [node('c')]], undefined])).toEqual([node('a'), node('b'), node('c')]);
    expect(loadManifests(null)).toEqual([]);
  });
  test('kind: List is flattened, nested too; a List without items is kept as it is', () => {
    const list = { kind: 'List', items: [node('a'), { kind: 'List', items: [node('b')] }] };
    expect(loadManifests(list)).toEqual([node('a'), node('b')]);
    expect(loadManifests({ kind: 'List' })).toEqual([{ kind: 'List' }]);
    expect(loadManifests({ kind: 'List', items: 'x' })).toEqual([{ kind: 'List', items: 'x' }]);
  });
  test('a cdk8s Chart (its objects) and a cdk8s App (its synthesized YAML)', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'n', node('from-chart'));
    expect(loadManifests(chart)).toEqual([node('from-chart')]);
    const app = new App({ outdir: Testing.app().outdir });
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-app' } };
    new ApiObject(new Chart(app, 'c'), 'n', configMap);
    expect(loadManifests(app)).toEqual([configMap]);
  });
  test('text errors name the given source, manifests by default', () => {
    expect(() => loadManifests('a: [', 'input.yaml')).toThrow(/^input\.yaml:\d+: malformed YAML/);
    expect(() => loadManifests('a: [')).toThrow(/^manifests:\d+: malformed YAML/);
  });
});

describe('objectIdentity', () => {
  test('API group (not version), kind, namespace and name', () => {
    expect(objectIdentity('apps/v1', 'DaemonSet', 'ops', 'a')).toBe('apps\0DaemonSet\0ops\0a');
    expect(objectIdentity('apps/v1beta2', 'DaemonSet', 'ops', 'a')).toBe(objectIdentity('apps/v1', 'DaemonSet', 'ops', 'a'));
    expect(objectIdentity('extensions/v1beta1', 'DaemonSet', 'ops', 'a')).not.toBe(objectIdentity('apps/v1', 'DaemonSet', 'ops', 'a'));
    expect(objectIdentity('v1', 'ConfigMap', undefined, 'a')).toBe('\0ConfigMap\0\0a');
    expect(objectIdentity('rbac.authorization.k8s.io/v1', 'Role', 'ops', 'r')).toBe('rbac.authorization.k8s.io\0Role\0ops\0r');
  });
  test('a cluster-scoped kind has no namespace, whatever the object says', () => {
    expect(objectIdentity('v1', 'Namespace', 'ops', 'a')).toBe(objectIdentity('v1', 'Namespace', undefined, 'a'));
    expect(objectIdentity('v1', 'ConfigMap', 'ops', 'a')).not.toBe(objectIdentity('v1', 'ConfigMap', 'other', 'a'));
  });
  test.each([
    'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass',
    'CustomResourceDefinition', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
    'RuntimeClass', 'IngressClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'ValidatingAdmissionPolicy',
  ])('%s is cluster-scoped', kind => expect(isClusterScoped(kind)).toBe(true));
  test.each(['DaemonSet', 'Service', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'Secret', 'Pod', ''])('%p is namespaced', kind => expect(isClusterScoped(kind)).toBe(false));
});

describe('table', () => {
  test('columns padded to the widest cell (header or row) and three spaces apart; the last column not padded; trailing spaces trimmed', () => {
    expect(table(['NAME', 'DESIRED', 'NOTE'], [['node-exporter', '3', 'ok'], ['a', '12', ''], ['b']])).toBe([
      'NAME            DESIRED   NOTE',
      'node-exporter   3         ok',
      'a               12',
      'b',
    ].join('\n'));
  });
  test('no rows: the header alone', () => {
    expect(table(['A', 'B'], [])).toBe('A   B');
  });
});
