import { EngineRuntime, CollectorConfig, ContainerLogFormat, KubernetesMetadata, RenderedConfig, RenderedOutput } from './log-config';
import { LogOutputType } from './log-output';

/** The port of fluentd's monitor_agent (JSON on /api/plugins.json). */
export const FLUENTD_MONITOR_PORT = 24220;

/**
 * Fluentd reads /fluentd/etc/fluent.conf (the image's default); monitor_agent, which the
 * configuration always serves, answers `/api/plugins.json` while the process runs: both probes.
 */
export const FLUENTD_RUNTIME: EngineRuntime = {
  args: [],
  mountPath: '/fluentd/etc',
  livenessPath: '/api/plugins.json',
  readinessPath: '/api/plugins.json',
};
/** Chunks a buffer queues before it blocks the input (the memory budget is split over them). */
const QUEUED_CHUNKS = 8;

type Params = Array<[string, string | number | boolean]>;

function directive(name: string, params: Params, children: string[] = [], indent = ''): string {
  const inner = indent + '  ';
  return [
    `${indent}<${name}>`,
    ...params.map(([k, v]) => `${inner}${k} ${v}`),
    ...children.map(c => c.split('\n').map(l => `  ${l}`).join('\n')),
    `${indent}</${name.split(' ')[0]}>`,
  ].join('\n');
}

/** `"#{ENV['NAME']}"`: fluentd reads the value from the environment when it loads the file. */
const env = (name: string) => `"#{ENV['${name}']}"`;

/**
 * Fluentd's configuration (`fluent.conf`) for the model, with the plugins of the
 * fluent/fluentd-kubernetes-daemonset images: tail with a position file in the state directory,
 * CRI lines parsed by regexp (partial lines joined by concat) or Docker JSON, stack traces joined by
 * concat, the journal (fluent-plugin-systemd), kubernetes_metadata, the outputs with file buffers in
 * the state directory, and monitor_agent.
 * @see https://docs.fluentd.org/configuration/config-file
 */
export function renderFluentd(c: CollectorConfig): RenderedConfig {
  const blocks: string[] = [];
  blocks.push(directive('system', [['log_level', 'info'], ['root_dir', `${c.stateDirectory}/root`]]));
  const parse = c.format === ContainerLogFormat.CRI
    ? directive('parse', [
      ['@type', 'regexp'],
      ['expression', '/^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[FP]) (?<log>.*)$/'],
      ['time_format', '%Y-%m-%dT%H:%M:%S.%N%:z'],
    ])
    : directive('parse', [['@type', 'json'], ['time_key', 'time'], ['time_format', '%Y-%m-%dT%H:%M:%S.%NZ']]);
  blocks.push(directive('source', [
    ['@type', 'tail'],
    ['@id', 'containers'],
    ['path', c.containerLogs],
    ...(c.excludePaths.length ? [['exclude_path', JSON.stringify(c.excludePaths)] as [string, string]] : []),
    ...(c.positions ? [['pos_file', `${c.stateDirectory}/containers.pos`]] as Params : []),
    ['tag', 'kubernetes.*'],
    ['read_from_head', c.readFromHead],
    ['follow_inodes', true],
    ['refresh_interval', 10],
    ['rotate_wait', 30],
  ], [parse]));
  if (c.journal) {
    blocks.push(directive('source', [
      ['@type', 'systemd'],
      ['@id', 'journal'],
      ['path', '/var/log/journal'],
      ['tag', 'host.journal'],
      ['read_from_head', c.readFromHead],
    ], [
      ...(c.positions ? [directive('storage', [['@type', 'local'], ['persistent', true], ['path', `${c.stateDirectory}/journal.json`]])] : []),
      directive('entry', [['fields_strip_underscores', true], ['fields_lowercase', true]]),
    ]));
  }
  if (c.format === ContainerLogFormat.CRI) {
    // CRI splits long lines into partial (P) lines ended by a full (F) one: join them first.
    blocks.push(directive('filter kubernetes.**', [
      ['@type', 'concat'], ['key', 'log'], ['partial_key', 'logtag'], ['partial_value', 'P'], ['separator', '""'],
    ]));
  }
  if (c.metadata === KubernetesMetadata.API_SERVER) {
    blocks.push(directive('filter kubernetes.**', [['@type', 'kubernetes_metadata'], ['@id', 'metadata'], ['skip_master_url', true]]));
  }
  if (c.multiline.length) {
    // fluent-plugin-detect-exceptions joins the lines of a stack trace into one record and emits it
    // again without the `kubernetes.` tag prefix, to the outputs below.
    blocks.push(directive('match kubernetes.**', [
      ['@type', 'detect_exceptions'], ['@id', 'stack_traces'], ['remove_tag_prefix', 'kubernetes'], ['message', 'log'],
      ['languages', c.multiline.join(',')], ['multiline_flush_interval', 5], ['max_lines', 1000],
    ]));
  }
  blocks.push(directive('source', [['@type', 'monitor_agent'], ['bind', '0.0.0.0'], ['port', c.metricsPort]]));
  const stores = c.outputs.map((o, i) => store(c, o, i));
  const match = stores.length === 1
    ? directive('match **', stores[0].params, stores[0].children)
    : directive('match **', [['@type', 'copy']], stores.map(s => directive('store', s.params, s.children)));
  blocks.push(match);
  const text = `${blocks.join('\n\n')}\n${c.extraConfig ? `\n# extraConfig (not checked by cdk8s-daemons)\n${c.extraConfig.trimEnd()}\n` : ''}`;
  return { files: { 'fluent.conf': text }, mountPath: FLUENTD_RUNTIME.mountPath, prometheusPath: undefined };
}

