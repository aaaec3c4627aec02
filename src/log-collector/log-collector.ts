import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { CollectorConfig, ContainerLogFormat, ContainerRuntime, formatOf, KubernetesMetadata, MultilineLanguage, RenderedConfig } from './log-config';
import { LogEngine, LogEngineType } from './log-engine';
import { LogOutput, LogOutputType } from './log-output';
import { LogParser } from './log-parser';
import { OTEL_OUTPUTS } from './otel-collector';
import { MonitorOptions, monitorObject, monitorProblem } from '../expose/monitors';
import { InternalTrafficPolicy } from '../expose/service-options';
import { NodeDaemon, NodeDaemonOptions } from '../node-daemon';
import { Probe } from '../pod/probe';
import { DaemonResources } from '../pod/resources';
import { HostPathMount } from '../pod/volumes';
import { Toleration } from '../scheduling/toleration';
import { propError, valueError } from '../util/errors';
import { DAEMON_NAMESPACE_MARK } from '../util/marks';
import { checkProps } from '../util/props';
import { parseQuantity } from '../util/quantity';

/** The Kubernetes docs' fluentd example: 100m CPU, 200Mi memory requested and as the limit. */
const DEFAULT_RESOURCES: DaemonResources = { cpuRequest: '100m', memoryRequest: '200Mi', memoryLimit: '200Mi' };
const MIB = 1024 * 1024;
/** The smallest buffer: one Fluent Bit chunk. */
const MIN_BUFFER = 2 * MIB;

/**
 * Props of a `LogCollector`: every `NodeDaemonOptions` prop (each default below can be changed
 * there), and the collector's configuration, rendered into a ConfigMap for the chosen engine.
 */
export interface LogCollectorProps extends NodeDaemonOptions {
  /**
   * The engine: Fluent Bit or Fluentd.
   * @default LogEngine.fluentBit()
   */
  readonly engine?: LogEngine;

  /**
   * The image, over the engine's (`fluent/fluent-bit:2.1.8`, or the fluent/fluentd-kubernetes-daemonset
   * image carrying the outputs' plugins).
   * @default - the engine's image
   */
  readonly image?: string;

  /**
   * The nodes' container runtime: it decides the log paths, the host mounts and the parser together.
   * @default ContainerRuntime.CONTAINERD
   */
  readonly runtime?: ContainerRuntime;

  /**
   * The format of container log lines. Only to state it: a format the runtime does not write is an
   * error (the classic trap: the Docker json parser on containerd nodes parses nothing).
   * @default - the runtime's: CRI for containerd and CRI-O, Docker JSON for Docker
   */
  readonly containerLogFormat?: ContainerLogFormat;

  /**
   * Join the lines of stack traces of these languages into one record.
   * @default [JAVA, PYTHON, GO]
   */
  readonly multiline?: MultilineLanguage[];

  /**
   * Also read the node's systemd journal (kubelet, container runtime), mounted read-only from /var/log/journal.
   * @default false
   */
  readonly systemdJournal?: boolean;

  /**
   * Enrich records with Kubernetes metadata (namespace, pod, labels), from the API server or the
   * kubelet. The RBAC follows: pods and namespaces get/list/watch, plus nodes/proxy for the kubelet;
   * NONE has no RBAC and no API token.
   * @default KubernetesMetadata.API_SERVER
   */
  readonly kubernetesMetadata?: KubernetesMetadata;

  /**
   * Where the logs go. Credentials only from Secrets (`LogSecret.fromSecret`).
   * @default [LogOutput.stdout()] - the collector's own stdout, to try a configuration out
   */
  readonly outputs?: LogOutput[];

  /**
   * The collector's own host directory (writable, DirectoryOrCreate) for its position databases and
   * buffers, so a restarted pod resumes where it stopped: no loss, no duplicates. Unique per
   * collector; two collectors writing one directory are an error.
   * @default '/var/lib/<engine>/<namespace>-<name>'
   */
  readonly stateDirectory?: string;

