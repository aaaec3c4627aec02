/**
 * LogCollector (issue 11): logs from every node, without the losses, duplicates and wrong paths the
 * charts are known for.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parse } from 'yaml';
import {
  ClusterInventory, ContainerLogFormat, ContainerRuntime, DaemonNamespace, KubernetesMetadata, LogCollector, LogCollectorProps,
  LogEngine, LogOutput, LogParser, LogSecret, MultilineLanguage, Placement, Probe, TaintEffect, Toleration,
} from '../src';
import { FLUENT_BIT_KEYS, FLUENTD_KEYS } from './fixtures/engine-keys';
import { inputError } from './scheduling/helpers';
import { CollectorConfig, engineSize } from '../src/log-collector/log-config';
import { LogOutputType } from '../src/log-collector/log-output';

const of = (manifests: any[], kind: string) => manifests.filter(m => m.kind === kind);
const podSpec = (manifests: any[]) => of(manifests, 'DaemonSet')[0].spec.template.spec;

function synth(props: LogCollectorProps = {}, id = 'logs'): { manifests: any[]; collector: LogCollector } {
  const chart = Testing.chart();
  const ns = new DaemonNamespace(chart, 'logging');
  const collector = new LogCollector(ns, id, props);
  return { manifests: Testing.synth(chart), collector };
}
const make = (props: LogCollectorProps) => () => new LogCollector(Testing.chart(), 'logs', props);
const error = (prop: string, value: string, problem: string) => inputError('test/logs', prop, value, problem);

function credentials(chart = Testing.chart()) {
  return LogSecret.fromSecret(kplus.Secret.fromSecretName(chart, 'Creds', 'log-credentials'), 'password');
}

/** Every output kind, with credentials where they take them. */
function everyOutput(): LogOutput[] {
  const secret = credentials();
  return [
    LogOutput.elasticsearch({ host: 'es.logging.svc', tls: true, user: 'fluent', password: secret, index: 'k8s' }),
    LogOutput.openSearch({ host: 'os.logging.svc', tls: true, tlsVerify: false }),
    LogOutput.loki({ host: 'loki.logging.svc', labels: { cluster: 'prod' }, tenantId: 'team-a', user: 'loki', password: secret }),
    LogOutput.forward({ host: 'aggregator.logging.svc', tls: true, sharedKey: secret }),
    LogOutput.http({ host: 'collector.example.com', tls: true, uri: '/ingest', user: 'u', password: secret }),
    LogOutput.stdout(),
  ];
}

/** Fluent Bit's classic format: `[SECTION]` headers and `key value` lines, up to the extraConfig part. */
function fluentBitSections(text: string): Array<{ section: string; entries: Array<[string, string]> }> {
  const out: Array<{ section: string; entries: Array<[string, string]> }> = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# extraConfig')) { break; }
    const header = /^\[([A-Z]+)\]$/.exec(line);
    if (header) { out.push({ section: header[1], entries: [] }); continue; }
    const entry = /^ {4}(\S+)\s+(.*)$/.exec(line);
    if (entry) { out[out.length - 1].entries.push([entry[1], entry[2]]); } else if (line.trim()) { throw new Error(`unexpected line: ${line}`); }
  }
  return out;
}

/** Unknown keys of a Fluent Bit file, as `SECTION/plugin: key`. */
function unknownFluentBitKeys(text: string): string[] {
  const unknown: string[] = [];
  for (const { section, entries } of fluentBitSections(text)) {
    const name = entries.find(([k]) => k === 'Name')?.[1];
    const id = section === 'SERVICE' || section === 'PARSER' ? section : `${section}/${name}`;
    const known = FLUENT_BIT_KEYS[id];
    if (!known) { unknown.push(`${id}: (no such plugin documented)`); continue; }
    const lower = known.map(k => k.toLowerCase());
    for (const [k] of entries) { if (!lower.includes(k.toLowerCase())) { unknown.push(`${id}: ${k}`); } }
  }
  return unknown;
}

/** Unknown parameters of a Fluentd file, by directive and plugin. */
function unknownFluentdKeys(text: string): string[] {
  const unknown: string[] = [];
  const stack: Array<{ name: string; params: Array<[string, string]> }> = [];
  const check = (d: { name: string; params: Array<[string, string]> }) => {
    const type = d.params.find(([k]) => k === '@type')?.[1];
    const ids = [type ? `${d.name}/${type}` : d.name, type ?? ''];
    const known = ids.map(id => FLUENTD_KEYS[id]).find(Boolean);
    if (!known) { unknown.push(`${ids[0]}: (no such plugin documented)`); return; }
    for (const [k] of d.params) { if (!known.includes(k)) { unknown.push(`${ids[0]}: ${k}`); } }
  };
  for (const raw of text.split('\n')) {
    if (raw.startsWith('# extraConfig')) { break; }
    const line = raw.trim();
    if (!line) { continue; }
    const open = /^<([a-z@]+)(?: .*)?>$/.exec(line);
    const close = /^<\/([a-z@]+)>$/.exec(line);
    if (close) { check(stack.pop()!); } else if (open) { stack.push({ name: open[1], params: [] }); } else {
      const [k, ...v] = line.split(' ');
      stack[stack.length - 1].params.push([k, v.join(' ')]);
    }
  }
  return unknown;
}

describe('snapshots', () => {
  test('defaults (Fluent Bit)', () => {
    expect(synth().manifests).toMatchSnapshot();
  });

  test('defaults (Fluentd)', () => {
    expect(synth({ engine: LogEngine.fluentd() }).manifests).toMatchSnapshot();
  });

  test('custom Fluent Bit: Docker nodes, journal, kubelet metadata, every output', () => {
    expect(synth({
      runtime: ContainerRuntime.DOCKER,
      systemdJournal: true,
      kubernetesMetadata: KubernetesMetadata.KUBELET,
      outputs: everyOutput(),
      multiline: [MultilineLanguage.JAVA],
      bufferMemory: '64Mi',
      resources: { memoryRequest: '256Mi', memoryLimit: '256Mi' },
      serviceMonitor: { interval: '30s' },
    }).manifests).toMatchSnapshot();
  });

  test('custom Fluentd: containerd, journal, Elasticsearch and stdout', () => {
    expect(synth({
      engine: LogEngine.fluentd(),
      systemdJournal: true,
      outputs: [LogOutput.elasticsearch({ host: 'es.logging.svc', tls: true, user: 'fluent', password: credentials() }), LogOutput.stdout()],
    }).manifests).toMatchSnapshot();
  });
});

describe('defaults', () => {
  const { manifests, collector } = synth();
  const spec = podSpec(manifests);
  const main = spec.containers[0];
  const conf = collector.configFiles['fluent-bit.conf'];

  test('a pinned Fluent Bit on every node, control plane included, not evicted first', () => {
    expect(main.image).toBe('fluent/fluent-bit:2.1.8');
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(main.resources).toEqual({ requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '200Mi' } });
    expect(Placement.preview(manifests, ClusterInventory.sample()).daemonSets[0].desired).toBe(4);
  });

  test('root only to read the root-owned log files: every capability dropped, read-only root filesystem', () => {
    expect(main.securityContext).toMatchObject({
      runAsUser: 0, runAsNonRoot: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
    });
  });

  test('containerd: /var/log read-only, the CRI parser, positions and buffers in a writable directory of its own', () => {
    expect(main.volumeMounts).toEqual([
      { name: 'varlog', mountPath: '/var/log', readOnly: true },
      { name: 'state', mountPath: '/var/lib/fluent-bit/logging-fluent-bit' },
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'config', mountPath: '/fluent-bit/etc/conf', readOnly: true },
    ]);
    expect(spec.volumes).toContainEqual({ name: 'state', hostPath: { path: '/var/lib/fluent-bit/logging-fluent-bit', type: 'DirectoryOrCreate' } });
    expect(conf).toMatch(/^ {4}multiline\.parser cri$/m);
    expect(conf).toMatch(/^ {4}DB\s+\/var\/lib\/fluent-bit\/logging-fluent-bit\/tail\.db$/m);
    expect(conf).toMatch(/^ {4}storage\.path\s+\/var\/lib\/fluent-bit\/logging-fluent-bit\/storage$/m);
    expect(conf).toMatch(/^ {4}Read_from_Head\s+Off$/m);
    expect(conf).toMatch(/^ {4}Exclude_Path\s+\/var\/log\/containers\/fluent-bit-\*_logging_\*\.log$/m);
  });

  test('the configuration is a ConfigMap the pods mount, with its checksum on the pods', () => {
    const [cm] = of(manifests, 'ConfigMap');
    expect(cm.metadata.name).toBe('fluent-bit-config');
    expect(cm.data['fluent-bit.conf']).toBe(conf);
    expect(of(manifests, 'DaemonSet')[0].spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('metadata from the API server: get, list and watch on pods and namespaces, nothing else', () => {
    expect(of(manifests, 'ClusterRole')[0].rules).toEqual([
      { apiGroups: [''], resources: ['pods'], resourceNames: [], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], resourceNames: [], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(spec.automountServiceAccountToken).toBe(true);
  });

  test('metrics on 2020 behind a node-local Service', () => {
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 2020, protocol: 'TCP' }]);
    expect(of(manifests, 'Service')[0].spec).toMatchObject({ internalTrafficPolicy: 'Local', ports: [{ name: 'metrics', port: 2020 }] });
  });

  test('stack traces of Java, Python and Go are joined', () => {
    expect(conf).toMatch(/^ {4}multiline\.parser\s+java,python,go$/m);
  });
});

