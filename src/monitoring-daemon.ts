import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { MonitorOptions, monitorObject, monitorProblem } from './expose/monitors';
import { DaemonProblem, NodeDaemon, NodeDaemonOptions } from './node-daemon';
import { NODE_EXPORTER_COLLECTORS, NODE_EXPORTER_VERSION } from './node-exporter-collectors';
import { DaemonContainerProps } from './pod/container';
import { Probe } from './pod/probe';
import { HostPathMount } from './pod/volumes';
import { UpdateStrategy } from './rollout/update-strategy';
import { NodeSelectorRequirement, NodeSelectorTerm } from './scheduling/node-affinity';
import { Toleration } from './scheduling/toleration';
import { propError, valueError } from './util/errors';
import { ipAddressProblem } from './util/names';
import { checkProps } from './util/props';

/** node-exporter's image: the version kube-prometheus runs for Kubernetes 1.27 (release-0.13). */
const NODE_EXPORTER_IMAGE = `quay.io/prometheus/node-exporter:v${NODE_EXPORTER_VERSION}`;
/** kube-rbac-proxy's image, as kube-prometheus release-0.13 pins it. */
const KUBE_RBAC_PROXY_IMAGE = 'quay.io/brancz/kube-rbac-proxy:v0.14.2';
/** The TLS cipher suites kube-prometheus gives kube-rbac-proxy (TLS 1.2 ECDHE with AEAD only). */
const TLS_CIPHER_SUITES = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
];
/** Collectors kube-prometheus turns off: wifi (no radios on servers), hwmon (slow, noisy on some hosts), btrfs. */
const DEFAULT_DISABLED_COLLECTORS = ['wifi', 'hwmon', 'btrfs'];
/** Flags the preset writes from its props; giving them in extraArgs too would make two answers. */
const MANAGED_FLAGS: { [flag: string]: string } = {
  '--web.listen-address': 'listenAddress',
  '--web.telemetry-path': 'metricsPath',
  '--path.procfs': 'mountProc',
  '--path.sysfs': 'mountSys',
  '--path.rootfs': 'mountRoot',
  '--path.udev.data': 'mountRoot',
  '--collector.textfile.directory': 'textfileCollector',
  '--collector.filesystem.mount-points-exclude': 'mountPointsExclude',
  '--collector.netclass.ignored-devices': 'networkDevicesExclude',
  '--collector.netdev.device-exclude': 'networkDevicesExclude',
};

/**
 * Mount points the filesystem collector skips by default: node-exporter's own defaults (the kernel's
 * pseudo filesystems, /run, removable media, docker's and podman's storage), plus what the kubelet
 * and the container runtimes mount for every pod and container (each pod volume under
 * /var/lib/kubelet/pods, CSI staging under /var/lib/kubelet/plugins, containerd's and CRI-O's
 * rootfs mounts, k3s' containerd): without them, one series per pod volume and container, churning
 * with every pod. Matched against the mount point as the node sees it (node-exporter strips
 * `--path.rootfs`).
 */
export const DEFAULT_MOUNT_POINTS_EXCLUDE = '^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+'
  + '|var/lib/kubelet/pods/.+|var/lib/kubelet/plugins/.+|var/lib/containerd/.+|run/containerd/.+|run/k3s/containerd/.+)($|/)';

/**
 * Network interfaces the netclass and netdev collectors skip by default: the host side of each pod's
 * veth pair, whatever the CNI names it (`veth*` for bridge, flannel and kindnet; `cali*` Calico;
 * `lxc*` Cilium; `eni*` the AWS VPC CNI; `gke*` GKE; `azv*` Azure CNI; 15 hex digits OVN-Kubernetes
 * and Antrea): one set of series per pod otherwise, churning with every pod. Node interfaces (eth*,
 * ens*, bonds, the CNI's bridge and tunnel) stay.
 */
export const DEFAULT_NETWORK_DEVICES_EXCLUDE = '^(veth.*|cali.*|lxc.*|eni.*|gke.*|azv.*|[a-f0-9]{15})$';
const COLLECTOR_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Why `re` is not a regular expression Go's regexp (RE2) compiles, or undefined: JavaScript's parser
 * for the syntax both share, and the constructs RE2 lacks (lookaround, backreferences).
 */
