/**
 * Ready for presets (issue 9, items 4, 7, 8): NodeDaemonOptions, protected extension points, container
 * handles, Services like the tutorials', and the input checks the API server would make.
 */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaemonNamespace, DaemonProblem, NodeDaemon, NodeDaemonOptions, PodSecurityLevel } from '../src';
import { IMAGE, inputError, synthOf } from './scheduling/helpers';

/** A preset as MonitoringDaemon will be: a default image, its own args, an object and a check of its own. */
interface ExporterProps extends NodeDaemonOptions {
  readonly image?: string;
  readonly collectors?: string[];
}

class Exporter extends NodeDaemon {
  private readonly collectors: string[];

  constructor(scope: Construct, id: string, props: ExporterProps = {}) {
    super(scope, id, { ports: [{ name: 'metrics', number: 9100 }], ...props, image: props.image ?? IMAGE });
    this.collectors = props.collectors ?? ['cpu'];
    this.container.addArgs(...this.collectors.map(c => `--collector.${c}`));
    new kplus.ConfigMap(this, 'Config', { metadata: this.metadataFor(`${this.name}-config`), data: { collectors: this.collectors.join(',') } });
  }

  protected validateDaemon(): DaemonProblem[] {
    return [
      ...super.validateDaemon(),
      ...this.collectors.filter(c => c === 'textfile').map(c => ({ prop: 'collectors', value: c, problem: 'needs a directory', fix: 'give textfileDirectory' })),
    ];
  }
}

describe('extension points', () => {
  test('a preset extends NodeDaemonOptions with a default image, adds args and objects with the daemon\'s metadata', () => {
    // GIVEN
    const chart = Testing.chart();
    new Exporter(chart, 'node-exporter', { namespace: 'monitoring', collectors: ['cpu', 'meminfo'] });

    // WHEN
    const manifests = Testing.synth(chart);

    // THEN
    const ds = manifests.find(m => m.kind === 'DaemonSet');
    expect(ds.spec.template.spec.containers[0].image).toBe(IMAGE);
    expect(ds.spec.template.spec.containers[0].args).toEqual(['--collector.cpu', '--collector.meminfo']);
    const config = manifests.find(m => m.kind === 'ConfigMap');
    expect(config.metadata).toEqual({ name: 'node-exporter-config', namespace: 'monitoring', labels: ds.metadata.labels });
  });

  test('a preset\'s own check reports in the library\'s form at synth', () => {
    // GIVEN
    const chart = Testing.chart();
    new Exporter(chart, 'node-exporter', { collectors: ['textfile'] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/node-exporter\] collectors = 'textfile': needs a directory\. Fix: give textfileDirectory/);
  });

  test('addContainer and addInitContainer return the container to keep configuring; a bad change is refused and undone', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'd', { image: IMAGE, emptyDirs: [{ name: 'shared' }] });
    const sidecar = daemon.addContainer({ name: 'reloader', image: 'busybox:1.36' });
    const init = daemon.addInitContainer({ name: 'prepare', image: 'busybox:1.36' });

    // WHEN
    sidecar.addEnv('MODE', kplus.EnvValue.fromValue('watch'));
    sidecar.addVolumeMount({ volume: 'shared', mountPath: '/shared' });
    init.addArgs('sh', '-c', 'echo ok > /shared/ready');
    init.addVolumeMount({ volume: 'shared', mountPath: '/shared' });
    const spec = Testing.synth(chart).find(m => m.kind === 'DaemonSet').spec.template.spec;

    // THEN
    expect(spec.containers[1]).toMatchObject({ name: 'reloader', env: [{ name: 'MODE', value: 'watch' }], volumeMounts: [{ name: 'shared', mountPath: '/shared' }] });
    expect(spec.containers[1].ports).toBeUndefined();
    expect(spec.initContainers[0]).toMatchObject({ name: 'prepare', args: ['sh', '-c', 'echo ok > /shared/ready'] });
    expect(sidecar.name).toBe('reloader');
    expect(init.args).toEqual(['sh', '-c', 'echo ok > /shared/ready']);
    // a bad port added through the handle is judged with the daemon at synth
    sidecar.addPort({ name: 'bad name', number: 80 });
    expect(() => synthOf(daemon)).toThrow(inputError('test/d', 'containers[0].ports[0].name', '\'bad name\'', 'port name'));
  });
});