describe('configuration', () => {
  test('the generated files use only documented keys, for both engines and every output', () => {
    const props: LogCollectorProps = { outputs: everyOutput().filter(o => o.type !== 'loki'), systemdJournal: true, runtime: ContainerRuntime.CONTAINERD };
    const bit = synth({ ...props, outputs: everyOutput(), kubernetesMetadata: KubernetesMetadata.KUBELET }).collector.configFiles['fluent-bit.conf'];
    expect(unknownFluentBitKeys(bit)).toEqual([]);
    const fluentd = synth({ ...props, engine: LogEngine.fluentd('registry.example.com/fluentd-all-plugins:1.16.2') }).collector.configFiles['fluent.conf'];
    expect(unknownFluentdKeys(fluentd)).toEqual([]);
    const docker = synth({ engine: LogEngine.fluentd(), runtime: ContainerRuntime.DOCKER, outputs: [LogOutput.forward({ host: 'agg' })] }).collector.configFiles['fluent.conf'];
    expect(unknownFluentdKeys(docker)).toEqual([]);
    // The key checks can fail: an invented key is found
    expect(unknownFluentBitKeys(`${bit}\n[OUTPUT]\n    Name es\n    Hots x\n`)).toEqual(['OUTPUT/es: Hots']);
    expect(unknownFluentdKeys('<source>\n  @type tail\n  paht /x\n</source>\n')).toEqual(['source/tail: paht']);
  });

  test('Docker nodes: /var/lib/docker/containers read-only too, and the docker parser', () => {
    const { manifests, collector } = synth({ runtime: ContainerRuntime.DOCKER });
    expect(podSpec(manifests).containers[0].volumeMounts).toContainEqual({ name: 'varlibdockercontainers', mountPath: '/var/lib/docker/containers', readOnly: true });
    expect(collector.configFiles['fluent-bit.conf']).toMatch(/^ {4}multiline\.parser docker$/m);
    const fluentd = synth({ engine: LogEngine.fluentd(), runtime: ContainerRuntime.DOCKER }).collector.configFiles['fluent.conf'];
    expect(fluentd).toContain('@type json');
    expect(fluentd).not.toContain('partial_key logtag');
  });

  test('Fluentd on containerd parses CRI lines and joins partial ones', () => {
    const conf = synth({ engine: LogEngine.fluentd() }).collector.configFiles['fluent.conf'];
    expect(conf).toContain('expression /^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[FP]) (?<log>.*)$/');
    expect(conf).toContain('partial_key logtag');
    expect(conf).toContain('pos_file /var/lib/fluentd/logging-fluentd/containers.pos');
  });

  test('credentials are env references to Secrets; no ConfigMap holds a secret', () => {
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Creds', { metadata: { name: 'es-credentials', namespace: 'logging' }, stringData: { password: 'hunter2-do-not-leak' } });
    new LogCollector(chart, 'logs', {
      namespace: 'logging',
      outputs: [LogOutput.elasticsearch({ host: 'es', user: 'fluent', password: LogSecret.fromSecret(secret, 'password') })],
    });
    const manifests = Testing.synth(chart);
    const main = podSpec(manifests).containers[0];
    expect(main.env).toContainEqual({ name: 'LOG_OUTPUT_0_PASSWORD', valueFrom: { secretKeyRef: { name: 'es-credentials', key: 'password' } } });
    expect(of(manifests, 'ConfigMap')[0].data['fluent-bit.conf']).toMatch(/^ {4}HTTP_Passwd\s+\$\{LOG_OUTPUT_0_PASSWORD\}$/m);
    for (const cm of of(manifests, 'ConfigMap')) { expect(JSON.stringify(cm)).not.toContain('hunter2'); }
  });

  test('a credential given as a plain string is refused, without echoing it', () => {
    expect(() => LogOutput.elasticsearch({ host: 'es', user: 'u', password: 'hunter2' as any }))
      .toThrow(/^\[LogOutput\.elasticsearch\] password = '<redacted>': is given as plain string, which would land in the ConfigMap\. Fix: store it in a Secret and pass LogSecret\.fromSecret\(secret, 'password'\)$/);
    expect(() => LogOutput.loki({ host: 'loki', bearerToken: 'abc' as any })).toThrow(/\[LogOutput\.loki\] bearerToken = '<redacted>'/);
  });

  test('without enrichment: no RBAC and no token; from the kubelet: nodes/proxy too, and the node IP', () => {
    const none = synth({ kubernetesMetadata: KubernetesMetadata.NONE });
    expect(of(none.manifests, 'ClusterRole')).toEqual([]);
    expect(podSpec(none.manifests).automountServiceAccountToken).toBe(false);
    expect(none.collector.configFiles['fluent-bit.conf']).not.toContain('[FILTER]\n    Name                kubernetes');
    const kubelet = synth({ kubernetesMetadata: KubernetesMetadata.KUBELET });
    expect(of(kubelet.manifests, 'ClusterRole')[0].rules.map((r: any) => [r.resources[0], r.verbs])).toEqual([
      ['pods', ['get', 'list', 'watch']], ['namespaces', ['get', 'list', 'watch']], ['nodes/proxy', ['get']],
    ]);
    expect(kubelet.collector.configFiles['fluent-bit.conf']).toMatch(/^ {4}Kubelet_Host\s+\$\{HOST_IP\}$/m);
    expect(podSpec(kubelet.manifests).containers[0].env).toContainEqual({ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } });
  });

  test('a configuration change changes the checksum, so the pods roll', () => {
    const checksum = (props: LogCollectorProps) => of(synth(props).manifests, 'DaemonSet')[0].spec.template.metadata.annotations['checksum/config'];
    expect(checksum({})).toBe(checksum({}));
    expect(checksum({ systemdJournal: true })).not.toBe(checksum({}));
    expect(checksum({ outputs: [LogOutput.loki({ host: 'loki' })] })).not.toBe(checksum({}));
  });

  test('the buffer budget follows the memory limit', () => {
    const conf = synth({ systemdJournal: true, resources: { memoryRequest: '400Mi', memoryLimit: '400Mi' } }).collector.configFiles['fluent-bit.conf'];
    expect(conf.match(/Mem_Buf_Limit\s+(\S+)/g)).toEqual(['Mem_Buf_Limit    50M', 'Mem_Buf_Limit     50M']);
    expect(conf).toMatch(/storage\.max_chunks_up\s+50$/m);
  });

  test('without a position database there are no DB lines; extraConfig is appended, marked unchecked', () => {
    const conf = synth({ positionDatabase: false, extraConfig: '[FILTER]\n    Name lua\n    Match *\n' }).collector.configFiles['fluent-bit.conf'];
    expect(conf).not.toMatch(/^\s+DB/m);
    expect(conf).toContain('# extraConfig (not checked by cdk8s-daemons)\n[FILTER]\n    Name lua');
  });

  test('Loki labels, the forward shared key over TLS, HTTP', () => {
    const conf = synth({ outputs: everyOutput() }).collector.configFiles['fluent-bit.conf'];
    expect(conf).toMatch(/^ {4}Labels\s+job=fluent-bit, cluster=prod, namespace=\$kubernetes\['namespace_name'\], pod=\$kubernetes\['pod_name'\], container=\$kubernetes\['container_name'\]$/m);
    expect(conf).toMatch(/^ {4}Shared_Key\s+\$\{LOG_OUTPUT_3_SHARED_KEY\}$/m);
    expect(conf).toMatch(/^ {4}URI\s+\/ingest$/m);
    expect(conf).toMatch(/^ {4}Tenant_ID\s+team-a$/m);
  });

  test('a ServiceMonitor on Fluent Bit\'s Prometheus endpoint', () => {
    const [sm] = of(synth({ serviceMonitor: {} }).manifests, 'ServiceMonitor');
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/api/v1/metrics/prometheus', scheme: 'http' });
  });
});

describe('the Kubernetes docs\' fluentd-elasticsearch, through props', () => {
  test('every field of the seed DaemonSet is reproduced, the selector exactly', () => {
    const chart = Testing.chart();
    new LogCollector(chart, 'fluentd-elasticsearch', {
      name: 'fluentd-elasticsearch',
      namespace: 'kube-system',
      engine: LogEngine.fluentd('gcr.io/google-containers/fluentd-elasticsearch:1.20'),
      runtime: ContainerRuntime.DOCKER,
      adoptedSelector: { name: 'fluentd-elasticsearch' },
      labels: { 'k8s-app': 'fluentd-logging' },
      tolerations: [Toleration.exists('node-role.kubernetes.io/master', { effect: TaintEffect.NO_SCHEDULE })],
      resources: { cpuRequest: '100m', memoryRequest: '200Mi', memoryLimit: '200Mi' },
      terminationGracePeriodSeconds: 30,
      outputs: [LogOutput.elasticsearch({ host: 'elasticsearch-logging.kube-system.svc' })],
    });
    const ds = of(Testing.synth(chart), 'DaemonSet')[0];
    const seed = parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'seeds', 'fluentd-elasticsearch.yaml'), 'utf8'));
    expect(missingFields(seed, ds)).toEqual([
      // The seed mounts /var/log writable for the image's own position files; here it is read-only,
      // and positions live in the collector's state directory.
    ]);
    expect(ds.spec.selector).toEqual(seed.spec.selector);
  });
});

