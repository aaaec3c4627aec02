import { CollectorConfig, ContainerLogFormat, EngineRuntime, engineSize, KubernetesMetadata, RenderedConfig, RenderedOutput } from './log-config';
import { LogOutputType } from './log-output';
import { LogParser } from './log-parser';

/** Fluent Bit chunks are about 2 MiB: the memory budget allows this many up at once. */
const CHUNK_BYTES = 2 * 1024 * 1024;
/** The tag of container logs; the kubernetes filter strips this prefix plus the path. */
const KUBE_TAG = 'kube.*';

type Section = Array<[string, string | number]>;

/** The image's configuration directory, with its parsers.conf. */
const IMAGE_ETC = '/fluent-bit/etc';
/** The collector's own parsers, next to its fluent-bit.conf. */
const CUSTOM_PARSERS = 'custom-parsers.conf';

/**
 * Fluent Bit reads the ConfigMap from a directory of its own below the image's (mounting over all of
 * /fluent-bit/etc would hide the image's parsers.conf), and serves `/` while it runs and
 * `/api/v1/health` (Health_Check) while its pipeline is healthy, on its HTTP server.
 */
export const FLUENT_BIT_RUNTIME: EngineRuntime = {
  args: [`--workdir=${IMAGE_ETC}`, `--config=${IMAGE_ETC}/conf/fluent-bit.conf`],
  mountPath: `${IMAGE_ETC}/conf`,
  livenessPath: '/',
  readinessPath: '/api/v1/health',
};

function section(name: string, entries: Section): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return [`[${name}]`, ...entries.map(([k, v]) => `    ${k.padEnd(width)} ${v}`)].join('\n');
}

const onOff = (b: boolean) => (b ? 'On' : 'Off');

/**
 * Fluent Bit's classic configuration (`fluent-bit.conf`) for the model: tail input with a position
 * database and filesystem buffering in the state directory, the runtime's multiline parser (cri or
 * docker), stack-trace joining, the journal, the kubernetes filter, the outputs, and the HTTP server
 * for metrics. Credentials are `${ENV}` references.
 * @see https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/classic-mode/configuration-file
 */
export function renderFluentBit(c: CollectorConfig): RenderedConfig {
  const inputs = 1 + (c.journal ? 1 : 0);
  const perInput = Math.floor(c.bufferBytes / inputs / 1024 / 1024) * 1024 * 1024;
  const sections: string[] = [];
  sections.push(section('SERVICE', [
    ['Flush', 1],
    // Flush what is buffered before the kubelet's SIGKILL; the rest stays on disk for the next pod.
    ['Grace', Math.max(1, c.gracePeriodSeconds - 5)],
    ['Daemon', 'Off'],
    ['Log_Level', 'info'],
    ['HTTP_Server', 'On'],
    ['HTTP_Listen', '0.0.0.0'],
    ['HTTP_Port', c.metricsPort],
    // /api/v1/health answers 500 once 5 errors or 5 failed retries come within 60 s (readiness)
    ['Health_Check', 'On'],
    ['HC_Errors_Count', 5],
    ['HC_Retry_Failure_Count', 5],
    ['HC_Period', 60],
    // the image's parsers (nginx, apache, json, syslog...) stay reachable for pods' fluentbit.io/parser annotations
    ['Parsers_File', `${IMAGE_ETC}/parsers.conf`],
    ...(c.parsers.length ? [['Parsers_File', `${FLUENT_BIT_RUNTIME.mountPath}/${CUSTOM_PARSERS}`] as [string, string]] : []),
    ['storage.path', `${c.stateDirectory}/storage`],
    ['storage.sync', 'normal'],
    ['storage.checksum', 'Off'],
    ['storage.max_chunks_up', Math.max(1, Math.floor(c.bufferBytes / CHUNK_BYTES))],
    ['storage.backlog.mem_limit', engineSize(Math.max(CHUNK_BYTES, Math.floor(c.bufferBytes / 4 / CHUNK_BYTES) * CHUNK_BYTES))],
  ]));
  sections.push(section('INPUT', [
    ['Name', 'tail'],
    ['Tag', KUBE_TAG],
    ['Path', c.containerLogs],
    ...(c.excludePaths.length ? [['Exclude_Path', c.excludePaths.join(',')] as [string, string]] : []),
    ['multiline.parser', c.format === ContainerLogFormat.CRI ? 'cri' : 'docker'],
    ...(c.positions ? [['DB', `${c.stateDirectory}/tail.db`], ['DB.locking', 'true']] as Section : []),
    ['Read_from_Head', onOff(c.readFromHead)],
    ['Refresh_Interval', 10],
    ['Rotate_Wait', 30],
    ['Skip_Long_Lines', 'On'],
    ['Mem_Buf_Limit', engineSize(perInput)],
    ['storage.type', 'filesystem'],
  ]));
  if (c.journal) {
    sections.push(section('INPUT', [
      ['Name', 'systemd'],
      ['Tag', 'host.*'],
      ['Path', '/var/log/journal'],
      ...(c.positions ? [['DB', `${c.stateDirectory}/journal.db`]] as Section : []),
      ['Read_From_Tail', onOff(!c.readFromHead)],
      ['Strip_Underscores', 'On'],
      ['Mem_Buf_Limit', engineSize(perInput)],
      ['storage.type', 'filesystem'],
    ]));
  }
  if (c.multiline.length) {
    sections.push(section('FILTER', [
      ['Name', 'multiline'],
      ['Match', KUBE_TAG],
      ['multiline.key_content', 'log'],
      ['multiline.parser', c.multiline.join(',')],
    ]));
  }
  if (c.metadata !== KubernetesMetadata.NONE) {
    sections.push(section('FILTER', [
      ['Name', 'kubernetes'],
      ['Match', KUBE_TAG],
      ['Kube_URL', 'https://kubernetes.default.svc:443'],
      ['Kube_Tag_Prefix', 'kube.var.log.containers.'],
      ['Merge_Log', 'On'],
      ['Keep_Log', 'Off'],
      ['K8S-Logging.Parser', 'On'],
      ['K8S-Logging.Exclude', 'On'],
      ['Labels', 'On'],
      ['Annotations', 'Off'],
      ...(c.metadata === KubernetesMetadata.KUBELET
        ? [['Use_Kubelet', 'On'], ['Kubelet_Host', '${HOST_IP}'], ['Kubelet_Port', 10250]] as Section : []),
    ]));
  }
  for (const o of c.outputs) { sections.push(section('OUTPUT', outputEntries(c, o))); }
  const text = `${sections.join('\n\n')}\n${c.extraConfig ? `\n# extraConfig (not checked by cdk8s-daemons)\n${c.extraConfig.trimEnd()}\n` : ''}`;
  const files: { [name: string]: string } = { 'fluent-bit.conf': text };
  if (c.parsers.length) { files[CUSTOM_PARSERS] = `${c.parsers.map(parserSection).join('\n\n')}\n`; }
  return { files, mountPath: FLUENT_BIT_RUNTIME.mountPath, prometheusPath: '/api/v1/metrics/prometheus' };
}

