import { k8s } from 'cdk8s-plus-27';
import type { DaemonState } from './daemon/state';
import { hostPathVolumeName } from './pod/pod-template';
import { checkedId } from './util/construct-id';
import { propError } from './util/errors';
import { dns1123SubdomainProblem, kebabCase, labelValueProblem } from './util/names';

/**
 * Options of `NodeDaemon.addDebugPod`: a Pod next to a daemon pod, for looking at what it writes.
 */
export interface DebugPodOptions {
  /**
   * Name of the Pod.
   * @default - `<daemon name>-debug-<id in kebab-case>`
   */
  readonly name?: string;

  /**
   * The image, with a shell and the tools to look around.
   * @default 'busybox:1.36'
   */
  readonly image?: string;

  /**
   * The command keeping it alive for `kubectl exec`.
   * @default ['sleep', 'infinity']
   */
  readonly command?: string[];

  /**
   * Only next to the daemon pod on this node (`kubernetes.io/hostname`).
   * @default - next to any daemon pod
   */
  readonly nodeName?: string;

  /**
   * Run as root, to read files only root may read (the daemon's root-owned logs).
   * @default false
   */
  readonly runAsRoot?: boolean;
}

/**
 * Adds a Pod (child `id`) next to a daemon pod: required pod affinity on the daemon's labels per
 * hostname (optionally on one named node), the daemon's host paths mounted read-only at the same
 * paths under `/host`, as the nginx tutorial's `sleep` pod. A debugging aid, off the production path:
 * delete it when done.
 */
export function addDebugPod(st: DaemonState, id: string, options: DebugPodOptions = {}): k8s.KubePod {
  const name = options.name ?? `${st.daemon.name}-debug-${kebabCase(checkedId(st.daemon, id))}`;
  // the name is also the Pod's app.kubernetes.io/name label: a DNS subdomain of at most 63 characters
  const nameProblem = dns1123SubdomainProblem(name) ?? labelValueProblem(name);
  if (nameProblem) {
    throw propError(st.daemon, 'addDebugPod.name', name, `${nameProblem} (it is the debug Pod's name and its app.kubernetes.io/name label)`,
      options.name === undefined ? `give a shorter name, e.g. addDebugPod('${id}', { name: '${st.daemon.name.slice(0, 40)}-debug' })` : 'give a lowercase name of at most 63 characters');
  }
  const hostPaths = st.pod.hostPaths;
  const root = options.runAsRoot ?? false;
  // Labels of its own: the daemon's Services and NetworkPolicy select by the daemon's name and instance.
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'debug', 'app.kubernetes.io/part-of': st.daemon.name, 'app.kubernetes.io/managed-by': 'cdk8s-daemons' };
  return new k8s.KubePod(st.daemon, id, {
    metadata: { name, namespace: st.metadataFor(name).namespace, labels },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{
            labelSelector: { matchLabels: { ...st.daemon.selectorLabels } },
            topologyKey: 'kubernetes.io/hostname',
          }],
        },
      },
      nodeSelector: options.nodeName ? { 'kubernetes.io/hostname': options.nodeName } : undefined,
      tolerations: st.pod.scheduling.render().tolerations,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'debug',
        image: options.image ?? 'busybox:1.36',
        imagePullPolicy: 'IfNotPresent',
        command: options.command ?? ['sleep', 'infinity'],
        resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
        securityContext: {
          runAsUser: root ? 0 : 65534, runAsNonRoot: !root, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
        },
        volumeMounts: hostPaths.length ? hostPaths.map(m => ({ name: hostPathVolumeName(m), mountPath: `/host${m.path === '/' ? '' : m.path}`, readOnly: true })) : undefined,
      }],
      volumes: hostPaths.length ? hostPaths.map(m => ({ name: hostPathVolumeName(m), hostPath: { path: m.path, type: '' } })) : undefined,
    },
  });
}
