import { nodeSelectionOf } from './host-clashes';
import { NodeSelectorRequirement } from '../scheduling/node-affinity';
import { overlap } from '../scheduling/node-selection';

/** One refusal of a platform: the pod spec field, its value, the platform's rule, and the fix. */
export interface PlatformRefusal {
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;
  readonly fix: string;
}

/** Capabilities the Pod Security baseline allows: all GKE Autopilot lets a container add. */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/**
 * GKE Autopilot's rules for workloads (its Warden admission), as far as a pod spec shows them: no
 * host namespaces, no host ports, host paths only under /var/log and read-only, no privileged
 * containers, no capabilities beyond the baseline set.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-security#built-in-security
 */
export function gkeAutopilotRefusals(spec: any): PlatformRefusal[] {
  const out: PlatformRefusal[] = [];
  for (const [field, label] of [['hostNetwork', 'the host network'], ['hostPID', 'the host PID namespace'], ['hostIPC', 'the host IPC namespace']] as const) {
    if (spec?.[field] === true) {
      out.push({ field, value: true, rule: `Autopilot refuses pods in ${label}`, fix: `drop ${field} (an exporter then reads the node through its own metrics API, e.g. the kubelet's)` });
    }
  }
  const hostPaths = new Map<string, string>();
  for (const v of spec?.volumes ?? []) { if (v?.hostPath?.path) { hostPaths.set(v.name, v.hostPath.path); } }
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    for (const p of c?.ports ?? []) {
      if (p?.hostPort) {
        out.push({ field: `container '${c.name}' port '${p.name ?? p.containerPort}' hostPort`, value: p.hostPort, rule: 'Autopilot refuses host ports', fix: 'reach the pods through a Service instead of the node\'s port' });
      }
    }
    if (c?.securityContext?.privileged === true) {
      out.push({ field: `container '${c.name}' securityContext.privileged`, value: true, rule: 'Autopilot refuses privileged containers', fix: 'drop privileged and add only the capabilities needed' });
    }
    for (const cap of c?.securityContext?.capabilities?.add ?? []) {
      if (!BASELINE_CAPABILITIES.includes(cap)) {
        out.push({ field: `container '${c.name}' securityContext.capabilities.add`, value: cap, rule: 'Autopilot allows only the Pod Security baseline capabilities', fix: `drop ${cap}` });
      }
    }
    for (const m of c?.volumeMounts ?? []) {
      const path = hostPaths.get(m?.name);
      if (path === undefined) { continue; }
      if (!/^\/var\/log(\/|$)/.test(path)) {
        out.push({ field: `hostPath volume '${m.name}'`, value: path, rule: 'Autopilot allows host paths only under /var/log', fix: 'read the node through an API, or keep the data in an emptyDir' });
      } else if (m.readOnly !== true) {
        out.push({ field: `container '${c.name}' mount of hostPath '${m.name}'`, value: path, rule: 'Autopilot allows host paths under /var/log read-only only', fix: 'mount it read-only' });
      }
    }
  }
  return out;
}

/** Nodes where daemon pods can never run, and the label that marks them. */
const NO_DAEMON_NODES: Array<[string, string, string]> = [
  ['eks.amazonaws.com/compute-type', 'fargate', 'EKS Fargate nodes run no DaemonSet pods'],
  ['type', 'virtual-kubelet', 'virtual-kubelet nodes have no host to run daemon pods on'],
];

/**
 * EKS with Fargate and virtual-kubelet nodes: a daemon whose node selection can include them leaves
 * pods Pending on them for ever.
 */
export function eksFargateRefusals(spec: any): PlatformRefusal[] {
  const selection = nodeSelectionOf(spec);
  return NO_DAEMON_NODES.flatMap(([key, value, rule]) => overlap(selection, [[NodeSelectorRequirement.in(key, [value])]])
    ? [{
      field: 'nodeAffinity',
      value: `${key}=${value} not excluded`,
      rule,
      fix: `add a required node affinity term with NodeSelectorRequirement.${key === 'type' ? 'notVirtualKubelet' : 'notFargate'}() (${key} NotIn [${value}])`,
    }] : []);
}

/**
 * A cluster with Windows nodes: every DaemonSet must say which OS its pods run on, by its node
 * selection on `kubernetes.io/os` (Linux images never start on Windows nodes, and the reverse).
 */
export function windowsNodesRefusals(spec: any): PlatformRefusal[] {
  const selection = nodeSelectionOf(spec);
  const os = (name: string) => overlap(selection, [[NodeSelectorRequirement.in('kubernetes.io/os', [name])]]) !== undefined;
  if (os('linux') && os('windows')) {
    return [{
      field: 'nodeSelector',
      value: 'kubernetes.io/os not set',
      rule: 'a cluster with Windows nodes needs every daemon to declare its OS: a Linux image never starts on a Windows node',
      fix: 'select kubernetes.io/os (NodeSelectorRequirement.linuxOnly(), or nodeSelector { \'kubernetes.io/os\': \'windows\' } with a Windows image in a variant)',
    }];
  }
  return [];
}