  /**
   * Keep file positions in the state directory. Without them a restarted pod starts again at the end
   * of every file (losing what was written meanwhile).
   * @default true
   */
  readonly positionDatabase?: boolean;

  /**
   * Read files from their beginning when first seen (not only new lines). Needs the position
   * database, or every restart would read everything again.
   * @default false
   */
  readonly readFromHead?: boolean;

  /**
   * Memory the buffers may use (a quantity). At most half of the container's memory limit: the rest
   * is the margin for parsing, the metadata cache and output batches.
   * @default - a quarter of the memory limit (50Mi of the default 200Mi)
   */
  readonly bufferMemory?: string;

  /**
   * Raw configuration appended to the generated file, for what the typed model lacks (a Lua filter,
   * a rewrite_tag). An escape hatch: it is not checked, and it may break what the rest promises.
   * @default - none
   */
  readonly extraConfig?: string;

  /**
   * Parsers of your own, which pods choose with the annotation `fluentbit.io/parser: <name>`
   * (Fluent Bit's `K8S-Logging.Parser`), written to `custom-parsers.conf` next to `fluent-bit.conf`;
   * the image's own `parsers.conf` stays in use too. Fluent Bit only.
   * @default - the image's parsers only
   */
  readonly parsers?: LogParser[];

  /**
   * A Service on the metrics port (child `Service`), node-local (`internalTrafficPolicy: Local`):
   * Fluent Bit's HTTP server (2020) or Fluentd's monitor_agent (24220).
   * @default true
   */
  readonly metricsService?: boolean;

  /**
   * A Prometheus Operator ServiceMonitor (child `ServiceMonitor`) for the metrics Service (Fluent Bit
   * only: Fluentd's monitor_agent serves JSON, not Prometheus).
   * @default - none
   */
  readonly serviceMonitor?: MonitorOptions;
}

/**
 * A log collector on every node: Fluent Bit (default) or Fluentd reading every container's logs
 * (the runtime decides paths, mounts and parser together), joining stack traces, enriching with
 * Kubernetes metadata, and shipping to Elasticsearch, OpenSearch, Loki, a forward aggregator, HTTP
 * or stdout. Its configuration is a ConfigMap whose checksum rolls the pods; credentials come only
 * from Secrets; positions and buffers live in a host directory of its own, so restarts lose and
 * repeat nothing; buffers fit a memory budget; RBAC follows the enrichment. It runs on every node,
 * control plane included, as root (container log files are readable by root only) with every
 * capability dropped and a read-only root filesystem, and with `system-node-critical` priority.
 *
 * Children: those of NodeDaemon, plus `Config` (the ConfigMap) and `ServiceMonitor` when asked for.
 */
export class LogCollector extends NodeDaemon {
  /** The engine. */
  public readonly engine: LogEngine;
  /** The ConfigMap holding the configuration. */
  public readonly config: kplus.ConfigMap;
  /** The configuration files, as written into the ConfigMap. */
  public readonly configFiles: { [name: string]: string };
  /** The host directory of positions and buffers. */
  public readonly stateDirectory: string;
  /** The ServiceMonitor, if asked for. */
  public readonly serviceMonitor?: ApiObject;

