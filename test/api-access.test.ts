/**
 * API access (issue 9, item 5): a cdk8s-plus ClusterRole with exactly what was granted, bound to the
 * daemon's ServiceAccount; the token mounted only when something was granted.
 */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { NodeDaemon } from '../src';
import { IMAGE, inputError } from './scheduling/helpers';

const NODES_PROXY = kplus.ApiResource.custom({ apiGroup: '', resourceType: 'nodes/proxy' });

describe('grantApiAccess', () => {
  test('read access: a ClusterRole with exactly the resources granted, bound to the ServiceAccount, token mounted', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'fluent-bit', { image: IMAGE, namespace: 'logging' });

    // WHEN
    daemon.grantApiAccess({ resources: [kplus.ApiResource.PODS, kplus.ApiResource.NAMESPACES] });
    daemon.grantApiAccess({ resources: [NODES_PROXY], verbs: ['get'] });
    const manifests = Testing.synth(chart);

    // THEN
    const role = manifests.find(m => m.kind === 'ClusterRole');
    expect(role.metadata.name).toBe('logging-fluent-bit');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], resourceNames: [], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], resourceNames: [], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/proxy'], resourceNames: [], verbs: ['get'] },
    ]);
    const binding = manifests.find(m => m.kind === 'ClusterRoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'logging-fluent-bit' });
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'fluent-bit', namespace: 'logging' }]);
    expect(manifests.find(m => m.kind === 'DaemonSet').spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(daemon.apiAccessRole).toBeDefined();
  });

  test('without a grant there is no role and the token stays unmounted', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'd', { image: IMAGE });

    // WHEN
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests.map(m => m.kind)).toEqual(['ServiceAccount', 'DaemonSet']);
    expect(manifests[1].spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(manifests[0].automountServiceAccountToken).toBe(false);
  });

  test('a given ServiceAccount is the one bound', () => {
    // GIVEN
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'shared-agent', { namespaceName: 'ops' });
    const daemon = new NodeDaemon(chart, 'd', { image: IMAGE, namespace: 'ops', serviceAccount: sa });

    // WHEN
    daemon.grantApiAccess({ resources: [kplus.ApiResource.NODES] });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests.find(m => m.kind === 'ClusterRoleBinding').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'shared-agent', namespace: 'ops' }]);
  });

  test('grants that are too broad, empty, or useless are errors', () => {
    const daemon = () => new NodeDaemon(Testing.chart(), 'd', { image: IMAGE });
    expect(() => daemon().grantApiAccess({ resources: [kplus.ApiResource.PODS], verbs: ['*'] }))
      .toThrow(inputError('test/d', 'grantApiAccess.verbs[0]', '\'*\'', 'grants every verb'));
    expect(() => daemon().grantApiAccess({ resources: [kplus.ApiResource.PODS], verbs: ['read'] }))
      .toThrow(inputError('test/d', 'grantApiAccess.verbs[0]', '\'read\'', 'is not a Kubernetes API verb'));
    expect(() => daemon().grantApiAccess({ resources: [] })).toThrow(inputError('test/d', 'grantApiAccess.resources', '[]', 'names no resource'));
    expect(() => daemon().grantApiAccess({ resources: [kplus.NonApiResource.of('/healthz')] }))
      .toThrow(inputError('test/d', 'grantApiAccess.resources[0]', '\'/healthz\'', 'is not one named API resource'));
    expect(() => daemon().grantApiAccess({ resources: [kplus.ApiResource.custom({ apiGroup: '', resourceType: '*' })] }))
      .toThrow(inputError('test/d', 'grantApiAccess.resources[0]', '\'*\'', 'is not one named API resource'));
    expect(() => daemon().grantApiAccess({ resources: [kplus.ApiResource.PODS] }))
      .toThrow(inputError('test/d', 'namespace', 'undefined', 'is not set, and the ClusterRoleBinding must name the namespace of the ServiceAccount it binds'));
    const tokenless = new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, namespace: 'ops', automountServiceAccountToken: false });
    expect(() => tokenless.grantApiAccess({ resources: [kplus.ApiResource.PODS] }))
      .toThrow(inputError('test/d', 'automountServiceAccountToken', 'false', 'keeps the API token out of the pods'));
  });
});