describe('errors', () => {
  test('a collector whose own part throws leaves nothing in the tree: the chart synthesizes without it', () => {
    const chart = Testing.chart();
    // refused after the core is built: the buffer is judged against the container's memory limit
    expect(() => new LogCollector(chart, 'bad', { namespace: 'logging', bufferMemory: '150Mi' })).toThrow(/bufferMemory = '150Mi'/);
    expect(chart.node.tryFindChild('bad')).toBeUndefined();
    new LogCollector(chart, 'good', { namespace: 'logging' });
    // both are named fluent-bit: debris of the first would clash with the second
    expect(Testing.synth(chart).map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'ServiceAccount/fluent-bit', 'DaemonSet/fluent-bit', 'ConfigMap/fluent-bit-config', 'ClusterRole/logging-fluent-bit', 'ClusterRoleBinding/logging-fluent-bit', 'Service/fluent-bit',
    ]);
  });

  test('each trap is a synth-time error naming the prop', () => {
    expect(make({ runtime: ContainerRuntime.CONTAINERD, containerLogFormat: ContainerLogFormat.DOCKER_JSON }))
      .toThrow(error('containerLogFormat', '\'docker-json\'', 'does not match runtime \'containerd\', which writes CRI-format lines'));
    expect(make({ runtime: ContainerRuntime.DOCKER, containerLogFormat: ContainerLogFormat.CRI }))
      .toThrow(error('containerLogFormat', '\'cri\'', 'does not match runtime \'docker\', which writes Docker json-file lines'));
    expect(make({ readFromHead: true, positionDatabase: false }))
      .toThrow(error('readFromHead', 'true', 'without a position database would read every log file from its beginning again on every restart'));
    expect(make({ bufferMemory: '150Mi' }))
      .toThrow(error('bufferMemory', '\'150Mi\'', 'leaves the process 50Mi of its 200Mi memory limit, less than the safe margin of half the limit (100Mi)'));
    expect(make({ bufferMemory: '1Mi' })).toThrow(error('bufferMemory', '\'1Mi\'', 'is below 2Mi'));
    expect(make({ bufferMemory: 'lots' })).toThrow(error('bufferMemory', '\'lots\'', 'is not a Kubernetes quantity'));
    expect(make({ bufferMemory: '1e309' })).toThrow(error('bufferMemory', '\'1e309\'', 'is not a Kubernetes quantity'));
    // amounts that are not whole MiB: rounded in the text, and the fix's "at most" is itself accepted
    const odd = { namespace: 'logging', resources: { memoryLimit: '101Mi', memoryRequest: '101Mi' } };
    expect(make({ ...odd, bufferMemory: '51Mi' })).toThrow(
      /bufferMemory = '51Mi': leaves the process 50Mi of its 101Mi memory limit, less than the safe margin of half the limit \(51Mi\).*\. Fix: keep bufferMemory at most 50Mi, or raise resources\.memoryLimit$/);
    expect(make({ ...odd, bufferMemory: '50Mi' })).not.toThrow();
    expect(make({ resources: { memoryLimit: '102.6Mi', memoryRequest: '64Mi' }, bufferMemory: '52Mi' })).toThrow(/leaves the process 51Mi of its 103Mi memory limit/);
    expect(make({ outputs: [] })).toThrow(error('outputs', '[]', 'lists no output'));
    expect(make({ engine: LogEngine.fluentd(), outputs: [LogOutput.loki({ host: 'loki' })] })).toThrow(error('image', '["loki"]', 'needs a fluentd image with these outputs\' plugins'));
    expect(make({ engine: LogEngine.fluentd(), kubernetesMetadata: KubernetesMetadata.KUBELET })).toThrow(error('kubernetesMetadata', '\'kubelet\'', 'is not offered by fluentd'));
    expect(make({ engine: LogEngine.fluentd(), serviceMonitor: {} })).toThrow(error('serviceMonitor', '\'30s\'', 'needs Prometheus metrics'));
    expect(make({ stateDirectory: '/var/log/fluent-bit' })).toThrow(error('stateDirectory', '\'/var/log/fluent-bit\'', 'must be an absolute node path of its own, outside /var/log'));
    expect(make({ args: ['-c', '/x'] })).toThrow(error('args', '["-c","/x"]', 'would change how the engine starts'));
    expect(make({ serviceMonitor: { interval: 'often' } })).toThrow(error('serviceMonitor.interval', '\'often\'', 'is not a Prometheus duration'));
    expect(() => LogOutput.forward({ host: 'agg', sharedKey: credentials() })).toThrow(/\[LogOutput\.forward\] sharedKey = "<secret>": would be sent in the clear/);
    expect(() => LogOutput.elasticsearch({ host: 'es', user: 'u' })).toThrow(/\[LogOutput\.elasticsearch\] user = "u": is half of basic authentication/);
    expect(() => LogOutput.elasticsearch({ host: 'https://es' })).toThrow(/\[LogOutput\.elasticsearch\] host = "https:\/\/es": is not a host name/);
    expect(() => LogSecret.fromSecret(kplus.Secret.fromSecretName(Testing.chart(), 'S', 's'), 'pass word')).toThrow(/\[LogSecret\.fromSecret\] key = 'pass word'/);
  });

  test('each refusal says its whole fix, word for word', () => {
    const message = (f: () => unknown) => { try { f(); } catch (e) { return (e as Error).message; } return 'accepted'; };
    const fix = (f: () => unknown) => message(f).split('. Fix: ')[1];
    // the fix names the runtime whose lines the chosen format is
    expect(fix(make({ runtime: ContainerRuntime.CONTAINERD, containerLogFormat: ContainerLogFormat.DOCKER_JSON })))
      .toBe('leave containerLogFormat out (the runtime chooses it), or set runtime to the nodes\' runtime (ContainerRuntime.DOCKER)');
    expect(fix(make({ runtime: ContainerRuntime.DOCKER, containerLogFormat: ContainerLogFormat.CRI })))
      .toBe('leave containerLogFormat out (the runtime chooses it), or set runtime to the nodes\' runtime (ContainerRuntime.CONTAINERD)');
    // an output the engine lacks: only an OTLP (gRPC) output is pointed to OTLP/HTTP
    expect(fix(make({ engine: LogEngine.fluentd(), image: 'example.com/fluentd:1.0', outputs: [LogOutput.otlpHttp({ host: 'gw.svc' })] })))
      .toBe('choose an output of the engine, or another engine (LogEngine.fluentBit() has the most)');
    const otel = (props: LogCollectorProps) => fix(make({ engine: LogEngine.openTelemetry(), ...props }));
    expect(otel({ kubernetesMetadata: KubernetesMetadata.KUBELET })).toBe('use KubernetesMetadata.API_SERVER');
    expect(otel({ extraConfig: 'x: 1' })).toBe('use LogEngine.fluentBit() or LogEngine.fluentd() for raw configuration');
    expect(otel({ bufferMemory: '50Mi' })).toBe('leave bufferMemory out; size resources.memoryLimit');
    expect(otel({ outputs: [LogOutput.loki({ host: 'l.svc', labels: { cluster: 'prod' } })] })).toBe('configure the labels in Loki, or use LogEngine.fluentBit()');
    expect(fix(() => LogParser.regex('p', '^.*$'))).toBe('name the parts to keep, e.g. \'^(?<time>[^ ]+) (?<message>.*)$\'');
    expect(fix(() => LogParser.json('p', { timeKey: 'time\nName x' }))).toBe('write it on one line');
    expect(fix(() => LogParser.json('p', { timeFormat: '%s' }))).toBe('give timeKey, the field holding the time');
    // an unknown prop names the construct's path
    expect(message(() => new LogCollector(Testing.chart(), 'logs', { imge: 'x' } as LogCollectorProps))).toMatch(/^\[test\/logs\] imge = 'x': is not a prop of LogCollectorProps/);
  });

  test('accepted: a containerLogFormat that is the runtime\'s own, a state directory with /var/log deeper in its path, and a subclass\'s own props', () => {
    expect(make({ namespace: 'logging', runtime: ContainerRuntime.CONTAINERD, containerLogFormat: ContainerLogFormat.CRI })).not.toThrow();
    expect(make({ namespace: 'logging', runtime: ContainerRuntime.CRIO, containerLogFormat: ContainerLogFormat.CRI })).not.toThrow();
    expect(make({ namespace: 'logging', runtime: ContainerRuntime.DOCKER, containerLogFormat: ContainerLogFormat.DOCKER_JSON })).not.toThrow();
    // /var/log is refused as the directory's start only (it is mounted read-only there)
    expect(make({ namespace: 'logging', stateDirectory: '/srv/var/log/fluent-bit' })).not.toThrow();
    expect(make({ namespace: 'logging', stateDirectory: '/var/logs/fluent-bit' })).not.toThrow();
    expect(make({ stateDirectory: '/var/log' })).toThrow(error('stateDirectory', '\'/var/log\'', 'must be an absolute node path of its own'));
    // a preset built on LogCollector checks its own props: LogCollector does not refuse their keys
    interface TeamCollectorProps extends LogCollectorProps { readonly team: string }
    class TeamCollector extends LogCollector {
      constructor(scope: Chart, id: string, props: TeamCollectorProps) {
        super(scope, id, { ...props, namespace: `logs-${props.team}` }); // its props whole, its own key among them
      }
    }
    expect(() => new TeamCollector(Testing.chart(), 'logs', { team: 'payments' })).not.toThrow();
  });

  test('with no namespace anywhere, the collector\'s own logs are excluded in every namespace', () => {
    const chart = Testing.chart();
    const collector = new LogCollector(chart, 'logs', { kubernetesMetadata: KubernetesMetadata.NONE });
    expect(collector.configFiles['fluent-bit.conf']).toMatch(/^ {4}Exclude_Path\s+\/var\/log\/containers\/fluent-bit-\*_\*_\*\.log$/m);
  });

  test('two collectors sharing a state directory are caught before apply', () => {
    const chart = Testing.chart();
    new LogCollector(chart, 'a', { namespace: 'logging', name: 'logs-a', stateDirectory: '/var/lib/logs' });
    new LogCollector(chart, 'b', { namespace: 'logging', name: 'logs-b', stateDirectory: '/var/lib/logs' });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/b\] hostPathMounts = 'host path \/var\/lib\/logs \(both write it\)': is also used by the DaemonSet at 'test\/a'/);
  });

  test('two collectors with their default state directories do not clash: the directory is per collector', () => {
    const chart = Testing.chart();
    new LogCollector(chart, 'a', { namespace: 'logging', name: 'logs-a' });
    new LogCollector(chart, 'b', { namespace: 'logging', name: 'logs-b' });
    expect(of(Testing.synth(chart), 'DaemonSet')).toHaveLength(2);
  });
});

/** Paths of `expected`'s fields that `actual` lacks or holds otherwise (arrays: each element found somewhere). */
function missingFields(expected: any, actual: any, at = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) { return [at]; }
    return expected.flatMap((e, i) => (actual.some(a => missingFields(e, a).length === 0) ? [] : [`${at}[${i}]`]));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') { return [at]; }
    return Object.keys(expected).flatMap(k => missingFields(expected[k], actual[k], `${at}.${k}`));
  }
  return expected === actual ? [] : [at];
}