  constructor(scope: Construct, id: string, props: LogCollectorProps = {}) {
    checkProps(`${scope.node.path}/${id}`, 'LogCollectorProps', props, [], new.target === LogCollector);
    const path = `${scope.node.path}/${id}`;
    const engine = props.engine ?? LogEngine.fluentBit();
    const outputs = props.outputs ?? [LogOutput.stdout()];
    const runtime = props.runtime ?? ContainerRuntime.CONTAINERD;
    const name = props.name ?? engine.type;
    const stateDirectory = props.stateDirectory ?? `/var/lib/${engine.type}/${namespaceOf(scope, props.namespace) ?? 'default'}-${name}`;
    const image = props.image ?? engine._imageFor(outputs.map(o => o.type));
    checkBeforeCore(path, props, engine, outputs, runtime, image, stateDirectory);
    const metadata = props.kubernetesMetadata ?? KubernetesMetadata.API_SERVER;
    const mounts: HostPathMount[] = [
      { name: 'varlog', path: '/var/log' },
      ...(runtime === ContainerRuntime.DOCKER ? [{ name: 'varlibdockercontainers', path: '/var/lib/docker/containers' }] : []),
      { name: 'state', path: stateDirectory, readOnly: false, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE },
      ...(props.hostPathMounts ?? []),
    ];
    const secretEnv: { [name: string]: kplus.EnvValue } = {};
    const rendered = outputs.map((output, i) => {
      const env: { [role: string]: string } = {};
      for (const [role, secret] of Object.entries(output.secrets)) {
        const variable = `LOG_OUTPUT_${i}_${role.replace(/[A-Z]/g, c => `_${c}`).toUpperCase()}`;
        env[role] = variable;
        secretEnv[variable] = kplus.EnvValue.fromSecretValue({ secret: secret.secret, key: secret.key });
      }
      return { output, env };
    });
    const runtimeOfEngine = engine._runtime();
    // Probes on the HTTP endpoint the configuration always serves (Fluent Bit's HTTP server, Fluentd's monitor_agent).
    const healthPort = runtimeOfEngine.healthPort ?? engine.metricsPort;
    const probe = (endpoint: string) =>
      Probe.httpGet(endpoint, { port: healthPort, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
    super(scope, id, {
      component: 'log-collector',
      livenessProbe: probe(runtimeOfEngine.livenessPath),
      readinessProbe: probe(runtimeOfEngine.readinessPath),
      partOf: 'logging',
      tolerations: [Toleration.everything()],
      priorityClassName: 'system-node-critical',
      terminationGracePeriodSeconds: 30,
      ...props,
      name,
      image: image!,
      args: runtimeOfEngine.args.length ? [...runtimeOfEngine.args] : undefined,
      resources: { ...DEFAULT_RESOURCES, ...dropUndefined(props.resources ?? {}) },
      // Container log files are root:root 0640: reading them needs root, nothing more.
      securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, ...(props.securityContext ?? {}) },
      hostPathMounts: mounts,
      emptyDirs: [{ name: 'tmp', mountPath: '/tmp' }, ...(props.emptyDirs ?? [])],
      ports: [
        { name: 'metrics', number: engine.metricsPort },
        ...(runtimeOfEngine.healthPort !== undefined ? [{ name: 'health', number: runtimeOfEngine.healthPort }] : []),
        ...(props.ports ?? []),
      ],
      env: {
        NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
        ...(metadata === KubernetesMetadata.KUBELET ? { HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) } : {}),
        ...secretEnv,
        ...(props.env ?? {}),
      },
    });
    // All or nothing: a preset whose own part throws leaves nothing in the tree.
    try {
      this.engine = engine;
      this.stateDirectory = stateDirectory;

      // Stryker disable next-line StringLiteral: '' is no quantity, which `?? 0` makes 0 as '0' is
      const memoryLimit = parseQuantity(this.container._model.resources.memoryLimit ?? '0') ?? 0;
      // The OpenTelemetry Collector has no memory buffer (memory_limiter bounds it, its queue is on disk).
      const bufferBytes = engine.type === LogEngineType.OTEL_COLLECTOR
        ? this.checkOtelMemory(props, memoryLimit) : this.bufferBytes(props, memoryLimit);
      const ns = this.namespace;
      const config: CollectorConfig = {
        name: this.name,
        runtime,
        format: formatOf(runtime),
        containerLogs: '/var/log/containers/*.log',
        // The collector's own logs never feed back into it (a stdout output would loop).
        excludePaths: [`/var/log/containers/${this.daemonSetName}-*_${ns ?? '*'}_*.log`],
        ownPodLogs: `/var/log/pods/${ns ?? '*'}_${this.daemonSetName}-*_*/*/*.log`,
        multiline: props.multiline ?? [MultilineLanguage.JAVA, MultilineLanguage.PYTHON, MultilineLanguage.GO],
        journal: props.systemdJournal ?? false,
        metadata,
        outputs: rendered,
        stateDirectory,
        readFromHead: props.readFromHead ?? false,
        positions: props.positionDatabase ?? true,
        bufferBytes,
        metricsPort: engine.metricsPort,
        gracePeriodSeconds: this._pod.terminationGracePeriodSeconds,
        extraConfig: props.extraConfig,
        parsers: [...(props.parsers ?? [])],
      };
      const files: RenderedConfig = engine._render(config, memoryLimit);
      this.configFiles = files.files;
      this.config = new kplus.ConfigMap(this, 'Config', { metadata: this.metadataFor(`${this.name}-config`), data: files.files });
      this.addConfigMapVolume({ name: 'config', configMap: this.config, mountPath: files.mountPath });

      if (metadata !== KubernetesMetadata.NONE) {
        this.grantApiAccess({ resources: [kplus.ApiResource.PODS, kplus.ApiResource.NAMESPACES] });
        if (metadata === KubernetesMetadata.KUBELET) {
          this.grantApiAccess({ resources: [kplus.ApiResource.custom({ apiGroup: '', resourceType: 'nodes/proxy' })], verbs: ['get'] });
        }
      }
      if (props.metricsService ?? true) {
        this.exposeViaService({ ports: ['metrics'], internalTrafficPolicy: InternalTrafficPolicy.LOCAL });
      }
      if (props.serviceMonitor) {
        this.serviceMonitor = monitorObject(this, 'ServiceMonitor', this.metadataFor(this.name), this.selectorLabels,
          { port: 'metrics', path: files.prometheusPath!, scheme: 'http' }, props.serviceMonitor);
      }
    } catch (e) {
      scope.node.tryRemoveChild(this.node.id);
      throw e;
    }
  }