describe('Services like the tutorials\'', () => {
  test('the nginx tutorial: a NodePort on 30010 and a LoadBalancer on 8010, both to container port 80', () => {
    // GIVEN
    const chart = Testing.chart();
    const nginx = new NodeDaemon(chart, 'nginx', { image: 'nginxinc/nginx-unprivileged:1.25-alpine', ports: [{ name: 'http', number: 8080 }] });

    // WHEN
    nginx.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { http: 30010 } });
    nginx.exposeViaService({ id: 'LoadBalancer', type: kplus.ServiceType.LOAD_BALANCER, servicePorts: { http: 8010 } });
    const services = Testing.synth(chart).filter(m => m.kind === 'Service');

    // THEN
    expect(services.map(s => [s.metadata.name, s.spec.type, s.spec.ports[0].port, s.spec.ports[0].targetPort, s.spec.ports[0].nodePort]))
      .toEqual([['nginx', 'NodePort', 8080, 'http', 30010], ['nginx-load-balancer', 'LoadBalancer', 8010, 'http', undefined]]);
    expect(nginx.node.findChild('LoadBalancer')).toBeDefined();
  });

  test('a second Service without an id of its own, or a bad Service port, is an error', () => {
    const nginx = new NodeDaemon(Testing.chart(), 'nginx', { image: IMAGE, ports: [{ name: 'http', number: 8080 }, { name: 'alt', number: 8081 }] });
    nginx.exposeViaService();
    expect(() => nginx.exposeViaService()).toThrow(inputError('test/nginx', 'exposeViaService.id', '\'Service\'', 'is taken'));
    expect(() => nginx.exposeViaService({ id: 'Bad', servicePorts: { http: 70000 } })).toThrow(inputError('test/nginx', 'exposeViaService.servicePorts[\'http\']', '70000', 'must be an integer from 1 to 65535'));
    const chart = Testing.chart();
    new NodeDaemon(chart, 'n', { image: IMAGE, ports: [{ name: 'http', number: 8080 }, { name: 'alt', number: 8081 }] })
      .exposeViaService({ servicePorts: { alt: 8080 } });
    expect(() => Testing.synth(chart)).toThrow(/exposeViaService\.servicePorts\['alt'\] = 8080: is also the Service port of 'http' for TCP/);
  });
});