describe('probes, tied to the endpoint the configuration serves', () => {
  test('Fluent Bit: liveness on / and readiness on /api/v1/health of its HTTP server, whose Health_Check is on', () => {
    const { manifests, collector } = synth();
    const main = podSpec(manifests).containers[0];
    const conf = collector.configFiles['fluent-bit.conf'];
    const port = Number(/^ {4}HTTP_Port\s+(\d+)$/m.exec(conf)![1]);
    expect(conf).toMatch(/^ {4}HTTP_Server\s+On$/m);
    expect(conf).toMatch(/^ {4}Health_Check\s+On$/m);
    expect(main.livenessProbe.httpGet).toEqual({ path: '/', port, scheme: 'HTTP' });
    expect(main.readinessProbe.httpGet).toEqual({ path: '/api/v1/health', port, scheme: 'HTTP' });
  });

  test('Fluentd: both on monitor_agent\'s /api/plugins.json, on the port it listens on', () => {
    const { manifests, collector } = synth({ engine: LogEngine.fluentd(), outputs: [LogOutput.stdout()] });
    const main = podSpec(manifests).containers[0];
    const port = Number(/<source>\n\s+@type monitor_agent\n(?:\s+\S+ \S+\n)*?\s+port (\d+)/.exec(collector.configFiles['fluent.conf'])![1]);
    expect(main.livenessProbe.httpGet).toEqual({ path: '/api/plugins.json', port, scheme: 'HTTP' });
    expect(main.readinessProbe.httpGet).toEqual({ path: '/api/plugins.json', port, scheme: 'HTTP' });
  });

  test('a probe of the user\'s replaces the preset\'s', () => {
    const { manifests } = synth({ livenessProbe: Probe.tcpSocket({ port: 2020 }) });
    expect(podSpec(manifests).containers[0].livenessProbe).toMatchObject({ tcpSocket: { port: 2020 } });
  });
});

describe('parsers: the image\'s stay reachable, and your own are added', () => {
  test('the ConfigMap is mounted below /fluent-bit/etc (not over it), the engine is pointed at it, and the image\'s parsers.conf is read', () => {
    const { manifests, collector } = synth();
    const main = podSpec(manifests).containers[0];
    const mount = main.volumeMounts.find((m: any) => m.name === 'config');
    expect(mount.mountPath).toBe('/fluent-bit/etc/conf');
    expect(main.args).toEqual(['--workdir=/fluent-bit/etc', `--config=${mount.mountPath}/fluent-bit.conf`]);
    expect(Object.keys(collector.configFiles)).toEqual(['fluent-bit.conf']);
    expect(collector.configFiles['fluent-bit.conf'].match(/^ {4}Parsers_File.*$/gm)).toEqual(['    Parsers_File              /fluent-bit/etc/parsers.conf']);
  });

  test('parsers of your own go to custom-parsers.conf, which the service section names; every key is a documented one', () => {
    const { collector } = synth({
      parsers: [
        LogParser.regex('nginx-custom', '^(?<remote>[^ ]*) (?<code>[^ ]*) (?<time>[^ ]*)$', { timeKey: 'time', timeFormat: '%d/%b/%Y:%H:%M:%S %z', timeKeep: true }),
        LogParser.json('app-json'),
        LogParser.logfmt('app-logfmt'),
      ],
    });
    expect(collector.configFiles['custom-parsers.conf']).toBe([
      '[PARSER]', '    Name        nginx-custom', '    Format      regex', '    Regex       ^(?<remote>[^ ]*) (?<code>[^ ]*) (?<time>[^ ]*)$',
      '    Time_Key    time', '    Time_Format %d/%b/%Y:%H:%M:%S %z', '    Time_Keep   On', '',
      '[PARSER]', '    Name   app-json', '    Format json', '',
      '[PARSER]', '    Name   app-logfmt', '    Format logfmt', '',
    ].join('\n'));
    expect(collector.configFiles['fluent-bit.conf']).toMatch(/^ {4}Parsers_File\s+\/fluent-bit\/etc\/conf\/custom-parsers\.conf$/m);
    expect(unknownFluentBitKeys(collector.configFiles['custom-parsers.conf'])).toEqual([]);
    expect(unknownFluentBitKeys(collector.configFiles['fluent-bit.conf'])).toEqual([]);
  });

  test('refused: a regex without a named group or that does not compile, a line break, timeFormat without timeKey, a bad name, twice one name, parsers with Fluentd', () => {
    expect(() => LogParser.regex('p', '^.*$')).toThrow(/^\[LogParser\.regex\] regex = '\^\.\*\$': has no named group/);
    expect(() => LogParser.regex('p', '^(?<a>.*$')).toThrow(/is not a regular expression/);
    expect(() => LogParser.json('p', { timeKey: 'time\nName x' })).toThrow(/timeKey = .*holds a line break/);
    expect(() => LogParser.json('p', { timeFormat: '%s' })).toThrow(/timeFormat = '%s': has no timeKey/);
    expect(() => LogParser.json('-p')).toThrow(/name = '-p': must be letters/);
    expect(() => LogParser.json('a.b_c-1')).not.toThrow();
    expect(make({ parsers: [LogParser.json('x'), LogParser.logfmt('x')] })).toThrow(error('parsers', '\'x\'', 'names two parsers'));
    expect(make({ engine: LogEngine.fluentd(), parsers: [LogParser.json('x')] })).toThrow(error('parsers', '["x"]', 'are Fluent Bit parsers'));
  });
});