  /**
   * memory_limiter's limit (80% of the memory limit, whole MiB) must stay above its spike limit (a
   * quarter of it, at least 1 MiB), or the collector refuses its configuration ("'spike_limit_mib' must
   * be smaller than 'limit_mib'", which the conformance step checks): a memory limit of at least
   * 2.5 MiB. Returns 0, the buffer it has not.
   */
  private checkOtelMemory(props: LogCollectorProps, memoryLimit: number): number {
    const limitMib = Math.floor((memoryLimit * 0.8) / MIB);
    if (limitMib < 2) {
      throw propError(this, 'resources.memoryLimit', props.resources?.memoryLimit, `gives memory_limiter a limit of ${limitMib} MiB (80% of it), not above its spike limit of 1 MiB, so the collector refuses its configuration`,
        'raise resources.memoryLimit (the collector needs tens of MiB; the default is 200Mi)');
    }
    return 0;
  }

  private bufferBytes(props: LogCollectorProps, memoryLimit: number): number {
    const given = props.bufferMemory;
    const bytes = given === undefined ? Math.floor(memoryLimit / 4 / MIB) * MIB : parseQuantity(given);
    if (bytes === undefined || !Number.isFinite(bytes)) {
      throw propError(this, 'bufferMemory', given, 'is not a Kubernetes quantity', 'write a size such as \'50Mi\'');
    }
    const margin = memoryLimit / 2;
    if (bytes < MIN_BUFFER) {
      throw propError(this, 'bufferMemory', given ?? `${Math.round(bytes / MIB)}Mi`, `is below ${MIN_BUFFER / MIB}Mi, one buffer chunk`, 'raise bufferMemory, or the memory limit (resources.memoryLimit)');
    }
    if (bytes > memoryLimit - margin) {
      throw propError(this, 'bufferMemory', given, `leaves the process ${mib(memoryLimit - bytes)} of its ${mib(memoryLimit)} memory limit, less than the safe margin of half the limit (${mib(margin)}) for parsing, the metadata cache and output batches, so the pod would be OOM-killed under load and lose its memory buffer`,
        `keep bufferMemory at most ${Math.floor((memoryLimit - margin) / MIB)}Mi, or raise resources.memoryLimit`);
    }
    return Math.floor(bytes);
  }
}