function parserSection(p: LogParser): string {
  return section('PARSER', [
    ['Name', p.name],
    ['Format', p.format],
    ...(p.expression !== undefined ? [['Regex', p.expression]] as Section : []),
    ...(p.options.timeKey !== undefined ? [['Time_Key', p.options.timeKey]] as Section : []),
    ...(p.options.timeFormat !== undefined ? [['Time_Format', p.options.timeFormat]] as Section : []),
    ...(p.options.timeKeep ? [['Time_Keep', 'On']] as Section : []),
  ]);
}

function outputEntries(c: CollectorConfig, { output: o, env }: RenderedOutput): Section {
  // every output but stdout (which writes no TLS lines) takes these
  const tls: Section = [['tls', onOff(o.tls)], ...(o.tls ? [['tls.verify', onOff(o.tlsVerify)] as [string, string]] : [])];
  const basic: Section = o.user !== undefined ? [[o.type === LogOutputType.LOKI || o.type === LogOutputType.HTTP ? 'http_user' : 'HTTP_User', o.user], [o.type === LogOutputType.LOKI || o.type === LogOutputType.HTTP ? 'http_passwd' : 'HTTP_Passwd', `\${${env.password}}`]] : [];
  // Retry for ever: with filesystem buffering nothing is dropped while a backend is down.
  const common: Section = [['Match', '*'], ['Retry_Limit', 'False']];
  switch (o.type) {
    case LogOutputType.ELASTICSEARCH:
    case LogOutputType.OPENSEARCH:
      return [
        ['Name', o.type === LogOutputType.ELASTICSEARCH ? 'es' : 'opensearch'], ...common,
        ['Host', o.host], ['Port', o.port],
        ['Logstash_Format', 'On'], ['Logstash_Prefix', o.index ?? 'logs'],
        ['Suppress_Type_Name', 'On'], ['Replace_Dots', 'On'],
        ...basic, ...tls,
      ];
    case LogOutputType.LOKI: {
      const labels = { job: c.name, ...(o.labels ?? {}) };
      const k8s = c.metadata !== KubernetesMetadata.NONE
        ? ['namespace=$kubernetes[\'namespace_name\']', 'pod=$kubernetes[\'pod_name\']', 'container=$kubernetes[\'container_name\']'] : [];
      return [
        ['Name', 'loki'], ...common,
        ['Host', o.host], ['Port', o.port],
        ['Labels', [...Object.entries(labels).map(([k, v]) => `${k}=${v}`), ...k8s].join(', ')],
        ['Line_Format', 'json'],
        ...(o.tenantId ? [['Tenant_ID', o.tenantId] as [string, string]] : []),
        ...(env.bearerToken ? [['bearer_token', `\${${env.bearerToken}}`] as [string, string]] : []),
        ...basic, ...tls,
      ];
    }
    case LogOutputType.FORWARD:
      return [
        ['Name', 'forward'], ...common,
        ['Host', o.host], ['Port', o.port],
        ...(env.sharedKey ? [['Shared_Key', `\${${env.sharedKey}}`] as [string, string]] : []),
        ...tls,
      ];
    case LogOutputType.OTLP_HTTP:
      return [
        ['Name', 'opentelemetry'], ...common,
        ['Host', o.host], ['Port', o.port], ['Logs_uri', `${o.path ?? ''}/v1/logs`],
        ...(env.bearerToken ? [['Header', `Authorization Bearer \${${env.bearerToken}}`] as [string, string]] : []),
        ...(o.user !== undefined ? [['http_user', o.user], ['http_passwd', `\${${env.password}}`]] as Section : []),
        ...tls,
      ];
    case LogOutputType.HTTP:
      return [
        ['Name', 'http'], ...common,
        ['Host', o.host], ['Port', o.port], ['URI', o.uri ?? '/'], ['Format', 'json_lines'],
        ...basic, ...tls,
      ];
    case LogOutputType.STDOUT:
      return [['Name', 'stdout'], ['Match', '*'], ['Format', 'json_lines']];
    default:
      // refused before rendering (LogCollector's checks): an output Fluent Bit has no plugin for
      throw new Error(`Fluent Bit has no output for ${o.type}`);
  }
}