describe('the OpenTelemetry Collector engine', () => {
  const otel = (props: LogCollectorProps = {}) => synth({ engine: LogEngine.openTelemetry(), ...props });
  const configOf = (collector: LogCollector) => parse(collector.configFiles['config.yaml']);

  test('snapshot: the defaults', () => {
    expect(otel().manifests).toMatchSnapshot();
  });

  test('the contrib image, started on the mounted config.yaml, metrics on 8888 and probes on health_check\'s 13133', () => {
    const { manifests, collector } = otel();
    const main = podSpec(manifests).containers[0];
    expect(main.image).toBe('otel/opentelemetry-collector-contrib:0.160.0');
    expect(main.args).toEqual(['--config=/conf/config.yaml']);
    expect(main.volumeMounts.find((m: any) => m.name === 'config')).toEqual({ name: 'config', mountPath: '/conf', readOnly: true });
    expect(main.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['metrics', 8888], ['health', 13133]]);
    expect(main.livenessProbe.httpGet).toEqual({ path: '/', port: 13133, scheme: 'HTTP' });
    expect(main.readinessProbe.httpGet).toEqual({ path: '/', port: 13133, scheme: 'HTTP' });
    const config = configOf(collector);
    expect(config.extensions.health_check.endpoint).toBe('0.0.0.0:13133');
    expect(config.service.telemetry.metrics.readers[0].pull.exporter.prometheus).toEqual({ host: '0.0.0.0', port: 8888 });
    expect(Object.keys(collector.configFiles)).toEqual(['config.yaml']);
  });

  test('positions and the sending queue in the collector\'s own host directory; its own pods\' logs left out', () => {
    const { manifests, collector } = otel({ outputs: [LogOutput.otlp({ host: 'gw.svc' })] });
    const config = configOf(collector);
    const state = podSpec(manifests).volumes.find((v: any) => v.name === 'state').hostPath;
    expect(state).toEqual({ path: '/var/lib/otel-collector/logging-otel-collector', type: 'DirectoryOrCreate' });
    expect(config.extensions.file_storage).toEqual({ directory: `${state.path}/storage`, create_directory: true, timeout: '1s' });
    expect(config.receivers.file_log).toMatchObject({
      include: ['/var/log/pods/*/*/*.log'],
      exclude: ['/var/log/pods/logging_otel-collector-*_*/*/*.log'],
      start_at: 'end',
      storage: 'file_storage',
    });
    expect(config.receivers.file_log.operators[0]).toEqual({ type: 'container', id: 'container-parser', format: 'containerd' });
    expect(config.exporters['otlp_grpc/output0']).toMatchObject({ sending_queue: { enabled: true, storage: 'file_storage' }, retry_on_failure: { enabled: true, max_elapsed_time: 0 } });
    // without positions, no storage for the receiver; from the head on request
    expect(configOf(otel({ positionDatabase: false }).collector).receivers.file_log.storage).toBeUndefined();
    expect(configOf(otel({ readFromHead: true }).collector).receivers.file_log.start_at).toBe('beginning');
  });

  test('memory_limiter at 80% of the memory limit, spikes a quarter of that; the pipeline in the collector\'s recommended order', () => {
    const config = configOf(otel({ resources: { memoryLimit: '1Gi', memoryRequest: '1Gi' } }).collector);
    expect(config.processors.memory_limiter).toEqual({ check_interval: '1s', limit_mib: 819, spike_limit_mib: 204 });
    expect(config.service.pipelines.logs).toEqual({ receivers: ['file_log'], processors: ['memory_limiter', 'k8s_attributes', 'batch'], exporters: ['debug/output0'] });
  });

  test('k8s_attributes for this node\'s pods, with the RBAC it needs; none without metadata', () => {
    const { manifests, collector } = otel();
    const k8s = configOf(collector).processors.k8s_attributes;
    expect(k8s.filter).toEqual({ node_from_env_var: 'NODE_NAME' });
    expect(podSpec(manifests).containers[0].env.find((e: any) => e.name === 'NODE_NAME').valueFrom.fieldRef.fieldPath).toBe('spec.nodeName');
    expect(of(manifests, 'ClusterRole')[0].rules.map((r: any) => [r.apiGroups, r.resources, r.verbs])).toEqual([
      [[''], ['pods'], ['get', 'list', 'watch']], [[''], ['namespaces'], ['get', 'list', 'watch']],
    ]);
    const none = otel({ kubernetesMetadata: KubernetesMetadata.NONE });
    expect(configOf(none.collector).processors.k8s_attributes).toBeUndefined();
    expect(of(none.manifests, 'ClusterRole')).toEqual([]);
  });

  test('outputs: OTLP gRPC and HTTP, Loki\'s OTLP endpoint with its tenant, stdout; a token only as an environment reference', () => {
    const chart = Testing.chart();
    const token = LogSecret.fromSecret(kplus.Secret.fromSecretName(chart, 'T', 'otlp-token'), 'token');
    const { manifests, collector } = otel({
      outputs: [
        LogOutput.otlp({ host: 'gw.svc', bearerToken: token }),
        LogOutput.otlpHttp({ host: 'otel.example.com', tls: true, tlsVerify: false, path: '/ingest' }),
        LogOutput.loki({ host: 'loki.svc', tenantId: 'team-a' }),
        LogOutput.stdout(),
      ],
    });
    const exporters = configOf(collector).exporters;
    expect(Object.keys(exporters)).toEqual(['otlp_grpc/output0', 'otlp_http/output1', 'otlp_http/output2', 'debug/output3']);
    expect(exporters['otlp_grpc/output0']).toMatchObject({ endpoint: 'gw.svc:4317', tls: { insecure: true }, headers: { Authorization: 'Bearer ${env:LOG_OUTPUT_0_BEARER_TOKEN}' } });
    expect(exporters['otlp_http/output1']).toMatchObject({ endpoint: 'https://otel.example.com:4318/ingest', tls: { insecure_skip_verify: true } });
    expect(exporters['otlp_http/output2']).toMatchObject({ endpoint: 'http://loki.svc:3100/otlp', headers: { 'X-Scope-OrgID': 'team-a' } });
    expect(exporters['debug/output3']).toEqual({ verbosity: 'basic' });
    expect(podSpec(manifests).containers[0].env.find((e: any) => e.name === 'LOG_OUTPUT_0_BEARER_TOKEN').valueFrom.secretKeyRef).toEqual({ name: 'otlp-token', key: 'token' });
    expect(JSON.stringify(of(manifests, 'ConfigMap'))).not.toContain('otlp-token');
  });

  test('refused, each with the engine named: outputs it has no exporter for, the journal, kubelet metadata, raw configuration, bufferMemory, basic authentication, Loki labels', () => {
    const withEngine = (props: LogCollectorProps) => make({ engine: LogEngine.openTelemetry(), ...props });
    expect(withEngine({ outputs: [LogOutput.elasticsearch({ host: 'es.svc' })] })).toThrow(error('outputs[0]', '\'elasticsearch\'', 'is not an output of the otel-collector engine (it has otlp, otlp-http, loki, stdout)'));
    expect(withEngine({ outputs: [LogOutput.forward({ host: 'agg.svc' })] })).toThrow(/outputs\[0\] = 'forward': is not an output of the otel-collector engine/);
    expect(withEngine({ systemdJournal: true })).toThrow(error('systemdJournal', 'true', 'has no journal reader (the collector image has no journalctl) with the OpenTelemetry Collector engine'));
    expect(withEngine({ kubernetesMetadata: KubernetesMetadata.KUBELET })).toThrow(/kubernetesMetadata = 'kubelet': is not offered: k8s_attributes reads the API server/);
    expect(withEngine({ extraConfig: 'x: 1' })).toThrow(/extraConfig = '<text>': cannot be appended to a YAML configuration/);
    expect(withEngine({ extraConfig: '' })).toThrow(/extraConfig = '<text>': cannot be appended/);
    // an empty list of parsers is none: accepted by every engine
    expect(withEngine({ namespace: 'logging', parsers: [] })).not.toThrow();
    expect(make({ namespace: 'logging', engine: LogEngine.fluentd(), image: 'example.com/fluentd:1.0', parsers: [] })).not.toThrow();
    expect(withEngine({ bufferMemory: '50Mi' })).toThrow(/bufferMemory = '50Mi': has no meaning: memory_limiter bounds/);
    expect(withEngine({ outputs: [LogOutput.otlpHttp({ host: 'a.svc', user: 'u', password: credentials() })] })).toThrow(/outputs\[0\]\.user = 'u': has no basic authentication here/);
    expect(withEngine({ outputs: [LogOutput.loki({ host: 'l.svc', labels: { cluster: 'prod' } })] })).toThrow(/outputs\[0\]\.labels = .*Loki takes its labels from the OTLP resource attributes/);
    expect(withEngine({ parsers: [LogParser.json('x')] })).toThrow(/parsers = \["x"\]: are Fluent Bit parsers/);
  });

  test('OTLP outputs with the other engines: Fluent Bit renders OTLP/HTTP (its opentelemetry output), and refuses gRPC; Fluentd has neither', () => {
    const { collector } = synth({ outputs: [LogOutput.otlpHttp({ host: 'gw.svc', path: '/base', tls: true })] });
    const conf = collector.configFiles['fluent-bit.conf'];
    expect(conf).toMatch(/^ {4}Name\s+opentelemetry$/m);
    expect(conf).toMatch(/^ {4}Logs_uri\s+\/base\/v1\/logs$/m);
    expect(unknownFluentBitKeys(conf)).toEqual([]);
    expect(make({ outputs: [LogOutput.otlp({ host: 'gw.svc' })] })).toThrow(/outputs\[0\] = 'otlp': is not an output of the fluent-bit engine.*Fix: use LogOutput.otlpHttp, or LogEngine.openTelemetry\(\)/);
    expect(make({ engine: LogEngine.fluentd(), outputs: [LogOutput.otlpHttp({ host: 'gw.svc' })] })).toThrow(/outputs\[0\] = 'otlp-http': is not an output of the fluentd engine/);
  });

  test('LogOutput.otlp/otlpHttp: ports by protocol; a base path only for HTTP and only a URL path', () => {
    expect([LogOutput.otlp({ host: 'a' }).port, LogOutput.otlpHttp({ host: 'a' }).port]).toEqual([4317, 4318]);
    expect(() => LogOutput.otlp({ host: 'a', path: '/x' })).toThrow(/^\[LogOutput\.otlp\] path = "\/x": is a base path of OTLP\/HTTP, which gRPC does not have/);
    expect(() => LogOutput.otlpHttp({ host: 'a', path: 'x' })).toThrow(/^\[LogOutput\.otlpHttp\] path = "x": must be a URL path starting with '\/'/);
    expect(() => LogOutput.otlpHttp({ host: 'a', path: '/a b' })).toThrow(/must be a URL path/);
    expect(LogOutput.otlpHttp({ host: 'a', path: '/otlp/v2' }).path).toBe('/otlp/v2');
  });

  test('one position store per collector: two OpenTelemetry collectors given one state directory clash on the same nodes', () => {
    const chart = Testing.chart();
    new LogCollector(chart, 'a', { engine: LogEngine.openTelemetry(), name: 'otel-a', namespace: 'logging', stateDirectory: '/var/lib/otel/shared' });
    new LogCollector(chart, 'b', { engine: LogEngine.openTelemetry(), name: 'otel-b', namespace: 'logging', stateDirectory: '/var/lib/otel/shared' });
    expect(() => Testing.synth(chart)).toThrow(/host path \/var\/lib\/otel\/shared \(both write it\)/);
  });
});

