import { CollectorConfig, ContainerRuntime, EngineRuntime, KubernetesMetadata, RenderedConfig, RenderedOutput } from './log-config';
import { LogOutputType } from './log-output';
import { yamlLibrary } from '../rules/manifests';

/** The port of the collector's own metrics (Prometheus). */
export const OTEL_METRICS_PORT = 8888;
/** The port of the health_check extension. */
export const OTEL_HEALTH_PORT = 13133;

/**
 * The collector reads its configuration from the ConfigMap's directory (`--config`); the
 * health_check extension answers `/` on 13133 while the collector runs and its pipelines are up.
 */
export const OTEL_RUNTIME: EngineRuntime = {
  args: ['--config=/conf/config.yaml'],
  mountPath: '/conf',
  livenessPath: '/',
  readinessPath: '/',
  healthPort: OTEL_HEALTH_PORT,
};

/** The container parser's format for the nodes' runtime (it reads the runtime's line format). */
const FORMATS: { [runtime: string]: string } = {
  [ContainerRuntime.CONTAINERD]: 'containerd',
  [ContainerRuntime.CRIO]: 'crio',
  [ContainerRuntime.DOCKER]: 'docker',
};

/**
 * A line that starts a new record when stack traces are joined: not a continuation (an indented
 * frame, Java's `Caused by:`, Python's traceback frames, Go's goroutine frames are indented).
 */
const FIRST_LINE = 'body matches "^[^\\\\s]" and not (body matches "^Caused by: ")';

/**
 * The OpenTelemetry Collector's configuration (YAML) for the model: the file_log receiver on the
 * kubelet's pod log files with the container parser (the runtime's format, Kubernetes metadata from
 * the path), stack-trace joining (recombine), positions in the file_storage extension (the
 * collector's own host directory, as Fluent Bit's position DB), k8s_attributes for pod labels and
 * metadata, memory_limiter from the memory limit, batch, the exporters with a persistent sending
 * queue in the same storage and retries without end, health_check, and the collector's own metrics.
 * Credentials are `${env:VAR}` references.
 * @see https://opentelemetry.io/docs/collector/configuration/
 */
export function renderOtelCollector(c: CollectorConfig, memoryLimitBytes: number): RenderedConfig {
  const storage = 'file_storage';
  const extensions: { [id: string]: unknown } = {
    health_check: { endpoint: `0.0.0.0:${OTEL_HEALTH_PORT}` },
    [storage]: { directory: `${c.stateDirectory}/storage`, create_directory: true, timeout: '1s' },
  };
  const operators: unknown[] = [{ type: 'container', id: 'container-parser', format: FORMATS[c.runtime] }];
  if (c.multiline.length) {
    operators.push({
      type: 'recombine',
      id: 'stack-traces',
      combine_field: 'body',
      is_first_entry: FIRST_LINE,
      source_identifier: 'attributes["log.file.path"]',
      max_log_size: '1MiB',
    });
  }
  const receivers = {
    file_log: {
      include: ['/var/log/pods/*/*/*.log'],
      exclude: [c.ownPodLogs],
      start_at: c.readFromHead ? 'beginning' : 'end',
      include_file_path: true,
      include_file_name: false,
      ...(c.positions ? { storage } : {}),
      operators,
    },
  };
  const limitMib = Math.floor((memoryLimitBytes * 0.8) / (1024 * 1024));
  const processors: { [id: string]: unknown } = {
    memory_limiter: { check_interval: '1s', limit_mib: limitMib, spike_limit_mib: Math.max(1, Math.floor(limitMib / 4)) },
    ...(c.metadata === KubernetesMetadata.NONE ? {} : {
      k8s_attributes: {
        auth_type: 'serviceAccount',
        passthrough: false,
        // only this node's pods: each collector watches what it reads
        filter: { node_from_env_var: 'NODE_NAME' },
        extract: {
          metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.node.name', 'k8s.pod.start_time'],
          labels: [{ tag_name: 'k8s.pod.label.$$1', key_regex: '(.*)', from: 'pod' }],
        },
        pod_association: [{ sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] }],
      },
    }),
    batch: { send_batch_size: 1024, timeout: '1s' },
  };
  const exporters: { [id: string]: unknown } = {};
  c.outputs.forEach((o, i) => {
    const { id, config } = exporterOf(o, i, storage);
    exporters[id] = config;
  });
  const config = {
    extensions,
    receivers,
    processors,
    exporters,
    service: {
      extensions: Object.keys(extensions),
      telemetry: {
        logs: { level: 'info' },
        metrics: { readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: c.metricsPort } } } }] },
      },
      pipelines: {
        logs: {
          receivers: ['file_log'],
          // memory_limiter first, batch last: the collector's own recommended order
          processors: Object.keys(processors),
          exporters: Object.keys(exporters),
        },
      },
    },
  };
  // Stryker disable next-line ObjectLiteral: no value written today has a space past the fold width; lineWidth 0 keeps a later one on its line
  const text = yamlLibrary().stringify(config, { lineWidth: 0 });
  return { files: { 'config.yaml': text }, mountPath: OTEL_RUNTIME.mountPath, prometheusPath: '/metrics' };
}

interface Exporter {
  readonly id: string;
  readonly config: unknown;
}

function exporterOf({ output: o, env }: RenderedOutput, i: number, storage: string): Exporter {
  if (o.type === LogOutputType.STDOUT) { return { id: `debug/output${i}`, config: { verbosity: 'basic' } }; }
  const headers: { [name: string]: string } = {
    ...(env.bearerToken ? { Authorization: `Bearer \${env:${env.bearerToken}}` } : {}),
    ...(o.tenantId ? { 'X-Scope-OrgID': o.tenantId } : {}),
  };
  const common = {
    ...(Object.keys(headers).length ? { headers } : {}),
    // on disk in the collector's own directory, as Fluent Bit's filesystem buffer: a restart loses nothing
    sending_queue: { enabled: true, storage },
    // retry for ever: with the persistent queue nothing is dropped while a backend is down
    retry_on_failure: { enabled: true, max_elapsed_time: 0 },
  };
  const scheme = o.tls ? 'https' : 'http';
  const tls = o.tls ? { tls: { insecure_skip_verify: !o.tlsVerify } } : { tls: { insecure: true } };
  switch (o.type) {
    case LogOutputType.OTLP:
      return { id: `otlp_grpc/output${i}`, config: { endpoint: `${o.host}:${o.port}`, ...tls, ...common } };
    case LogOutputType.OTLP_HTTP:
      return { id: `otlp_http/output${i}`, config: { endpoint: `${scheme}://${o.host}:${o.port}${o.path ?? ''}`, ...(o.tls ? tls : {}), ...common } };
    case LogOutputType.LOKI:
      // Loki 3 takes OTLP natively at /otlp; the resource attributes become its labels
      return { id: `otlp_http/output${i}`, config: { endpoint: `${scheme}://${o.host}:${o.port}/otlp`, ...(o.tls ? tls : {}), ...common } };
    default:
      // refused before rendering (LogCollector's checks): an output the collector build has no exporter for
      throw new Error(`the OpenTelemetry Collector engine has no output for ${o.type}`);
  }
}

/** The outputs the engine renders. */
export const OTEL_OUTPUTS: LogOutputType[] = [LogOutputType.OTLP, LogOutputType.OTLP_HTTP, LogOutputType.LOKI, LogOutputType.STDOUT];