describe('input checks', () => {
  const make = (props: object) => () => new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, ...props });

  test('port protocols are TCP, UDP or SCTP, as the API server spells them', () => {
    expect(make({ ports: [{ name: 'http', number: 80, protocol: 'tcp' }] })).toThrow(inputError('test/d', 'ports[0].protocol', '\'tcp\'', 'is not TCP, UDP or SCTP'));
  });

  test('images the kubelet cannot pull are errors; latest or untagged images are pulled Always', () => {
    expect(make({ image: 'Prom/node-exporter:v1' })).toThrow(inputError('test/d', 'image', '\'Prom/node-exporter:v1\'', 'is not an image reference the kubelet can pull'));
    const policy = (image: string, imagePullPolicy?: kplus.ImagePullPolicy) => {
      const chart = Testing.chart();
      new NodeDaemon(chart, 'd', { image, imagePullPolicy });
      return Testing.synth(chart).find(m => m.kind === 'DaemonSet').spec.template.spec.containers[0].imagePullPolicy;
    };
    expect(policy('busybox')).toBe('Always');
    expect(policy('busybox:latest')).toBe('Always');
    expect(policy('localhost:5000/busybox')).toBe('Always');
    expect(policy('busybox:1.36')).toBe('IfNotPresent');
    expect(policy(`busybox@sha256:${'a'.repeat(64)}`)).toBe('IfNotPresent');
    expect(policy(`busybox:latest@sha256:${'a'.repeat(64)}`)).toBe('Always');
    expect(policy('busybox:latest', kplus.ImagePullPolicy.IF_NOT_PRESENT)).toBe('IfNotPresent');
  });

  test('dnsPolicy NONE needs a DNS config, which renders', () => {
    expect(make({ dnsPolicy: kplus.DnsPolicy.NONE })).toThrow(inputError('test/d', 'dnsPolicy', '\'None\'', 'gives the pods no DNS at all'));
    expect(make({ dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9', '1.0.0.1'] } })).toThrow(inputError('test/d', 'dnsConfig.nameservers', '["1.1.1.1","8.8.8.8","9.9.9.9","1.0.0.1"]', 'lists 4 name servers'));
    expect(make({ dnsConfig: { nameservers: ['dns.example.com'] } })).toThrow(inputError('test/d', 'dnsConfig.nameservers', '\'dns.example.com\'', 'is not an IPv4 or IPv6 address'));
    // one IP rule with ListenAddress.ip (Go's net.ParseIP): a part above 255 or two '::' are refused
    expect(make({ dnsConfig: { nameservers: ['10.0.0.256'] } })).toThrow(/is not an IPv4 or IPv6 address/);
    expect(make({ dnsConfig: { nameservers: ['fd00::1::2'] } })).toThrow(/is not an IPv4 or IPv6 address/);
    expect(make({ dnsConfig: { nameservers: ['255.255.255.255', 'fd00::a'] } })).not.toThrow();
    const chart = Testing.chart();
    new NodeDaemon(chart, 'd', { image: IMAGE, dnsPolicy: kplus.DnsPolicy.NONE, dnsConfig: { nameservers: ['10.96.0.10'], searches: ['svc.cluster.local'], options: [{ name: 'ndots', value: '2' }] } });
    const spec = Testing.synth(chart).find(m => m.kind === 'DaemonSet').spec.template.spec;
    expect(spec.dnsPolicy).toBe('None');
    expect(spec.dnsConfig).toEqual({ nameservers: ['10.96.0.10'], searches: ['svc.cluster.local'], options: [{ name: 'ndots', value: '2' }] });
  });

  test('integers past the API\'s bounds are errors', () => {
    expect(make({ terminationGracePeriodSeconds: 2 ** 63 })).toThrow(inputError('test/d', 'terminationGracePeriodSeconds', String(2 ** 63), 'must be a whole number from 0 to'));
    expect(make({ minReadySeconds: 2 ** 31 })).toThrow(inputError('test/d', 'minReadySeconds', '2147483648', 'must be a whole number from 0 to 2147483647'));
  });

  test('annotations past 256 KiB in total are an error', () => {
    const big = 'x'.repeat(200 * 1024);
    expect(make({ annotations: { a: big, b: big } })).toThrow(inputError('test/d', 'annotations', '\'409602 bytes\'', 'annotations total 409602 bytes'));
    expect(make({ podAnnotations: { a: big, b: big } })).toThrow(inputError('test/d', 'podAnnotations', '\'409602 bytes\'', 'annotations total'));
  });

  test('a ServiceAccount name Kubernetes cannot take, and a downward-API label key that is not one, are errors', () => {
    const chart = Testing.chart();
    expect(() => new NodeDaemon(chart, 'd', { image: IMAGE, serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'Bad_Name') }))
      .toThrow(inputError('test/d', 'serviceAccount', '\'Bad_Name\'', 'ServiceAccount name must be a DNS-1123 subdomain'));
    expect(make({ env: { ZONE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_LABEL, { key: 'bad key' }) } }))
      .toThrow(inputError('test/d', 'env[\'ZONE\']', "'metadata.labels['bad key']'", 'reads the label key \'bad key\''));
  });

  test('construct-tree errors and values with newlines keep the one-line form', () => {
    const chart = Testing.chart();
    new NodeDaemon(chart, 'taken', { image: IMAGE });
    expect(() => new NodeDaemon(chart, '', { image: IMAGE })).toThrow(inputError('test', 'id', '\'\'', 'is empty'));
    expect(() => new NodeDaemon(chart, 'taken', { image: IMAGE })).toThrow(inputError('test', 'id', '\'taken\'', 'is already taken in this scope'));
    expect(() => new DaemonNamespace(chart, 'taken')).toThrow(inputError('test', 'id', '\'taken\'', 'is already taken in this scope'));
    let message = '';
    try {
      new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, name: 'two\nlines' });
    } catch (e: any) { message = e.message; }
    expect(message).toMatch(/^\[test\/d\] name = 'two\\nlines': /);
    expect(message).not.toContain('\n');
  });

  test('a daemon\'s synth-time error inside a DaemonNamespace is reported as itself', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'monitoring', { podSecurity: PodSecurityLevel.BASELINE });
    const daemon = new NodeDaemon(ns, 'd', { image: IMAGE });
    daemon.addVolumeMount({ volume: 'missing', mountPath: '/data' });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/monitoring\/d\] volumeMounts\[0\]\.volume = 'missing': names no volume of the daemon/);
    expect(() => Testing.synth(chart)).not.toThrow(/Failed serializing/);
  });
});