/** Issue 23: what the engines write, section by section and output by output, compared whole. */
describe('engines: each section and output compared whole', () => {
  const fluentBit = (props: LogCollectorProps) => fluentBitSections(synth(props).collector.configFiles['fluent-bit.conf']);
  const outputsOf = (props: LogCollectorProps) => fluentBit(props).filter(s => s.section === 'OUTPUT').map(s => s.entries);
  const secret = (key: string) => LogSecret.fromSecret(kplus.Secret.fromSecretName(Testing.chart(), 'S', 'creds'), key);

  test('Fluent Bit\'s sections: a multiline filter only when stack traces are joined, a kubernetes filter only with metadata', () => {
    const sections = (props: LogCollectorProps) => fluentBit(props).map(s => `${s.section}/${s.entries.find(([k]) => k === 'Name')?.[1] ?? ''}`);
    expect(sections({})).toEqual(['SERVICE/', 'INPUT/tail', 'FILTER/multiline', 'FILTER/kubernetes', 'OUTPUT/stdout']);
    expect(sections({ multiline: [] })).toEqual(['SERVICE/', 'INPUT/tail', 'FILTER/kubernetes', 'OUTPUT/stdout']);
    expect(sections({ multiline: [], kubernetesMetadata: KubernetesMetadata.NONE, systemdJournal: true })).toEqual(['SERVICE/', 'INPUT/tail', 'INPUT/systemd', 'OUTPUT/stdout']);
  });

  test('extraConfig is appended once, its trailing blank lines trimmed and its first line kept', () => {
    const conf = synth({ extraConfig: '\n[FILTER]\n    Name grep\n    Match *\n\n\n' }).collector.configFiles['fluent-bit.conf'];
    expect(conf.endsWith('\n\n# extraConfig (not checked by cdk8s-daemons)\n\n[FILTER]\n    Name grep\n    Match *\n')).toBe(true);
    const fluentd = synth({ engine: LogEngine.fluentd(), extraConfig: '<label @X>\n</label>\n\n' }).collector.configFiles['fluent.conf'];
    expect(fluentd.endsWith('</match>\n\n# extraConfig (not checked by cdk8s-daemons)\n<label @X>\n</label>\n')).toBe(true);
  });

  test('stdout: name, match and format only (no TLS, no retries)', () => {
    expect(outputsOf({})).toEqual([[['Name', 'stdout'], ['Match', '*'], ['Format', 'json_lines']]]);
  });

  test('Loki without metadata: the job label only; a bearer token as an environment reference', () => {
    expect(outputsOf({ kubernetesMetadata: KubernetesMetadata.NONE, outputs: [LogOutput.loki({ host: 'loki.svc', bearerToken: secret('token') })] })).toEqual([[
      ['Name', 'loki'], ['Match', '*'], ['Retry_Limit', 'False'], ['Host', 'loki.svc'], ['Port', '3100'],
      ['Labels', 'job=fluent-bit'], ['Line_Format', 'json'], ['bearer_token', '${LOG_OUTPUT_0_BEARER_TOKEN}'], ['tls', 'Off'],
    ]]);
  });

  test('OTLP/HTTP: /v1/logs without a base path; a bearer token as a header; basic authentication only when a user is given', () => {
    expect(outputsOf({ outputs: [LogOutput.otlpHttp({ host: 'gw.svc', bearerToken: secret('token') })] })).toEqual([[
      ['Name', 'opentelemetry'], ['Match', '*'], ['Retry_Limit', 'False'], ['Host', 'gw.svc'], ['Port', '4318'], ['Logs_uri', '/v1/logs'],
      ['Header', 'Authorization Bearer ${LOG_OUTPUT_0_BEARER_TOKEN}'], ['tls', 'Off'],
    ]]);
    expect(outputsOf({ outputs: [LogOutput.otlpHttp({ host: 'gw.svc', user: 'u', password: secret('password'), tls: true })] })).toEqual([[
      ['Name', 'opentelemetry'], ['Match', '*'], ['Retry_Limit', 'False'], ['Host', 'gw.svc'], ['Port', '4318'], ['Logs_uri', '/v1/logs'],
      ['http_user', 'u'], ['http_passwd', '${LOG_OUTPUT_0_PASSWORD}'], ['tls', 'On'], ['tls.verify', 'On'],
    ]]);
  });

  test('HTTP without a uri posts to /', () => {
    expect(outputsOf({ outputs: [LogOutput.http({ host: 'collector.svc' })] })).toEqual([[
      ['Name', 'http'], ['Match', '*'], ['Retry_Limit', 'False'], ['Host', 'collector.svc'], ['Port', String(LogOutput.http({ host: 'x' }).port)],
      ['URI', '/'], ['Format', 'json_lines'], ['tls', 'Off'],
    ]]);
  });

  test('Fluentd\'s image by output: the plugin\'s image, the forward image for the rest, none when two plugins or Loki are needed', () => {
    const image = (...types: LogOutput[]) => LogEngine.fluentd()._imageFor(types.map(o => o.type));
    const tag = (flavour: string) => `fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-${flavour}-1.0`;
    expect(image(LogOutput.elasticsearch({ host: 'es' }))).toBe(tag('elasticsearch8'));
    expect(image(LogOutput.openSearch({ host: 'os' }))).toBe(tag('opensearch'));
    expect(image(LogOutput.http({ host: 'h' }))).toBe(tag('forward'));
    expect(image(LogOutput.forward({ host: 'f' }))).toBe(tag('forward'));
    expect(image(LogOutput.stdout())).toBe(tag('forward'));
    expect(image(LogOutput.openSearch({ host: 'os' }), LogOutput.stdout(), LogOutput.http({ host: 'h' }))).toBe(tag('opensearch'));
    expect(image(LogOutput.elasticsearch({ host: 'es' }), LogOutput.openSearch({ host: 'os' }))).toBeUndefined();
    expect(image(LogOutput.loki({ host: 'l' }))).toBeUndefined();
    expect(image(LogOutput.loki({ host: 'l' }), LogOutput.forward({ host: 'f' }))).toBeUndefined();
    expect(LogEngine.fluentd('my/fluentd:1')._imageFor([LogOutputType.LOKI])).toBe('my/fluentd:1');
  });

  test('an output an engine has no plugin for, if it ever reached rendering, is an error naming the engine', () => {
    const config: CollectorConfig = {
      name: 'logs',
      runtime: ContainerRuntime.CONTAINERD,
      format: ContainerLogFormat.CRI,
      containerLogs: '/var/log/containers/*.log',
      excludePaths: [],
      ownPodLogs: '/var/log/pods/logging_logs-*/*/*.log',
      multiline: [],
      journal: false,
      metadata: KubernetesMetadata.NONE,
      outputs: [{ output: LogOutput.otlp({ host: 'gw' }), env: {} }],
      stateDirectory: '/var/lib/logs',
      readFromHead: false,
      positions: true,
      bufferBytes: 64 * 1024 * 1024,
      metricsPort: 2020,
      gracePeriodSeconds: 30,
      parsers: [],
    };
    expect(() => LogEngine.fluentBit()._render(config, 256 * 1024 * 1024)).toThrow(/^Fluent Bit has no output for otlp$/);
    expect(() => LogEngine.fluentd()._render(config, 256 * 1024 * 1024)).toThrow(/^Fluentd has no output for otlp$/);
    const es = { ...config, outputs: [{ output: LogOutput.elasticsearch({ host: 'es' }), env: {} }] };
    expect(() => LogEngine.openTelemetry()._render(es, 256 * 1024 * 1024)).toThrow(/^the OpenTelemetry Collector engine has no output for elasticsearch$/);
  });
});

/** Issue 23: LogCollector's own decisions, each branch taken both ways. */
describe('LogCollector core: defaults derived, and each refusal on both sides', () => {
  const daemonSet = (manifests: any[]) => of(manifests, 'DaemonSet')[0];
  const stateHostPath = (manifests: any[]) => podSpec(manifests).volumes.find((v: any) => v.name === 'state').hostPath.path;

  test('the state directory: the engine\'s, the namespace (the prop, a DaemonNamespace, the chart\'s, else "default") and the name', () => {
    expect(stateHostPath(synth({}).manifests)).toBe('/var/lib/fluent-bit/logging-fluent-bit');
    expect(stateHostPath(synth({ engine: LogEngine.fluentd(), name: 'fd' }).manifests)).toBe('/var/lib/fluentd/logging-fd');
    const inChart = (chartNamespace: string | undefined, props: LogCollectorProps) => {
      const chart = new Chart(Testing.app(), 'c', { namespace: chartNamespace });
      new LogCollector(chart, 'logs', props);
      return Testing.synth(chart);
    };
    expect(stateHostPath(inChart('observability', {}))).toBe('/var/lib/fluent-bit/observability-fluent-bit');
    expect(stateHostPath(inChart('observability', { namespace: 'logs-ns' }))).toBe('/var/lib/fluent-bit/logs-ns-fluent-bit');
    const none = inChart(undefined, { kubernetesMetadata: KubernetesMetadata.NONE });
    expect(stateHostPath(none)).toBe('/var/lib/fluent-bit/default-fluent-bit');
  });

  test('its own logs are left out, by namespace, or any namespace when none is known', () => {
    expect(synth({}).collector.configFiles['fluent-bit.conf']).toMatch(/^ {4}Exclude_Path\s+\/var\/log\/containers\/fluent-bit-\*_logging_\*\.log$/m);
    const chart = Testing.chart();
    const c = new LogCollector(chart, 'logs', { kubernetesMetadata: KubernetesMetadata.NONE, engine: LogEngine.openTelemetry() });
    expect(parse(c.configFiles['config.yaml']).receivers.file_log.exclude).toEqual(['/var/log/pods/*_otel-collector-*_*/*/*.log']);
  });

  test('the state directory: absolute, no \'..\', outside /var/log (and /var/logs is another directory)', () => {
    for (const bad of ['var/lib/logs', '/var/lib/../log/x', '/var/log', '/var/log/', '/var/log/x']) {
      expect(make({ stateDirectory: bad })).toThrow(error('stateDirectory', `'${bad}'`, 'must be an absolute node path of its own, outside /var/log'));
    }
    for (const ok of ['/var/logs', '/var/lib/log', '/logging', '/var/lib/..x']) {
      expect(stateHostPath(synth({ stateDirectory: ok }).manifests)).toBe(ok);
    }
  });

  test('the buffer: a quarter of the memory limit in whole MiB by default, refused below one chunk with the derived value named', () => {
    const membuf = (memoryLimit: string) => /Mem_Buf_Limit\s+(\S+)/.exec(synth({ resources: { memoryLimit, memoryRequest: memoryLimit } }).collector.configFiles['fluent-bit.conf'])?.[1];
    expect(['200Mi', '203Mi', '8Mi'].map(membuf)).toEqual(['50M', '50M', '2M']);
    expect(make({ resources: { memoryLimit: '7Mi', memoryRequest: '7Mi' } })).toThrow(error('bufferMemory', '\'1Mi\'', 'is below 2Mi, one buffer chunk'));
  });

  test('resources: a prop left undefined keeps the default; the rest of the defaults stay', () => {
    const container = podSpec(synth({ resources: { cpuRequest: '50m', memoryLimit: undefined } }).manifests).containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '200Mi' }, limits: { memory: '200Mi' } });
  });

  test('root to read the log files unless the security context says otherwise, key by key', () => {
    const context = (props: LogCollectorProps) => podSpec(synth(props).manifests).containers[0].securityContext;
    expect(context({})).toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false });
    expect(context({ securityContext: { runAsUser: 1000, runAsNonRoot: true } }))
      .toMatchObject({ runAsUser: 1000, runAsGroup: 0, runAsNonRoot: true });
  });

  test('the metrics Service: on by default, off with metricsService: false, which a ServiceMonitor needs', () => {
    expect(of(synth({}).manifests, 'Service')).toHaveLength(1);
    expect(of(synth({ metricsService: false }).manifests, 'Service')).toEqual([]);
    expect(make({ metricsService: false, serviceMonitor: {} })).toThrow(error('serviceMonitor', '\'30s\'', 'needs the metrics Service, which metricsService: false turns off'));
    expect(make({ metricsService: false, serviceMonitor: { interval: '1m' } })).toThrow(error('serviceMonitor', '\'1m\'', 'needs the metrics Service'));
  });

  test('refused: command (named as such), a runtime that is none of the three, a bearer token with Fluentd, two parsers of one name', () => {
    expect(make({ command: ['/bin/sh'] })).toThrow(error('command', '["/bin/sh"]', 'would change how the engine starts'));
    expect(make({ runtime: 'rkt' as ContainerRuntime })).toThrow(error('runtime', '\'rkt\'', 'is not containerd, cri-o or docker'));
    const token = LogSecret.fromSecret(kplus.Secret.fromSecretName(Testing.chart(), 'T', 't'), 'token');
    expect(make({ engine: LogEngine.fluentd(), outputs: [LogOutput.stdout(), LogOutput.loki({ host: 'l', bearerToken: token })], image: 'my/fluentd:1' }))
      .toThrow(error('outputs[1].bearerToken', '\'<secret>\'', 'cannot be given to fluentd\'s Loki plugin from the environment'));
    expect(make({ parsers: [LogParser.json('a'), LogParser.json('b'), LogParser.json('a')] })).toThrow(error('parsers', '\'a\'', 'names two parsers'));
    expect(synth({ readFromHead: true }).collector.configFiles['fluent-bit.conf']).toMatch(/^ {4}Read_from_Head\s+On$/m);
    expect(synth({ engine: LogEngine.fluentd(), runtime: ContainerRuntime.CRIO }).collector.configFiles['fluent.conf']).toContain('@type regexp');
  });

  test('the OpenTelemetry Collector: a health port beside metrics; the others none', () => {
    const ports = (props: LogCollectorProps) => podSpec(synth(props).manifests).containers[0].ports.map((p: any) => `${p.name}:${p.containerPort}`);
    expect(ports({ engine: LogEngine.openTelemetry() })).toEqual(['metrics:8888', 'health:13133']);
    expect(ports({})).toEqual(['metrics:2020']);
    expect(daemonSet(synth({ engine: LogEngine.fluentd() }).manifests).spec.template.spec.containers[0].args).toBeUndefined();
  });
});

