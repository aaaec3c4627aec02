import { LogOutput } from './log-output';
import { LogParser } from './log-parser';

/** The container runtime of the nodes: it decides where container logs are and in which format. */
export enum ContainerRuntime {
  /** containerd: CRI-format files under /var/log/pods, linked from /var/log/containers. */
  CONTAINERD = 'containerd',
  /** CRI-O: CRI-format files, like containerd. */
  CRIO = 'cri-o',
  /** Docker (dockershim, cri-dockerd): json-file logs under /var/lib/docker/containers, linked from /var/log/containers. */
  DOCKER = 'docker',
}

/** The format of container log lines. */
export enum ContainerLogFormat {
  /** `<time> <stream> <P|F> <message>`, with long lines split into partial (P) lines. */
  CRI = 'cri',
  /** Docker's json-file: one JSON object per line with `log`, `stream` and `time`. */
  DOCKER_JSON = 'docker-json',
}

/** Languages whose multi-line stack traces are joined into one record. */
export enum MultilineLanguage {
  /** Java exceptions (`\tat ...`, `Caused by: ...`). */
  JAVA = 'java',
  /** Python tracebacks. */
  PYTHON = 'python',
  /** Go panics and goroutine dumps. */
  GO = 'go',
}

/** Where Kubernetes metadata (namespace, pod, labels) for each record comes from. */
export enum KubernetesMetadata {
  /** No enrichment: no RBAC, no API token in the pods. */
  NONE = 'none',
  /** The API server: get, list and watch on pods and namespaces. */
  API_SERVER = 'api-server',
  /** The node's kubelet (less load on the API server at scale): adds get on nodes/proxy. */
  KUBELET = 'kubelet',
}

/** The format a runtime writes. */
export function formatOf(runtime: ContainerRuntime): ContainerLogFormat {
  return runtime === ContainerRuntime.DOCKER ? ContainerLogFormat.DOCKER_JSON : ContainerLogFormat.CRI;
}

/** An output with the env variables that carry its credentials (by role). */
export interface RenderedOutput {
  readonly output: LogOutput;
  /** Env variable names by credential role (`password`, `bearerToken`, `sharedKey`). */
  readonly env: { readonly [role: string]: string };
}

/**
 * The engine-neutral model of a log collector's configuration: what every engine renders in its
 * own syntax. A further engine (the OpenTelemetry Collector's filelog receiver) renders the same model.
 */
export interface CollectorConfig {
  /** The collector's name (a job label, the tag prefix of its own logs). */
  readonly name: string;
  readonly runtime: ContainerRuntime;
  readonly format: ContainerLogFormat;
  /** Glob of the container log files to read. */
  readonly containerLogs: string;
  /** Globs not to read (the collector's own logs, so stdout output never loops). */
  readonly excludePaths: string[];
  /** The collector's own pods' log files under /var/log/pods (for engines that read there). */
  readonly ownPodLogs: string;
  readonly multiline: MultilineLanguage[];
  readonly journal: boolean;
  readonly metadata: KubernetesMetadata;
  readonly outputs: RenderedOutput[];
  /** The collector's own host directory: position databases and buffers. */
  readonly stateDirectory: string;
  readonly readFromHead: boolean;
  /** Keep file positions in the state directory. */
  readonly positions: boolean;
  /** Memory the buffers may use, in bytes. */
  readonly bufferBytes: number;
  /** Port of the metrics endpoint. */
  readonly metricsPort: number;
  /** Seconds the collector has to flush before SIGKILL. */
  readonly gracePeriodSeconds: number;
  /** Raw configuration appended as is. */
  readonly extraConfig?: string;
  /** Parsers of the collector's own, besides the image's. */
  readonly parsers: LogParser[];
}

/** One engine's rendering of the model. */
export interface RenderedConfig {
  /** Files of the ConfigMap, by name. */
  readonly files: { [name: string]: string };
  /** Where the engine reads them. */
  readonly mountPath: string;
  /** Path of the Prometheus metrics, or undefined when the endpoint is not Prometheus. */
  readonly prometheusPath?: string;
}

/** How an engine is started and probed: the arguments that point it at the mounted configuration, and its health endpoints. */
export interface EngineRuntime {
  /** Arguments of the engine's container. */
  readonly args: string[];
  /** Where the configuration files are mounted. */
  readonly mountPath: string;
  /** HTTP path answering while the process runs (liveness). */
  readonly livenessPath: string;
  /** HTTP path answering while the pipeline is healthy (readiness). */
  readonly readinessPath: string;
  /** The port of the health endpoints, when not the metrics port. */
  readonly healthPort?: number;
}

/** `bytes` in the largest binary unit that divides it, as the engines write sizes (`50M`, `512K`, or bytes: `1000`). */
export function engineSize(bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes % mib === 0) { return `${bytes / mib}M`; }
  if (bytes % 1024 === 0) { return `${bytes / 1024}K`; }
  return String(bytes);
}
