/**
 * Host paths that node agents share by design, and how: the model the host-path clash rule uses for
 * NodeDaemon and `cdk8s-daemons check` alike. Two DaemonSets writing one of these paths are not a
 * clash; anywhere else they are, unless they are two components of one application (the same
 * `app.kubernetes.io/part-of`, not the same `app.kubernetes.io/component`: two instances of one
 * component are not designed to share) or one of them declares the path shared on purpose.
 */
import { HostPathSharing, normalizeNodePath, SHARED_HOST_PATHS_ANNOTATION } from '../pod/volumes';

/** A path (and what is below it) shared by design. */
interface SharedByDesign {
  readonly path: string;
  readonly sharing: HostPathSharing;
  /** Why, for the README and for messages. */
  readonly why: string;
  /**
   * Below this path, each directory is one writer's (a CSI driver's plugin dir, a program's log
   * dir): two writers of the same one still clash.
   */
  readonly ownedBelow?: string;
}

/**
 * The node's paths shared by design. Each entry covers the path and everything below it. Facts: the
 * iptables lock (iptables' `-w`), bpffs (one mount per node), the kernel's /proc and /sys interfaces,
 * the CNI binary and state dirs (each plugin its own files), the kubelet's dirs (each CSI driver its
 * own socket and plugin dir), device nodes, container runtime sockets, network namespaces and logs
 * (each writer its own files). Paths under `/var/run` are looked up under `/run`: on every node
 * distribution one is a symlink to the other.
 */
export const SHARED_BY_DESIGN: readonly SharedByDesign[] = [
  { path: '/run/xtables.lock', sharing: HostPathSharing.LOCK, why: 'the iptables lock every iptables user must share' },
  { path: '/sys', sharing: HostPathSharing.APPEND, why: 'the kernel\'s interfaces: bpffs and cgroups are one mount per node, shared by every agent' },
  { path: '/proc', sharing: HostPathSharing.APPEND, why: 'the kernel\'s process and sysctl interface' },
  { path: '/opt/cni/bin', sharing: HostPathSharing.APPEND, why: 'CNI plugin binaries: each plugin installs its own' },
  { path: '/var/lib/cni', sharing: HostPathSharing.APPEND, why: 'CNI state: each plugin keeps its own' },
  { path: '/var/lib/kubelet', sharing: HostPathSharing.APPEND, why: 'the kubelet\'s dirs: each CSI driver registers its own socket and plugin dir', ownedBelow: '/var/lib/kubelet/plugins' },
  { path: '/dev', sharing: HostPathSharing.APPEND, why: 'device nodes' },
  { path: '/run/containerd', sharing: HostPathSharing.APPEND, why: 'the container runtime\'s socket, which every client connects to' },
  { path: '/run/docker.sock', sharing: HostPathSharing.APPEND, why: 'the container runtime\'s socket, which every client connects to' },
  { path: '/run/crio', sharing: HostPathSharing.APPEND, why: 'the container runtime\'s socket, which every client connects to' },
  { path: '/run/netns', sharing: HostPathSharing.APPEND, why: 'network namespaces, one per pod' },
  { path: '/var/log', sharing: HostPathSharing.APPEND, why: 'logs: each writer its own files and dirs, collectors read', ownedBelow: '/var/log' },
];

/** The entry of SHARED_BY_DESIGN that covers `path`, if any (path normalized, without a trailing '/'). */
export function sharedByDesign(path: string): SharedByDesign | undefined {
  const p = path.startsWith('/var/run/') ? path.slice('/var'.length) : path; // no entry is /run itself
  return SHARED_BY_DESIGN.find(s => p === s.path || p.startsWith(`${s.path}/`));
}

/**
 * Whether two writers of host paths `outer` and `inner` (equal, or `inner` inside `outer`) share them
 * by design: `inner` is a path shared by design (a writer of a directory above it, as an installer
 * mounting all of /opt, is taken to add its own files there too), unless both write the very same
 * directory that belongs to a single owner (one CSI driver's plugin dir, one program's log dir).
 */
export function sharedPair(outer: string, inner: string): boolean {
  const s = sharedByDesign(inner);
  if (!s) { return false; }
  if (s.ownedBelow && outer === inner && inner.startsWith(`${s.ownedBelow}/`)) { return false; }
  return true;
}

/** The paths a pod template declares shared on purpose (the annotation), normalized. */
export function declaredShared(annotations: { readonly [key: string]: unknown } | undefined): Map<string, HostPathSharing> {
  const out = new Map<string, HostPathSharing>();
  const value = annotations?.[SHARED_HOST_PATHS_ANNOTATION];
  if (typeof value !== 'string') { return out; }
  for (const part of value.split(',')) {
    const [path, how] = part.trim().split('=');
    if (path && (how === HostPathSharing.LOCK || how === HostPathSharing.APPEND)) { out.set(normalizeNodePath(path), how); }
  }
  return out;
}