describe('LogParser: each check on both sides', () => {
  test('names: a letter or digit first, then letters, digits, \'_\', \'.\', \'-\' (the whole name)', () => {
    for (const ok of ['a', '9', 'A.b_c-9', 'x'.repeat(100)]) { expect(LogParser.json(ok).name).toBe(ok); }
    for (const bad of ['', '_a', '.a', 'a b', 'a$', 'a/b', 'é']) {
      expect(() => LogParser.logfmt(bad)).toThrow(`[LogParser.logfmt] name = '${bad}': must be letters, digits, '_', '.' and '-', starting with a letter or digit. Fix: name it like 'my-app'`);
    }
  });

  test('an engine size is in the largest binary unit that divides it, never rounded', () => {
    expect(engineSize(5 * 2 ** 20)).toBe('5M');
    expect(engineSize(0)).toBe('0M');
    expect(engineSize(5 * 2 ** 20 + 1024)).toBe('5121K');
    expect(engineSize(1024)).toBe('1K');
    expect(engineSize(5 * 2 ** 20 + 1536)).toBe('5244416');
    expect(engineSize(1023)).toBe('1023');
  });

  test('a named group is (?<name>...) with a name that starts with a letter or \'_\'; a lookbehind is not one', () => {
    for (const ok of ['(?<a>x)', '(?<_b9>x)', '^x (?<Time>[^ ]+)$']) { expect(LogParser.regex('p', ok).expression).toBe(ok); }
    for (const bad of ['(?<1a>x)', '(?<a-b>x)', '(?<=a)x', '(?<>x)', '(a)', '(?:a)']) { expect(() => LogParser.regex('p', bad)).toThrow(/has no named group/); }
    // the text of a named group where the expression has none: an escaped parenthesis, a character class
    for (const bad of ['\\(?<a>x', '[(?<a>x)]', '^a\\\\\\(?<b>c$']) {
      expect(new RegExp(bad).source).toBe(bad); // a valid expression
      expect(() => LogParser.regex('p', bad)).toThrow(`[LogParser.regex] regex = '${bad.replace(/\\/g, '\\\\')}': has no named group, so the parser would give no field.`);
    }
    // an escaped backslash before a real group: the group counts
    expect(LogParser.regex('p', '^a\\\\(?<b>c)$').expression).toBe('^a\\\\(?<b>c)$');
    expect(() => LogParser.regex('p', '(?<a>x')).toThrow('[LogParser.regex] regex = \'(?<a>x\': is not a regular expression (/(?<a>x/: Unterminated group). Fix: correct the expression');
  });

  test('a line break of either kind, or a blank value, in any one-line field is refused; timeKeep only when true', () => {
    expect(() => LogParser.regex('p', '(?<a>x)\r')).toThrow(/^\[LogParser\.regex\] regex = '\(\?<a>x\)\\r': holds a line break/);
    expect(() => LogParser.json('p', { timeKey: 't', timeFormat: '%s\n' })).toThrow(/^\[LogParser\.json\] timeFormat = .*holds a line break/);
    expect(() => LogParser.json('p', { timeKey: ' ' })).toThrow('[LogParser.json] timeKey = \' \': is empty. Fix: leave timeKey out, or give it');
    expect(() => LogParser.json('p', { timeKey: 't', timeFormat: '' })).toThrow(/timeFormat = '': is empty/);
    const rendered = (timeKeep?: boolean) => synth({ parsers: [LogParser.json('p', { timeKey: 't', timeKeep })] }).collector.configFiles['custom-parsers.conf'];
    expect([false, undefined].map(rendered)).toEqual(['[PARSER]\n    Name     p\n    Format   json\n    Time_Key t\n', '[PARSER]\n    Name     p\n    Format   json\n    Time_Key t\n']);
  });

  test('the options are copied: a later change to the object given changes nothing', () => {
    const options: { timeKey?: string } = { timeKey: 't' };
    const parser = LogParser.json('p', options);
    options.timeKey = 'other';
    expect(parser.options).toEqual({ timeKey: 't' });
    expect(Object.isFrozen(parser.options)).toBe(true);
  });
});

