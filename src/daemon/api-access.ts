import * as kplus from 'cdk8s-plus-27';
import { DaemonState } from './state';
import type { ApiAccessOptions } from '../node-daemon-props';
import { propError } from '../util/errors';
import { checkProps } from '../util/props';

/** The verbs of Kubernetes RBAC a grant may use (no `*`: least privilege names each one). */
const RBAC_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * Gives the daemon's pods access to the Kubernetes API: a ClusterRole (child `ClusterRole`, a
 * cdk8s-plus ClusterRole named `<namespace>-<name>`) with exactly the verbs and resources granted,
 * bound to the daemon's ServiceAccount (child `ClusterRoleBinding`), and the API token mounted.
 */
export function grantApiAccess(st: DaemonState, options: ApiAccessOptions): void {
  checkProps(st.daemon.node.path, 'ApiAccessOptions', options, [{ key: 'resources', type: 'array', example: '[kplus.ApiResource.PODS]' }]);
  const verbs = options.verbs ?? ['get', 'list', 'watch'];
  if (options.resources.length === 0) {
    throw propError(st.daemon, 'grantApiAccess.resources', [], 'names no resource', 'list the resources the daemon reads, e.g. [kplus.ApiResource.PODS]');
  }
  if (verbs.length === 0) {
    throw propError(st.daemon, 'grantApiAccess.verbs', [], 'names no verb', 'leave verbs out for read access (get, list, watch)');
  }
  verbs.forEach((v, i) => {
    if (!RBAC_VERBS.includes(v)) {
      throw propError(st.daemon, `grantApiAccess.verbs[${i}]`, v, v === '*' ? 'grants every verb, more than a daemon needs' : 'is not a Kubernetes API verb', `name each verb: ${RBAC_VERBS.join(', ')}`);
    }
  });
  options.resources.forEach((r, i) => {
    const resource = r.asApiResource();
    const type = resource?.resourceType ?? '';
    if (!resource || type === '' || type.includes('*')) {
      throw propError(st.daemon, `grantApiAccess.resources[${i}]`, type || r.asNonApiResource(), 'is not one named API resource', 'name the resource, e.g. kplus.ApiResource.PODS or kplus.ApiResource.custom({ apiGroup: \'\', resourceType: \'nodes/proxy\' })');
    }
  });
  if (st.ownServiceAccount && st.daemon.namespace === undefined) {
    throw propError(st.daemon, 'namespace', undefined, 'is not set, and the ClusterRoleBinding must name the namespace of the ServiceAccount it binds (the API server refuses a subject without one)',
      'give the daemon a namespace (the namespace prop, a DaemonNamespace, or the chart\'s namespace)');
  }
  if (st.explicitAutomount === false) {
    throw propError(st.daemon, 'automountServiceAccountToken', false, 'keeps the API token out of the pods, so the access granted could never be used', 'leave automountServiceAccountToken out: granting API access mounts the token');
  }
  if (!st.clusterRole) {
    const name = st.daemon.namespace ? `${st.daemon.namespace}-${st.daemon.name}` : st.daemon.name;
    st.clusterRole = new kplus.ClusterRole(st.daemon, 'ClusterRole', { metadata: { name, labels: { ...st.daemon.labels }, annotations: st.annotations && { ...st.annotations } } });
    const binding = new kplus.ClusterRoleBinding(st.daemon, 'ClusterRoleBinding', {
      metadata: { name, labels: { ...st.daemon.labels }, annotations: st.annotations && { ...st.annotations } },
      role: st.clusterRole,
    });
    binding.addSubjects(st.daemon.serviceAccount);
  }
  st.clusterRole.allow([...verbs], ...options.resources);
  st.grants.push({ verbs: [...verbs], resources: [...options.resources] });
}