function store(c: CollectorConfig, { output: o, env: vars }: RenderedOutput, i: number): { params: Params; children: string[] } {
  const id = `out_${o.type}_${i}`;
  const chunk = Math.max(1024 * 1024, Math.floor(c.bufferBytes / c.outputs.length / QUEUED_CHUNKS / 1024 / 1024) * 1024 * 1024);
  // A file buffer in the state directory survives restarts; retrying for ever and blocking the input
  // when full loses nothing while a backend is down (the tail position waits with it).
  const buffer = directive('buffer', [
    ['@type', 'file'], ['path', `${c.stateDirectory}/buffer/${id}`],
    ['flush_mode', 'interval'], ['flush_interval', '5s'], ['flush_at_shutdown', true],
    // a whole number of MiB (at least 1), written as fluentd spells it
    ['chunk_limit_size', `${chunk / (1024 * 1024)}m`],
    ['queued_chunks_limit_size', QUEUED_CHUNKS],
    ['overflow_action', 'block'], ['retry_forever', true], ['retry_max_interval', 30],
  ]);
  const scheme: Params = [['scheme', o.tls ? 'https' : 'http'], ...(o.tls ? [['ssl_verify', o.tlsVerify] as [string, boolean]] : [])];
  const basic: Params = o.user !== undefined ? [['user', o.user], ['password', env(vars.password)]] : [];
  switch (o.type) {
    case LogOutputType.ELASTICSEARCH:
    case LogOutputType.OPENSEARCH:
      return {
        params: [
          ['@type', o.type], ['@id', id], ['host', o.host], ['port', o.port], ...scheme, ...basic,
          ['logstash_format', true], ['logstash_prefix', o.index ?? 'logs'], ['include_tag_key', true],
        ],
        children: [buffer],
      };
    case LogOutputType.LOKI:
      return {
        params: [
          ['@type', 'loki'], ['@id', id], ['url', `${o.tls ? 'https' : 'http'}://${o.host}:${o.port}`],
          ...(o.user !== undefined ? [['username', o.user], ['password', env(vars.password)]] as Params : []),
          ...(o.tenantId ? [['tenant', o.tenantId]] as Params : []),
          ['extra_labels', JSON.stringify({ job: c.name, ...(o.labels ?? {}) })],
          ['line_format', 'json'],
        ],
        children: [buffer],
      };
    case LogOutputType.FORWARD:
      return {
        params: [['@type', 'forward'], ['@id', id], ...(o.tls ? [['transport', 'tls'], ['tls_verify_hostname', o.tlsVerify]] as Params : [])],
        children: [
          ...(vars.sharedKey ? [directive('security', [['self_hostname', env('NODE_NAME')], ['shared_key', env(vars.sharedKey)]])] : []),
          directive('server', [['host', o.host], ['port', o.port]]),
          buffer,
        ],
      };
    case LogOutputType.HTTP:
      return {
        params: [
          ['@type', 'http'], ['@id', id], ['endpoint', `${o.tls ? 'https' : 'http'}://${o.host}:${o.port}${o.uri ?? '/'}`],
          ...(o.tls ? [['tls_verify_mode', o.tlsVerify ? 'peer' : 'none']] as Params : []),
          ['content_type', 'application/x-ndjson'], ['json_array', false],
        ],
        children: [
          ...(o.user !== undefined ? [directive('auth', [['method', 'basic'], ['username', o.user], ['password', env(vars.password)]])] : []),
          directive('format', [['@type', 'json']]),
          buffer,
        ],
      };
    case LogOutputType.STDOUT:
      return { params: [['@type', 'stdout'], ['@id', id]], children: [] };
    default:
      // refused before rendering (LogCollector's checks): an output Fluentd has no plugin for
      throw new Error(`Fluentd has no output for ${o.type}`);
  }
}