/** The outputs each engine renders. */
const CLASSIC_OUTPUTS = [LogOutputType.ELASTICSEARCH, LogOutputType.OPENSEARCH, LogOutputType.LOKI, LogOutputType.FORWARD, LogOutputType.HTTP];
const ENGINE_OUTPUTS: { [engine: string]: LogOutputType[] } = {
  [LogEngineType.FLUENT_BIT]: [...CLASSIC_OUTPUTS, LogOutputType.OTLP_HTTP, LogOutputType.STDOUT],
  [LogEngineType.FLUENTD]: [...CLASSIC_OUTPUTS, LogOutputType.STDOUT],
  [LogEngineType.OTEL_COLLECTOR]: OTEL_OUTPUTS,
};

/** Checks the core would otherwise report under its own names, or that decide what the core is given. */
function checkBeforeCore(
  path: string, props: LogCollectorProps, engine: LogEngine, outputs: LogOutput[],
  runtime: ContainerRuntime, image: string | undefined, stateDirectory: string,
): void {
  const fail = (prop: string, value: unknown, problem: string, fix: string) => { throw valueError(path, prop, value, problem, fix); };
  if (!Object.values(ContainerRuntime).includes(runtime)) {
    fail('runtime', runtime, 'is not containerd, cri-o or docker', 'use a ContainerRuntime member');
  }
  const format = formatOf(runtime);
  if (props.containerLogFormat !== undefined && props.containerLogFormat !== format) {
    fail('containerLogFormat', props.containerLogFormat, `does not match runtime '${runtime}', which writes ${format === ContainerLogFormat.CRI ? 'CRI-format lines (`<time> <stream> <P|F> <message>`)' : 'Docker json-file lines'}: every line would fail to parse`,
      `leave containerLogFormat out (the runtime chooses it), or set runtime to the nodes' runtime (${format === ContainerLogFormat.CRI ? 'ContainerRuntime.DOCKER' : 'ContainerRuntime.CONTAINERD'})`);
  }
  if (outputs.length === 0) {
    fail('outputs', [], 'lists no output, so the collector would read every log and send it nowhere', 'give an output, e.g. LogOutput.loki({ host: \'loki-gateway.logging.svc\' })');
  }
  outputs.forEach((o, i) => {
    const supported = ENGINE_OUTPUTS[engine.type];
    if (!supported.includes(o.type)) {
      fail(`outputs[${i}]`, o.type, `is not an output of the ${engine.type} engine (it has ${supported.join(', ')})`,
        o.type === LogOutputType.OTLP ? 'use LogOutput.otlpHttp, or LogEngine.openTelemetry()' : 'choose an output of the engine, or another engine (LogEngine.fluentBit() has the most)');
    }
  });
  if (image === undefined) {
    fail('image', outputs.map(o => o.type), 'needs a fluentd image with these outputs\' plugins, and no fluent/fluentd-kubernetes-daemonset image carries them all (Loki has none)',
      'give image with the plugins (e.g. one built FROM fluent/fluentd-kubernetes-daemonset with fluent-plugin-grafana-loki), or use LogEngine.fluentBit()');
  }
  if (engine.type === LogEngineType.FLUENTD) {
    if (props.kubernetesMetadata === KubernetesMetadata.KUBELET) {
      fail('kubernetesMetadata', props.kubernetesMetadata, 'is not offered by fluentd\'s kubernetes_metadata filter, which reads the API server', 'use KubernetesMetadata.API_SERVER, or LogEngine.fluentBit()');
    }
    if (props.serviceMonitor) {
      fail('serviceMonitor', props.serviceMonitor.interval ?? '30s', 'needs Prometheus metrics, and fluentd\'s monitor_agent serves JSON', 'use LogEngine.fluentBit(), or add fluent-plugin-prometheus through extraConfig and a ServiceMonitor of your own');
    }
    outputs.forEach((o, i) => {
      if (o.secrets.bearerToken) {
        fail(`outputs[${i}].bearerToken`, '<secret>', 'cannot be given to fluentd\'s Loki plugin from the environment', 'use basic authentication (user and password), or LogEngine.fluentBit()');
      }
    });
  }
  if (engine.type === LogEngineType.OTEL_COLLECTOR) {
    const otel = (prop: string, value: unknown, problem: string, fix: string) => fail(prop, value, `${problem} with the OpenTelemetry Collector engine`, fix);
    if (props.systemdJournal) { otel('systemdJournal', true, 'has no journal reader (the collector image has no journalctl)', 'read the journal with LogEngine.fluentBit()'); }
    if (props.kubernetesMetadata === KubernetesMetadata.KUBELET) { otel('kubernetesMetadata', props.kubernetesMetadata, 'is not offered: k8s_attributes reads the API server', 'use KubernetesMetadata.API_SERVER'); }
    if (props.extraConfig !== undefined) { otel('extraConfig', '<text>', 'cannot be appended to a YAML configuration', 'use LogEngine.fluentBit() or LogEngine.fluentd() for raw configuration'); }
    if (props.bufferMemory !== undefined) { otel('bufferMemory', props.bufferMemory, 'has no meaning: memory_limiter bounds the collector at 80% of the memory limit, and the queue is on disk', 'leave bufferMemory out; size resources.memoryLimit'); }
    outputs.forEach((o, i) => {
      if (o.user !== undefined) { otel(`outputs[${i}].user`, o.user, 'has no basic authentication here (the basic_auth extension is not in the collector build this library validates against)', 'use bearerToken, or LogEngine.fluentBit()'); }
      if (o.labels !== undefined) { otel(`outputs[${i}].labels`, o.labels, 'cannot be set: Loki takes its labels from the OTLP resource attributes (its otlp_config)', 'configure the labels in Loki, or use LogEngine.fluentBit()'); }
    });
  }
  if (props.parsers?.length && engine.type !== LogEngineType.FLUENT_BIT) {
    fail('parsers', props.parsers.map(p => p.name), 'are Fluent Bit parsers (pods choose one with the fluentbit.io/parser annotation), which Fluentd does not read', 'use LogEngine.fluentBit(), or a <parse> section through extraConfig');
  }
  const parserNames = (props.parsers ?? []).map(p => p.name);
  const twice = parserNames.find((n, i) => parserNames.indexOf(n) !== i);
  if (twice !== undefined) {
    fail('parsers', twice, 'names two parsers: Fluent Bit keeps one of them', 'give each parser its own name');
  }
  if (props.readFromHead && props.positionDatabase === false) {
    fail('readFromHead', true, 'without a position database would read every log file from its beginning again on every restart of the pod, shipping all of it twice (and more)', 'keep positionDatabase (the default), or drop readFromHead');
  }
  if (!stateDirectory.startsWith('/') || stateDirectory.split('/').includes('..') || /^\/var\/log(\/|$)/.test(stateDirectory)) {
    fail('stateDirectory', stateDirectory, 'must be an absolute node path of its own, outside /var/log (which is mounted read-only)', 'use a directory such as \'/var/lib/fluent-bit/logging\'');
  }
  if (props.serviceMonitor) {
    const problem = monitorProblem(props.serviceMonitor);
    if (problem) { fail(`serviceMonitor.${problem[0]}`, problem[1], problem[2], problem[3]); }
    if (props.metricsService === false) {
      fail('serviceMonitor', props.serviceMonitor.interval ?? '30s', 'needs the metrics Service, which metricsService: false turns off', 'keep metricsService');
    }
  }
  if (props.args !== undefined || props.command !== undefined) {
    fail(props.args !== undefined ? 'args' : 'command', props.args ?? props.command, 'would change how the engine starts, and the configuration file it reads', 'configure the engine through the props, or extraConfig');
  }
}

/** The namespace the daemon will be in, known before it exists: the prop, an enclosing DaemonNamespace, the chart's. */
function namespaceOf(scope: IConstruct, given: string | undefined): string | undefined {
  if (given !== undefined) { return given; }
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
    if (DAEMON_NAMESPACE_MARK in s) { return (s as unknown as { name: string }).name; }
  }
  return Chart.of(scope).namespace;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / MIB)}Mi`;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