export function goRegexpProblem(re: string): string | undefined {
  try {
    new RegExp(re);
  } catch (e) {
    return `is not a regular expression (${(e as Error).message.replace('Invalid regular expression: ', '')})`;
  }
  if (/\(\?<?[=!]/.test(re)) { return 'uses lookaround, which Go\'s regular expressions (RE2) do not have'; }
  if (/\\[1-9]/.test(re)) { return 'uses a backreference, which Go\'s regular expressions (RE2) do not have'; }
  return undefined;
}

/**
 * The address the exporter listens on (its `--web.listen-address` host part).
 */
export class ListenAddress {
  /**
   * The node's internal IP (`status.hostIP`, from the downward API): with hostNetwork, the metrics
   * are served on the node's cluster address only, not on every interface (public ones included).
   */
  public static nodeIp(): ListenAddress {
    return new ListenAddress('[$(HOST_IP)]', true);
  }

  /** Loopback only: for a proxy in the same pod (kube-rbac-proxy) that serves the metrics outside. */
  public static loopback(): ListenAddress {
    return new ListenAddress('127.0.0.1', false);
  }

  /**
   * Every interface (`:port`). Safe without hostNetwork (the pod's own network namespace); with
   * hostNetwork it serves the metrics on every address of the node, public ones included.
   */
  public static allInterfaces(): ListenAddress {
    return new ListenAddress('', false);
  }

  /** A given IP address. */
  public static ip(address: string): ListenAddress {
    const v6 = address?.includes?.(':');
    const problem = typeof address === 'string' ? ipAddressProblem(address) : 'is not a string';
    if (problem) {
      throw valueError('ListenAddress.ip', 'address', address, problem, 'give an IP such as \'10.0.0.5\', or use ListenAddress.nodeIp()');
    }
    return new ListenAddress(v6 ? `[${address}]` : address, false);
  }

  /** The host part of `--web.listen-address` (empty for every interface). */
  public readonly host: string;
  /** Whether it needs the `HOST_IP` env var from the downward API. */
  public readonly needsHostIp: boolean;

  private constructor(host: string, needsHostIp: boolean) {
    this.host = host;
    this.needsHostIp = needsHostIp;
  }
}

/**
 * The textfile collector: node-exporter publishes the metrics that `*.prom` files in a directory hold
 * (written by cron jobs on the host, or by a sidecar).
 * @see https://github.com/prometheus/node_exporter#textfile-collector
 */
export class TextfileCollector {
  /** Files in a directory of the node, mounted read-only at `/host/textfile`. */
  public static hostDirectory(path: string): TextfileCollector {
    return new TextfileCollector(path, undefined);
  }

  /**
   * Files a sidecar writes into a shared emptyDir (`textfile`), mounted writable at `/textfile` in the
   * sidecar and read-only at the same path in the exporter.
   */
  public static sidecar(container: DaemonContainerProps): TextfileCollector {
    return new TextfileCollector(undefined, container);
  }

  /** The node directory, for `hostDirectory`. */
  public readonly hostPath?: string;
  /** The sidecar writing the files, for `sidecar`. */
  public readonly writer?: DaemonContainerProps;

  private constructor(hostPath: string | undefined, writer: DaemonContainerProps | undefined) {
    this.hostPath = hostPath;
    this.writer = writer;
  }

  /** Where the exporter reads the files. */
  public get directory(): string {
    return this.hostPath !== undefined ? '/host/textfile' : '/textfile';
  }
}

/**
 * Props of a `MonitoringDaemon`: every `NodeDaemonOptions` prop (each default below can be changed
 * there), and the exporter's own.
 */
export interface MonitoringDaemonProps extends NodeDaemonOptions {
  /**
   * The exporter image. Any exporter works through props alone (give its `port`, `extraArgs`, and
   * turn off the node-exporter flags with `mountProc: false` etc. and `disabledCollectors: []`).
   * @default 'quay.io/prometheus/node-exporter:v1.6.1'
   */
  readonly image?: string;

  /**
   * Write node-exporter's flags: `--web.listen-address`, `--web.telemetry-path`, `--path.*`, the
   * collectors and the textfile directory. Turn off for another exporter (GPU, process, custom) and
   * give its own flags in `extraArgs`; `$(HOST_IP)` (the node IP) stays available to them.
   * @default true
   */
  readonly nodeExporterArgs?: boolean;

  /**
   * The port the metrics are served on (named `metrics`, or `https` behind kube-rbac-proxy).
   * @default 9100
   */
  readonly port?: number;

  /**
   * Where the exporter listens.
   * @default - ListenAddress.nodeIp() with hostNetwork, ListenAddress.allInterfaces() without; ListenAddress.loopback() behind kube-rbac-proxy
   */
  readonly listenAddress?: ListenAddress;

  /**
   * The path the metrics are served on (`--web.telemetry-path`).
   * @default '/metrics'
   */
  readonly metricsPath?: string;

  /**
   * Mount the node's `/proc` read-only at `/host/proc`, with HostToContainer propagation (and `--path.procfs=/host/proc`).
   * @default true
   */
  readonly mountProc?: boolean;

  /**
   * Mount the node's `/sys` read-only at `/host/sys`, with HostToContainer propagation (and `--path.sysfs=/host/sys`).
   * @default true
   */
  readonly mountSys?: boolean;

  /**
   * Mount the node's `/` read-only at `/host/root`, HostToContainer propagation, for filesystem
   * metrics (with `--path.rootfs=/host/root`).
   * @default true
   */
  readonly mountRoot?: boolean;

  /**
   * Mount points the filesystem collector skips (`--collector.filesystem.mount-points-exclude`, a
   * Go regular expression matched against the mount point as the node sees it). Give `''` to write
   * no flag (node-exporter's own default then applies).
   * @default - node-exporter's defaults plus the kubelet's pod volumes and CSI mounts and the container runtimes' dirs (see the README)
   */
  readonly mountPointsExclude?: string;

  /**
   * Network interfaces the netclass and netdev collectors skip (`--collector.netclass.ignored-devices`
   * and `--collector.netdev.device-exclude`, a Go regular expression). Give `''` to write neither flag.
   * @default - the host side of every pod's veth pair, for the common CNIs (see the README)
   */
  readonly networkDevicesExclude?: string;

  /**
   * Collectors to turn on besides node-exporter's defaults (`--collector.<name>`), e.g. `systemd`, `processes`.
   * @see https://github.com/prometheus/node_exporter#collectors
   * @default - none
   */
  readonly collectors?: string[];

  /**
   * Collectors to turn off (`--no-collector.<name>`).
   * @default ['wifi', 'hwmon', 'btrfs'] - as kube-prometheus
   */
  readonly disabledCollectors?: string[];

  /**
   * More arguments for the exporter, after the ones the props write. Flags the props own
   * (`--web.listen-address`, `--web.telemetry-path`, `--path.*`, `--collector.textfile.directory`)
   * are an error here.
   * @default - none
   */
  readonly extraArgs?: string[];

  /**
   * The textfile collector's directory (on the host, or shared with a sidecar that writes it).
   * @default - none (the textfile collector finds no directory)
   */
  readonly textfileCollector?: TextfileCollector;

  /**
   * Put kube-rbac-proxy in front (kube-prometheus' layout): the exporter on 127.0.0.1, the proxy on
   * the node IP and the metrics port with TLS, letting in only scrapers whose token may
   * `get nodes/metrics`; a ClusterRole for tokenreviews and subjectaccessreviews only.
   * @see https://github.com/brancz/kube-rbac-proxy
   * @default false
   */
  readonly kubeRbacProxy?: boolean;

  /**
   * kube-rbac-proxy's image.
   * @default 'quay.io/brancz/kube-rbac-proxy:v0.14.2'
   */
  readonly kubeRbacProxyImage?: string;

  /**
   * A headless Service on the metrics port (child `HeadlessService`, named like the daemon), as
   * kube-prometheus has, for Prometheus' endpoints discovery and a ServiceMonitor.
   * @default true
   */
  readonly service?: boolean;

  /**
   * `prometheus.io/scrape`, `port`, `path` and `scheme` annotations on the Service, for Prometheus
   * configurations that discover targets by annotation.
   * @default false
   */
  readonly scrapeAnnotations?: boolean;

  /**
   * A Prometheus Operator ServiceMonitor (child `ServiceMonitor`, monitoring.coreos.com/v1) for the
   * headless Service, emitted whenever set: there is no cluster capability check, so rendering for
   * GitOps never drops it. Its relabeling sets `instance` to the node name.
   * @default - none
   */
  readonly serviceMonitor?: MonitorOptions;

  /**
   * A Prometheus Operator PodMonitor (child `PodMonitor`) selecting the pods directly.
   * @default - none
   */
  readonly podMonitor?: MonitorOptions;

  /**
   * Only these peers may reach the metrics port: a NetworkPolicy (child `NetworkPolicy`). Network
   * policies do not apply to hostNetwork pods, so this needs `hostNetwork: false`; a hostNetwork
   * exporter is protected by listening on the node IP only, by kube-rbac-proxy, and by the node's
   * firewall.
   * @default - no NetworkPolicy
   */
  readonly allowedScrapers?: kplus.INetworkPolicyPeer[];
}

/**
 * Prometheus node-exporter (or another exporter) on every node: what kube-prometheus runs, in one line,
 * with the traps of the charts closed. Host network and PID, read-only `/proc`, `/sys` and `/` mounts
 * with the matching `--path.*` flags, port 9100 named `metrics` on the node's internal IP only,
 * non-root 65534 with a read-only root filesystem, Linux nodes only and never Fargate or
 * virtual-kubelet nodes, every taint tolerated (control plane and NoExecute included),
 * `system-cluster-critical` priority, a rolling update that frees the host port before the new pod
 * starts, and a headless Service. kube-rbac-proxy, a ServiceMonitor or PodMonitor and a NetworkPolicy
 * are one prop each.
 *
 * Children: those of NodeDaemon, plus `ServiceMonitor` and `PodMonitor` when asked for.
 */
export class MonitoringDaemon extends NodeDaemon {
  /** The port the metrics are served on. */
  public readonly metricsPort: number;
  /** The name of that port (`metrics`, or `https` behind kube-rbac-proxy). */
  public readonly metricsPortName: string;
  /** The path the metrics are served on. */
  public readonly metricsPath: string;
  /** The ServiceMonitor, if asked for. */
  public readonly serviceMonitor?: ApiObject;
  /** The PodMonitor, if asked for. */
  public readonly podMonitor?: ApiObject;
  private readonly collectorsOn: string[];
  private readonly collectorsOff: string[];

  constructor(scope: Construct, id: string, props: MonitoringDaemonProps = {}) {
    checkProps(`${scope.node.path}/${id}`, 'MonitoringDaemonProps', props, [], new.target === MonitoringDaemon);
    const port = props.port ?? 9100;
    checkBeforeCore(`${scope.node.path}/${id}`, props, port);
    const hostNetwork = props.hostNetwork ?? true;
    const proxy = props.kubeRbacProxy ?? false;
    const listen = proxy ? ListenAddress.loopback() : (props.listenAddress ?? (hostNetwork ? ListenAddress.nodeIp() : ListenAddress.allInterfaces()));
    const mounts: HostPathMount[] = [
      ...(props.mountProc ?? true ? [{ name: 'proc', path: '/proc', mountPath: '/host/proc', propagation: kplus.MountPropagation.HOST_TO_CONTAINER }] : []),
      ...(props.mountSys ?? true ? [{ name: 'sys', path: '/sys', mountPath: '/host/sys', propagation: kplus.MountPropagation.HOST_TO_CONTAINER }] : []),
      ...(props.mountRoot ?? true ? [{ name: 'root', path: '/', mountPath: '/host/root', propagation: kplus.MountPropagation.HOST_TO_CONTAINER }] : []),
      ...(props.textfileCollector?.hostPath !== undefined ? [{ name: 'textfile', path: props.textfileCollector.hostPath, mountPath: '/host/textfile' }] : []),
      ...(props.hostPathMounts ?? []),
    ];
    const metricsPath = props.metricsPath ?? '/metrics';
    const portName = proxy ? 'https' : 'metrics';
    const name = props.name ?? 'node-exporter';
    // node-exporter's landing page '/' is cheap (the metrics page collects everything); the kubelet
    // reaches it on the pod IP, which is the node IP with hostNetwork. Another exporter brings its own.
    const probed = (props.nodeExporterArgs ?? true) && !proxy && listen.host !== '127.0.0.1';
    // The exporter's flags, or another exporter's own (nodeExporterArgs: false), may name the node IP.
    const needsHostIp = listen.needsHostIp || (props.nodeExporterArgs === false && hostNetwork);
    super(scope, id, {
      component: 'exporter',
      partOf: 'monitoring',
      hostPID: true,
      tolerations: [Toleration.everything()],
      nodeAffinity: {
        required: [NodeSelectorTerm.of(
          NodeSelectorRequirement.linuxOnly(), NodeSelectorRequirement.notFargate(), NodeSelectorRequirement.notVirtualKubelet(),
        )],
      },
      priorityClassName: 'system-cluster-critical',
      readinessProbe: probed ? Probe.httpGet('/', { port }) : undefined,
      livenessProbe: probed ? Probe.httpGet('/', { port, periodSeconds: 30, timeoutSeconds: 5 }) : undefined,
      updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
      ...props,
      name,
      podAnnotations: { 'kubectl.kubernetes.io/default-container': props.containerName ?? name.replace(/\./g, '-'), ...(props.podAnnotations ?? {}) },
      image: props.image ?? NODE_EXPORTER_IMAGE,
      hostNetwork,
      hostPathMounts: mounts,
      ports: proxy ? props.ports : [{ name: portName, number: port }, ...(props.ports ?? [])],
      env: {
        ...(needsHostIp ? { HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) } : {}),
        ...(props.env ?? {}),
      },
      args: undefined,
    });
    // All or nothing: a preset whose own part throws leaves nothing in the tree.
    try {
      this.metricsPort = port;
      this.metricsPortName = portName;
      this.metricsPath = metricsPath;
      this.collectorsOn = [...(props.collectors ?? [])];
      this.collectorsOff = [...(props.disabledCollectors ?? DEFAULT_DISABLED_COLLECTORS)];
      this.checkProps(props, hostNetwork, proxy);

      const flags = props.nodeExporterArgs ?? true;
      this.container.addArgs(...(flags ? this.nodeExporterFlags(props, listen) : []), ...(props.extraArgs ?? []));
      const writer = props.textfileCollector?.writer;

      if (writer) {
        this.addEmptyDir({ name: 'textfile' });
        this.container.addVolumeMount({ volume: 'textfile', mountPath: '/textfile', readOnly: true });
        this.addContainer({ ...writer, volumeMounts: [{ volume: 'textfile', mountPath: '/textfile' }, ...(writer.volumeMounts ?? [])] });
      }
      if (proxy) { this.addKubeRbacProxy(props.kubeRbacProxyImage ?? KUBE_RBAC_PROXY_IMAGE, port); }

      if (props.service ?? true) {
        this.exposeViaHeadlessService({
          name: this.name,
          ports: [portName],
          annotations: props.scrapeAnnotations ? {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(port),
            'prometheus.io/path': metricsPath,
            'prometheus.io/scheme': proxy ? 'https' : 'http',
          } : undefined,
        });
      }
      if (props.serviceMonitor) { this.serviceMonitor = this.monitor('ServiceMonitor', props.serviceMonitor, proxy); }
      if (props.podMonitor) { this.podMonitor = this.monitor('PodMonitor', props.podMonitor, proxy); }
      if (props.allowedScrapers) { this.restrictIngress({ peers: props.allowedScrapers, ports: [portName] }); }
    } catch (e) {
      scope.node.tryRemoveChild(this.node.id);
      throw e;
    }
  }

  protected validateDaemon(): DaemonProblem[] {
    const out = [...super.validateDaemon()];
    const args = this.container.args;
    const seen = new Map<string, number>();
    args.forEach((arg, i) => {
      const flag = arg.split('=')[0];
      const prior = seen.get(flag);
      if (MANAGED_FLAGS[flag] !== undefined && prior !== undefined) {
        out.push({ prop: 'extraArgs', value: arg, problem: `sets ${flag} again (argument ${prior + 1} already sets it from the '${MANAGED_FLAGS[flag]}' prop), and the exporter would take only one`, fix: `set it with the '${MANAGED_FLAGS[flag]}' prop` });
      }
      seen.set(flag, i);
    });
    return out;
  }

  /** The node-exporter flags the props stand for. */
  private nodeExporterFlags(props: MonitoringDaemonProps, listen: ListenAddress): string[] {
    const mountPoints = props.mountPointsExclude ?? DEFAULT_MOUNT_POINTS_EXCLUDE;
    const devices = props.networkDevicesExclude ?? DEFAULT_NETWORK_DEVICES_EXCLUDE;
    return [
      `--web.listen-address=${listen.host}:${this.metricsPort}`,
      ...(this.metricsPath !== '/metrics' ? [`--web.telemetry-path=${this.metricsPath}`] : []),
      ...(props.mountProc ?? true ? ['--path.procfs=/host/proc'] : []),
      ...(props.mountSys ?? true ? ['--path.sysfs=/host/sys'] : []),
      ...(props.mountRoot ?? true ? ['--path.rootfs=/host/root'] : []),
      // udev's device database, for the diskstats collector's device properties: under the root mount
      ...(props.mountRoot ?? true ? ['--path.udev.data=/host/root/run/udev/data'] : []),
      ...this.collectorsOn.map(c => `--collector.${c}`),
      ...this.collectorsOff.map(c => `--no-collector.${c}`),
      ...(props.textfileCollector ? [`--collector.textfile.directory=${props.textfileCollector.directory}`] : []),
      ...(mountPoints ? [`--collector.filesystem.mount-points-exclude=${mountPoints}`] : []),
      ...(devices ? [`--collector.netclass.ignored-devices=${devices}`, `--collector.netdev.device-exclude=${devices}`] : []),
    ];
  }

  private checkProps(props: MonitoringDaemonProps, hostNetwork: boolean, proxy: boolean): void {
    for (const prop of ['mountPointsExclude', 'networkDevicesExclude'] as const) {
      const re = props[prop];
      const problem = re ? goRegexpProblem(re) : undefined;
      if (problem) { throw propError(this, prop, re, `${problem}: node-exporter would exit at start on every node`, 'give a Go (RE2) regular expression, e.g. \'^(veth.*)$\''); }
    }
    if (!this.metricsPath.startsWith('/')) {
      throw propError(this, 'metricsPath', this.metricsPath, 'must start with \'/\'', 'write it as a URL path, e.g. \'/metrics\'');
    }
    if (proxy && props.listenAddress) {
      throw propError(this, 'listenAddress', props.listenAddress.host, 'cannot be chosen behind kube-rbac-proxy: the exporter listens on 127.0.0.1 and the proxy on the node IP', 'drop listenAddress, or kubeRbacProxy');
    }
    if (!proxy && props.kubeRbacProxyImage !== undefined) {
      throw propError(this, 'kubeRbacProxyImage', props.kubeRbacProxyImage, 'has no effect without kubeRbacProxy: true', 'set kubeRbacProxy: true, or drop the image');
    }
    for (const [prop, list] of [['collectors', this.collectorsOn], ['disabledCollectors', this.collectorsOff]] as const) {
      list.forEach((c, i) => {
        if (!COLLECTOR_NAME.test(c)) {
          throw propError(this, `${prop}[${i}]`, c, 'is not a collector name (lowercase letters, digits and \'_\')', 'give the name as node-exporter lists it, e.g. \'systemd\' (no --collector. prefix)');
        }
        // With the image the preset pins, the collectors are known: an unknown one crash-loops node-exporter.
        const pinned = (props.nodeExporterArgs ?? true) && this.container.image === NODE_EXPORTER_IMAGE;
        if (pinned && COLLECTOR_NAME.test(c) && !NODE_EXPORTER_COLLECTORS.includes(c)) {
          const near = NODE_EXPORTER_COLLECTORS.filter(k => k.startsWith(c.slice(0, 3)));
          throw propError(this, `${prop}[${i}]`, c, `is not a collector of node-exporter v${NODE_EXPORTER_VERSION}, which would exit at start ('unknown long flag') on every node`,
            `use one of its collectors${near.length ? ` (${near.map(k => `'${k}'`).join(', ')}?)` : ''}; with another node-exporter version, set image to it`);
        }
      });
    }
    const both = this.collectorsOn.find(c => this.collectorsOff.includes(c));
    if (both) {
      throw propError(this, 'collectors', both, 'is also in disabledCollectors', 'list each collector in one of the two');
    }
    const flags = props.nodeExporterArgs ?? true;
    if (!flags) {
      for (const prop of ['collectors', 'disabledCollectors', 'textfileCollector', 'metricsPath'] as const) {
        if (props[prop] !== undefined) {
          throw propError(this, prop, prop === 'textfileCollector' ? props.textfileCollector?.directory : props[prop], 'is a node-exporter flag, and nodeExporterArgs is false', 'give the exporter\'s own flags in extraArgs');
        }
      }
    }
    // With nodeExporterArgs: false, extraArgs are the exporter's own flags: nothing to compare them with.
    if (flags) {
      props.extraArgs?.forEach((arg, i) => {
        const flag = arg.split('=')[0];
        if (MANAGED_FLAGS[flag] !== undefined) {
          throw propError(this, `extraArgs[${i}]`, arg, `sets ${flag}, which the '${MANAGED_FLAGS[flag]}' prop writes`, `set it with the '${MANAGED_FLAGS[flag]}' prop`);
        }
        const collector = /^--(no-)?collector\.([a-z0-9_]+)$/.exec(arg);
        if (collector) {
          throw propError(this, `extraArgs[${i}]`, arg, 'turns a collector on or off', `list '${collector[2]}' in ${collector[1] ? 'disabledCollectors' : 'collectors'}`);
        }
      });
    }
    if (props.args !== undefined) {
      throw propError(this, 'args', props.args, 'would replace the flags the preset writes from its props', 'use extraArgs for more flags');
    }
    if (props.allowedScrapers && hostNetwork) {
      throw propError(this, 'allowedScrapers', props.allowedScrapers.length, 'cannot protect a hostNetwork exporter: network policies do not apply to pods on the host network, so the policy would silently allow everything',
        'keep the defaults that do protect it (listening on the node IP only), add kubeRbacProxy: true and node firewall rules, or set hostNetwork: false');
    }
    for (const [prop, monitor] of [['serviceMonitor', props.serviceMonitor], ['podMonitor', props.podMonitor]] as const) {
      if (!monitor) { continue; }
      const interval = monitor.interval ?? '30s';
      const problem = monitorProblem(monitor);
      if (problem) { throw propError(this, `${prop}.${problem[0]}`, problem[1], problem[2], problem[3]); }
      if (prop === 'podMonitor' && proxy) {
        throw propError(this, 'podMonitor', interval, 'cannot pass Prometheus\' own ServiceAccount token to kube-rbac-proxy (a PodMonitor has no bearerTokenFile)', 'use serviceMonitor with kubeRbacProxy');
      }
      if (prop === 'serviceMonitor' && !(props.service ?? true)) {
        throw propError(this, 'serviceMonitor', interval, 'needs the headless Service, which service: false turns off', 'keep service, or use podMonitor');
      }
    }
  }

  private addKubeRbacProxy(image: string, port: number): void {
    this.addContainer({
      name: 'kube-rbac-proxy',
      image,
      args: [
        `--secure-listen-address=[$(HOST_IP)]:${port}`,
        `--tls-cipher-suites=${TLS_CIPHER_SUITES.join(',')}`,
        `--upstream=http://127.0.0.1:${port}/`,
      ],
      env: { HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) },
      ports: [{ name: 'https', number: port }],
      readinessProbe: Probe.tcpSocket({ port }),
      resources: { cpuRequest: '10m', memoryRequest: '20Mi', memoryLimit: '40Mi' },
      securityContext: { runAsUser: 65532, runAsGroup: 65532 },
    });
    this.grantApiAccess({
      resources: [
        kplus.ApiResource.custom({ apiGroup: 'authentication.k8s.io', resourceType: 'tokenreviews' }),
        kplus.ApiResource.custom({ apiGroup: 'authorization.k8s.io', resourceType: 'subjectaccessreviews' }),
      ],
      verbs: ['create'],
    });
  }

  private monitor(kind: 'ServiceMonitor' | 'PodMonitor', options: MonitorOptions, proxy: boolean): ApiObject {
    const endpoint = { port: this.metricsPortName, path: this.metricsPath, scheme: proxy ? 'https' as const : 'http' as const, bearerToken: proxy };
    return monitorObject(this, kind, this.metadataFor(this.name), this.selectorLabels, endpoint, options);
  }
}

/**
 * The props the core would otherwise report under its own names (a container port, a host path
 * mount), checked first so the message names the preset's prop. `path` is the daemon's construct path.
 */
function checkBeforeCore(path: string, props: MonitoringDaemonProps, port: number): void {
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    throw valueError(path, 'port', port, 'must be an integer from 1 to 65535', 'give the exporter\'s port, e.g. 9100');
  }
  const textfile = props.textfileCollector?.hostPath;
  if (textfile !== undefined && (!textfile.startsWith('/') || textfile.split('/').includes('..'))) {
    throw valueError(path, 'textfileCollector', textfile, 'must be an absolute node path without \'..\'', 'give the directory on the node, e.g. \'/var/lib/node-exporter/textfile\'');
  }
}
