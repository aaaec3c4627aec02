import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Options of a Prometheus Operator ServiceMonitor or PodMonitor of a daemon.
 * @see https://prometheus-operator.dev/docs/operator/api/#monitoring.coreos.com/v1.Endpoint
 */
export interface MonitorOptions {
  /**
   * How often to scrape (a Prometheus duration such as `30s`).
   * @default '30s'
   */
  readonly interval?: string;

  /**
   * How long a scrape may take; at most the interval.
   * @default - the Prometheus default (10s, or the interval if shorter)
   */
  readonly scrapeTimeout?: string;

  /**
   * Labels of the monitor object, e.g. `{ release: 'prometheus' }` for a Prometheus whose
   * `serviceMonitorSelector` asks for them.
   * @default - the daemon's labels
   */
  readonly labels?: { [key: string]: string };
}

/** A Prometheus duration, as the Prometheus Operator's CRDs take it. */
const DURATION = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;
const DURATION_MS: Array<[number, number]> = [[2, 31536000000], [4, 604800000], [6, 86400000], [8, 3600000], [10, 60000], [12, 1000], [14, 1]];
/** The node's name, in the labels Prometheus' Kubernetes service discovery gives a target. */
const NODE_NAME_META_LABEL = '__meta_kubernetes_pod_node_name';

/** The first problem with a monitor's durations, as `[field, value, problem, fix]`, or undefined. */
export function monitorProblem(options: MonitorOptions): [string, string, string, string] | undefined {
  const interval = options.interval ?? '30s';
  for (const [field, value] of [['interval', interval], ['scrapeTimeout', options.scrapeTimeout]] as const) {
    if (value !== undefined && (value === '' || !DURATION.test(value))) {
      return [field, value, 'is not a Prometheus duration', 'write it like \'30s\', \'1m\' or \'1m30s\''];
    }
  }
  if (options.scrapeTimeout !== undefined && durationMs(options.scrapeTimeout) > durationMs(interval)) {
    return ['scrapeTimeout', options.scrapeTimeout, `is longer than the interval '${interval}' (Prometheus refuses the scrape config)`, 'make the timeout at most the interval'];
  }
  return undefined;
}

/** What a monitor scrapes: the port name, path and scheme, and for https the token and TLS settings. */
export interface MonitorEndpoint {
  readonly port: string;
  readonly path: string;
  readonly scheme: 'http' | 'https';
  /** Send Prometheus' own ServiceAccount token and skip certificate checks (kube-rbac-proxy). */
  readonly bearerToken?: boolean;
}

/**
 * A ServiceMonitor (for a Service with `selectorLabels`) or a PodMonitor (for pods with them),
 * child `kind` of `scope`, relabeling `instance` to the node name.
 */
export function monitorObject(
  scope: Construct, kind: 'ServiceMonitor' | 'PodMonitor', metadata: ApiObjectMetadata,
  selectorLabels: { [key: string]: string }, endpoint: MonitorEndpoint, options: MonitorOptions,
): ApiObject {
  const namespace = metadata.namespace ?? ApiObject.of(scope).metadata.namespace;
  const scrape = {
    port: endpoint.port,
    path: endpoint.path,
    scheme: endpoint.scheme,
    interval: options.interval ?? '30s',
    scrapeTimeout: options.scrapeTimeout,
    relabelings: [{ action: 'replace', sourceLabels: [NODE_NAME_META_LABEL], targetLabel: 'instance' }],
    ...(endpoint.bearerToken ? { bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token', tlsConfig: { insecureSkipVerify: true } } : {}),
  };
  const common = {
    jobLabel: 'app.kubernetes.io/name',
    selector: { matchLabels: { ...selectorLabels } },
    namespaceSelector: namespace ? { matchNames: [namespace] } : undefined,
  };
  return new ApiObject(scope, kind, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind,
    metadata: { ...metadata, labels: { ...(metadata.labels ?? {}), ...(options.labels ?? {}) } },
    spec: kind === 'ServiceMonitor' ? { ...common, endpoints: [scrape] } : { ...common, podMetricsEndpoints: [scrape] },
  });
}

function durationMs(value: string): number {
  const m = DURATION.exec(value)!;
  return DURATION_MS.reduce((sum, [group, ms]) => sum + Number(m[group] ?? 0) * ms, 0);
}