/** Issue 23: Fluentd's configuration compared whole, for outputs and inputs each branch both ways. */
describe('Fluentd: the configuration compared whole', () => {
  const conf = (props: LogCollectorProps, name: string) => {
    const chart = Testing.chart();
    return new LogCollector(new DaemonNamespace(chart, 'logging'), name, { name, engine: LogEngine.fluentd(), ...props }).configFiles['fluent.conf'];
  };
  const matchBlock = (text: string) => text.slice(text.indexOf('<match **>'));
  const buffer = (indent: string, collector: string, id: string, chunk: string) => [
    '<buffer>', '  @type file', `  path /var/lib/fluentd/logging-${collector}/buffer/${id}`, '  flush_mode interval', '  flush_interval 5s',
    '  flush_at_shutdown true', `  chunk_limit_size ${chunk}`, '  queued_chunks_limit_size 8', '  overflow_action block', '  retry_forever true',
    '  retry_max_interval 30', '</buffer>',
  ].map(l => indent + l);

  test('one output: its plugin directly under <match **>, plain HTTP scheme, the default index, a chunk of an eighth of the buffer in whole MiB', () => {
    expect(matchBlock(conf({ outputs: [LogOutput.elasticsearch({ host: 'es.svc' })] }, 'b'))).toBe([
      '<match **>', '  @type elasticsearch', '  @id out_elasticsearch_0', '  host es.svc', '  port 9200', '  scheme http',
      '  logstash_format true', '  logstash_prefix logs', '  include_tag_key true', ...buffer('  ', 'b', 'out_elasticsearch_0', '6m'), '</match>', '',
    ].join('\n'));
    // the smallest buffer: an eighth of 2Mi rounds down to nothing, and the chunk stays 1 MiB
    expect(conf({ bufferMemory: '2Mi', outputs: [LogOutput.elasticsearch({ host: 'es.svc' })] }, 'b')).toMatch(/^ {4}chunk_limit_size 1m$/m);
  });

  test('several outputs: a copy with one store each, the buffer split between them; forward over TLS with a shared key, OpenSearch over TLS with basic authentication', () => {
    const secret = (key: string) => LogSecret.fromSecret(kplus.Secret.fromSecretName(Testing.chart(), 'S', 'creds'), key);
    const text = conf({
      image: 'my/fluentd:1',
      outputs: [
        LogOutput.forward({ host: 'agg.svc', tls: true, tlsVerify: false, sharedKey: secret('key') }),
        LogOutput.openSearch({ host: 'os.svc', tls: true, user: 'u', password: secret('password'), index: 'k8s' }),
      ],
    }, 'c');
    expect(matchBlock(text)).toBe([
      '<match **>', '  @type copy',
      '  <store>', '    @type forward', '    @id out_forward_0', '    transport tls', '    tls_verify_hostname false',
      '    <security>', '      self_hostname "#{ENV[\'NODE_NAME\']}"', '      shared_key "#{ENV[\'LOG_OUTPUT_0_SHARED_KEY\']}"', '    </security>',
      '    <server>', '      host agg.svc', '      port 24224', '    </server>',
      ...buffer('    ', 'c', 'out_forward_0', '3m'), '  </store>',
      '  <store>', '    @type opensearch', '    @id out_opensearch_1', '    host os.svc', '    port 9200', '    scheme https', '    ssl_verify true',
      '    user u', '    password "#{ENV[\'LOG_OUTPUT_1_PASSWORD\']}"', '    logstash_format true', '    logstash_prefix k8s', '    include_tag_key true',
      ...buffer('    ', 'c', 'out_opensearch_1', '3m'), '  </store>',
      '</match>', '',
    ].join('\n'));
  });

  test('Loki with a tenant, labels and basic authentication; HTTPS without verification and with basic authentication; stdout without a buffer', () => {
    const secret = LogSecret.fromSecret(kplus.Secret.fromSecretName(Testing.chart(), 'S', 'creds'), 'password');
    const text = conf({
      image: 'my/fluentd:1',
      outputs: [
        LogOutput.loki({ host: 'loki.svc', user: 'u', password: secret, tenantId: 't', labels: { a: 'b' } }),
        LogOutput.http({ host: 'h.svc', tls: true, tlsVerify: false, user: 'u', password: secret }),
        LogOutput.stdout(),
      ],
    }, 'l');
    expect(matchBlock(text)).toBe([
      '<match **>', '  @type copy',
      '  <store>', '    @type loki', '    @id out_loki_0', '    url http://loki.svc:3100', '    username u', '    password "#{ENV[\'LOG_OUTPUT_0_PASSWORD\']}"',
      '    tenant t', '    extra_labels {"job":"l","a":"b"}', '    line_format json', ...buffer('    ', 'l', 'out_loki_0', '2m'), '  </store>',
      '  <store>', '    @type http', '    @id out_http_1', '    endpoint https://h.svc:443/', '    tls_verify_mode none', '    content_type application/x-ndjson', '    json_array false',
      '    <auth>', '      method basic', '      username u', '      password "#{ENV[\'LOG_OUTPUT_1_PASSWORD\']}"', '    </auth>',
      '    <format>', '      @type json', '    </format>', ...buffer('    ', 'l', 'out_http_1', '2m'), '  </store>',
      '  <store>', '    @type stdout', '    @id out_stdout_2', '  </store>',
      '</match>', '',
    ].join('\n'));
    // the other side of each: plain Loki and HTTP without credentials, verified TLS
    const plain = conf({ image: 'my/fluentd:1', outputs: [LogOutput.loki({ host: 'loki.svc', tls: true }), LogOutput.http({ host: 'h.svc', tls: true, uri: '/in' })] }, 'p');
    expect(plain).toContain('    url https://loki.svc:3100\n    extra_labels {"job":"p"}\n    line_format json\n');
    expect(plain).toContain('    endpoint https://h.svc:443/in\n    tls_verify_mode peer\n    content_type application/x-ndjson\n    json_array false\n    <format>');
    expect(conf({ outputs: [LogOutput.forward({ host: 'agg.svc' })] }, 'f')).toContain('  @type forward\n  @id out_forward_0\n  <server>\n    host agg.svc\n');
  });

  test('Docker nodes: JSON lines with their time key and format, and no CRI joining', () => {
    const text = conf({ runtime: ContainerRuntime.DOCKER, outputs: [LogOutput.stdout()] }, 'k');
    expect(text).toContain('  <parse>\n    @type json\n    time_key time\n    time_format %Y-%m-%dT%H:%M:%S.%NZ\n  </parse>\n');
    expect(text).not.toContain('@type concat');
  });

  test('the whole file with the journal but no positions, no metadata, no stack-trace joining, stdout only', () => {
    expect(conf({ systemdJournal: true, positionDatabase: false, kubernetesMetadata: KubernetesMetadata.NONE, multiline: [], outputs: [LogOutput.stdout()] }, 'd')).toBe([
      '<system>', '  log_level info', '  root_dir /var/lib/fluentd/logging-d/root', '</system>', '',
      '<source>', '  @type tail', '  @id containers', '  path /var/log/containers/*.log', '  exclude_path ["/var/log/containers/d-*_logging_*.log"]',
      '  tag kubernetes.*', '  read_from_head false', '  follow_inodes true', '  refresh_interval 10', '  rotate_wait 30',
      '  <parse>', '    @type regexp', '    expression /^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[FP]) (?<log>.*)$/', '    time_format %Y-%m-%dT%H:%M:%S.%N%:z', '  </parse>',
      '</source>', '',
      '<source>', '  @type systemd', '  @id journal', '  path /var/log/journal', '  tag host.journal', '  read_from_head false',
      '  <entry>', '    fields_strip_underscores true', '    fields_lowercase true', '  </entry>', '</source>', '',
      '<filter kubernetes.**>', '  @type concat', '  key log', '  partial_key logtag', '  partial_value P', '  separator ""', '</filter>', '',
      '<source>', '  @type monitor_agent', '  bind 0.0.0.0', '  port 24220', '</source>', '',
      '<match **>', '  @type stdout', '  @id out_stdout_0', '</match>', '',
    ].join('\n'));
    // with positions, the journal keeps its cursor in the state directory, and the tail its pos_file
    const withPositions = conf({ systemdJournal: true, readFromHead: true, outputs: [LogOutput.stdout()] }, 'j');
    expect(withPositions).toContain('  <storage>\n    @type local\n    persistent true\n    path /var/lib/fluentd/logging-j/journal.json\n  </storage>\n');
    expect(withPositions).toContain('  pos_file /var/lib/fluentd/logging-j/containers.pos\n  tag kubernetes.*\n  read_from_head true\n');
    expect(withPositions).toContain('  @type kubernetes_metadata\n  @id metadata\n  skip_master_url true\n');
    expect(withPositions).toContain('  @type detect_exceptions\n  @id stack_traces\n  remove_tag_prefix kubernetes\n  message log\n  languages java,python,go\n  multiline_flush_interval 5\n  max_lines 1000\n');
  });
});

/** Issue 23: the OpenTelemetry Collector's configuration, each branch both ways. */
describe('OpenTelemetry Collector: each branch of the configuration', () => {
  const config = (props: LogCollectorProps = {}) => parse(synth({ engine: LogEngine.openTelemetry(), ...props }).collector.configFiles['config.yaml']);

  test('memory_limiter: 80% of the limit in whole MiB, spikes a quarter of that and at least 1; the limit above the spike limit', () => {
    const limiter = (memoryLimit: string) => config({ resources: { memoryLimit, memoryRequest: memoryLimit } }).processors.memory_limiter;
    expect([limiter('10Mi'), limiter('4Mi'), limiter('2560Ki')].map(l => [l.limit_mib, l.spike_limit_mib])).toEqual([[8, 2], [3, 1], [2, 1]]);
    // below 2.5 MiB the limit is not above the spike limit, which the collector refuses; no buffer is asked of it
    expect(make({ engine: LogEngine.openTelemetry(), resources: { memoryLimit: '2559Ki', memoryRequest: '1Mi' } }))
      .toThrow(error('resources.memoryLimit', '\'2559Ki\'', 'gives memory_limiter a limit of 1 MiB (80% of it), not above its spike limit of 1 MiB, so the collector refuses its configuration'));
  });

  test('stack traces: a recombine operator after the container parser, none without languages', () => {
    expect(config().receivers.file_log.operators).toEqual([
      { type: 'container', id: 'container-parser', format: 'containerd' },
      {
        type: 'recombine',
        id: 'stack-traces',
        combine_field: 'body',
        is_first_entry: 'body matches "^[^\\\\s]" and not (body matches "^Caused by: ")',
        source_identifier: 'attributes["log.file.path"]',
        max_log_size: '1MiB',
      },
    ]);
    expect(config({ multiline: [] }).receivers.file_log.operators).toEqual([{ type: 'container', id: 'container-parser', format: 'containerd' }]);
    expect([ContainerRuntime.CRIO, ContainerRuntime.DOCKER].map(runtime => config({ runtime, multiline: [] }).receivers.file_log.operators[0].format)).toEqual(['crio', 'docker']);
  });

  test('long values stay on one line (no folding), and a ServiceMonitor scrapes the collector\'s /metrics', () => {
    const { manifests, collector } = synth({ engine: LogEngine.openTelemetry(), serviceMonitor: {} });
    expect(collector.configFiles['config.yaml'].split('\n')).toContain('        is_first_entry: \'body matches "^[^\\\\s]" and not (body matches "^Caused by: ")\'');
    expect(of(manifests, 'ServiceMonitor')[0].spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics', scheme: 'http' });
  });

  test('the receiver, extensions and service whole', () => {
    const c = config({ multiline: [] });
    expect(c.receivers.file_log).toEqual({
      include: ['/var/log/pods/*/*/*.log'],
      exclude: ['/var/log/pods/logging_otel-collector-*_*/*/*.log'],
      start_at: 'end',
      include_file_path: true,
      include_file_name: false,
      storage: 'file_storage',
      operators: [{ type: 'container', id: 'container-parser', format: 'containerd' }],
    });
    expect(c.service.extensions).toEqual(['health_check', 'file_storage']);
    expect(c.service.telemetry.logs).toEqual({ level: 'info' });
    expect(c.processors.batch).toEqual({ send_batch_size: 1024, timeout: '1s' });
    expect(c.processors.k8s_attributes).toEqual({
      auth_type: 'serviceAccount',
      passthrough: false,
      filter: { node_from_env_var: 'NODE_NAME' },
      extract: {
        metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.node.name', 'k8s.pod.start_time'],
        labels: [{ tag_name: 'k8s.pod.label.$$1', key_regex: '(.*)', from: 'pod' }],
      },
      pod_association: [{ sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] }],
    });
    expect(config({ kubernetesMetadata: KubernetesMetadata.NONE }).service.pipelines.logs.processors).toEqual(['memory_limiter', 'batch']);
  });

  test('exporters: TLS verified or not, plain gRPC insecure, plain HTTP without a tls key; headers only when there is one', () => {
    const exporters = config({
      outputs: [
        LogOutput.otlp({ host: 'a.svc', tls: true }),
        LogOutput.otlp({ host: 'b.svc', tls: true, tlsVerify: false }),
        LogOutput.otlpHttp({ host: 'c.svc' }),
        LogOutput.loki({ host: 'd.svc', tls: true }),
      ],
    }).exporters;
    const queue = { sending_queue: { enabled: true, storage: 'file_storage' }, retry_on_failure: { enabled: true, max_elapsed_time: 0 } };
    expect(exporters).toEqual({
      'otlp_grpc/output0': { endpoint: 'a.svc:4317', tls: { insecure_skip_verify: false }, ...queue },
      'otlp_grpc/output1': { endpoint: 'b.svc:4317', tls: { insecure_skip_verify: true }, ...queue },
      'otlp_http/output2': { endpoint: 'http://c.svc:4318', ...queue },
      'otlp_http/output3': { endpoint: 'https://d.svc:3100/otlp', tls: { insecure_skip_verify: false }, ...queue },
    });
  });
});
