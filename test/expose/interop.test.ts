/**
 * Composition with cdk8s-plus-27 (issue 5, item 4): a NodeDaemon is a cdk8s-plus pod selector and
 * network-policy peer, and takes cdk8s-plus ServiceAccount, ConfigMap and Secret references, with no
 * glue code.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DaemonNamespace, NodeDaemon, NodeDaemonProps } from '../../src';
import { DAEMON_SELECTOR, IMAGE, podSpecOf } from '../scheduling/helpers';

const SELECTOR = DAEMON_SELECTOR;

function daemonIn(props: Partial<NodeDaemonProps> = {}, chart: Chart = Testing.chart()): { chart: Chart; daemon: NodeDaemon } {
  const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ...props });
  return { chart, daemon };
}

const ofKind = (manifests: any[], kind: string): any[] => manifests.filter(m => m.kind === kind);

/** A cdk8s-plus Deployment whose pods talk to the daemon. */
const webIn = (chart: Chart, namespace?: string) =>
  new kplus.Deployment(chart, 'Web', { metadata: { namespace }, containers: [{ image: 'nginx:1.25.3', portNumber: 8080 }] });

describe('a NodeDaemon as a cdk8s-plus pod selector', () => {
  test('kplus.Service({ selector: daemon }) selects the daemon by name and instance', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [{ name: 'metrics', number: 9100 }] });

    // WHEN
    new kplus.Service(chart, 'Scrape', {
      metadata: { name: 'daemon-scrape' },
      selector: daemon,
      ports: [{ name: 'metrics', port: 9100, targetPort: 9100 }],
    });

    // THEN
    const [service] = ofKind(Testing.synth(chart), 'Service');
    expect(service.metadata.name).toBe('daemon-scrape');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      externalIPs: [],
      selector: SELECTOR,
      ports: [{ name: 'metrics', port: 9100, targetPort: 9100 }],
    });
  });

  test('kplus Service.select(daemon) works the same', () => {
    const { chart, daemon } = daemonIn({ ports: [{ name: 'metrics', number: 9100 }] });
    const service = new kplus.Service(chart, 'Scrape', { ports: [{ port: 9100 }] });
    service.select(daemon);
    expect(ofKind(Testing.synth(chart), 'Service')[0].spec.selector).toEqual(SELECTOR);
  });

  test('toPodSelectorConfig: the selector labels, and the namespace when the daemon has one', () => {
    // GIVEN
    const bare = daemonIn().daemon;
    const inNamespace = daemonIn({ namespace: 'monitoring' }).daemon;

    // WHEN
    const bareConfig = bare.toPodSelectorConfig();
    const nsConfig = inNamespace.toPodSelectorConfig();

    // THEN
    expect(bareConfig.labelSelector._toKube()).toEqual({ matchLabels: SELECTOR });
    expect(bareConfig.namespaces).toBeUndefined();
    expect(nsConfig.labelSelector._toKube()).toEqual({ matchLabels: SELECTOR });
    expect(nsConfig.namespaces?.names).toEqual(['monitoring']);
    expect(inNamespace.toPodSelector()).toBe(inNamespace);
    expect(inNamespace.toNetworkPolicyPeerConfig().podSelector).toEqual(nsConfig);
  });

  test('the selector is the stable one of name and instance, never a construct path', () => {
    const { daemon } = daemonIn({ name: 'node-agent', instance: 'node-agent-ssd' });
    expect(daemon.toPodSelectorConfig().labelSelector._toKube()).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'node-agent', 'app.kubernetes.io/instance': 'node-agent-ssd' },
    });
  });

  test('a kplus NetworkPolicy with selector: daemon is written in the daemon\'s namespace', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(new DaemonNamespace(chart, 'Monitoring'), 'Daemon', { image: IMAGE, ports: [{ name: 'metrics', number: 9100 }] });

    // WHEN
    new kplus.NetworkPolicy(chart, 'DenyAll', { selector: daemon, ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY } });

    // THEN
    const [policy] = ofKind(Testing.synth(chart), 'NetworkPolicy');
    expect(policy.metadata.namespace).toBe('monitoring');
    expect(policy.spec).toEqual({ podSelector: { matchLabels: SELECTOR }, policyTypes: ['Ingress'] });
  });
});

describe('a NodeDaemon as a cdk8s-plus network-policy peer', () => {
  test('egress from a Deployment to the daemon (same namespace): a podSelector only', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [{ name: 'otlp', number: 4317 }] });
    const web = webIn(chart);

    // WHEN
    new kplus.NetworkPolicy(chart, 'WebToAgent', {
      selector: web,
      egress: { rules: [{ peer: daemon, ports: [kplus.NetworkPolicyPort.tcp(4317)] }] },
    });

    // THEN
    const [policy] = ofKind(Testing.synth(chart), 'NetworkPolicy');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: web.matchLabels },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: SELECTOR } }], ports: [{ port: 4317, protocol: 'TCP' }] }],
    });
  });

  test('egress to a daemon in another namespace: podSelector plus namespaceSelector by name', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, namespace: 'agents', ports: [{ name: 'otlp', number: 4317 }] });
    const web = webIn(chart, 'shop');

    // WHEN
    new kplus.NetworkPolicy(chart, 'WebToAgent', {
      metadata: { namespace: 'shop' },
      selector: web,
      egress: { rules: [{ peer: daemon, ports: [kplus.NetworkPolicyPort.tcp(4317)] }] },
    });

    // THEN
    const [policy] = ofKind(Testing.synth(chart), 'NetworkPolicy');
    expect(policy.metadata.namespace).toBe('shop');
    expect(policy.spec.egress).toEqual([{
      to: [{ podSelector: { matchLabels: SELECTOR }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agents' } } }],
      ports: [{ port: 4317, protocol: 'TCP' }],
    }]);
  });

  test('ingress to a Deployment from the daemon', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(new DaemonNamespace(chart, 'Logging'), 'Daemon', { image: IMAGE });
    const web = webIn(chart);

    // WHEN
    new kplus.NetworkPolicy(chart, 'AgentToWeb', { selector: web, ingress: { rules: [{ peer: daemon }] } });

    // THEN
    const [policy] = ofKind(Testing.synth(chart), 'NetworkPolicy');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: web.matchLabels },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: SELECTOR }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'logging' } } }], ports: [] }],
    });
  });

  test('web.connections.allowTo(daemon) writes both sides, the daemon side in its namespace', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, namespace: 'agents', ports: [{ name: 'otlp', number: 4317 }] });
    const web = webIn(chart, 'shop');

    // WHEN
    web.connections.allowTo(daemon, { ports: [kplus.NetworkPolicyPort.tcp(4317)] });

    // THEN
    const policies = ofKind(Testing.synth(chart), 'NetworkPolicy');
    const daemonSide = policies.find(p => p.metadata.namespace === 'agents');
    expect(daemonSide.spec.podSelector).toEqual({ matchLabels: SELECTOR });
    expect(daemonSide.spec.policyTypes).toEqual(['Ingress']);
    expect(daemonSide.spec.ingress[0].ports).toEqual([{ port: 4317, protocol: 'TCP' }]);
    const webSide = policies.find(p => p.metadata.namespace === 'shop');
    expect(webSide.spec.egress[0].to).toEqual([{ podSelector: { matchLabels: SELECTOR }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agents' } } }]);
  });

  test('a daemon allows another daemon through restrictIngress', () => {
    // GIVEN
    const chart = Testing.chart();
    const collector = new NodeDaemon(chart, 'Collector', { image: IMAGE, namespace: 'logging', ports: [{ name: 'forward', number: 24224 }] });
    const shipper = new NodeDaemon(chart, 'Shipper', { image: IMAGE, namespace: 'logging' });

    // WHEN
    collector.restrictIngress({ peers: [shipper] });

    // THEN
    const [policy] = ofKind(Testing.synth(chart), 'NetworkPolicy');
    expect(policy.spec.ingress).toEqual([{
      from: [{
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shipper', 'app.kubernetes.io/name': 'shipper' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'logging' } },
      }],
      ports: [{ port: 24224, protocol: 'TCP' }],
    }]);
  });
});

describe('cdk8s-plus ServiceAccount references', () => {
  test('a kplus ServiceAccount: no ServiceAccount of the daemon\'s own, serviceAccountName is the given one', () => {
    // GIVEN
    const chart = Testing.chart();
    const account = new kplus.ServiceAccount(chart, 'Shared', { metadata: { name: 'node-agents' } });

    // WHEN
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, serviceAccount: account });
    const manifests = Testing.synth(chart);

    // THEN
    expect(daemon.node.tryFindChild('ServiceAccount')).toBeUndefined();
    expect(daemon.serviceAccount).toBe(account);
    expect(ofKind(manifests, 'ServiceAccount').map(s => s.metadata.name)).toEqual(['node-agents']);
    expect(podSpecOf(manifests).serviceAccountName).toBe('node-agents');
    expect(podSpecOf(manifests).automountServiceAccountToken).toBe(false);
  });

  test('kplus.ServiceAccount.fromServiceAccountName: nothing rendered, serviceAccountName is the name', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const daemon = new NodeDaemon(chart, 'Daemon', {
      image: IMAGE,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'Existing', 'fluent-bit'),
      automountServiceAccountToken: true,
    });
    const manifests = Testing.synth(chart);

    // THEN
    expect(daemon.node.tryFindChild('ServiceAccount')).toBeUndefined();
    expect(ofKind(manifests, 'ServiceAccount')).toEqual([]);
    expect(podSpecOf(manifests).serviceAccountName).toBe('fluent-bit');
    expect(podSpecOf(manifests).automountServiceAccountToken).toBe(true);
  });

  test('without the prop, the daemon has its own ServiceAccount (child ServiceAccount)', () => {
    const { chart, daemon } = daemonIn();
    expect(daemon.node.tryFindChild('ServiceAccount')).toBe(daemon.serviceAccount);
    expect(podSpecOf(Testing.synth(chart)).serviceAccountName).toBe('daemon');
  });
});

describe('cdk8s-plus ConfigMap and Secret references', () => {
  test('kplus ConfigMap and Secret objects as volumes and env render by their names', () => {
    // GIVEN
    const chart = Testing.chart();
    const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'agent-config' }, data: { 'agent.yaml': 'level: info\n', 'level': 'info' } });
    const token = new kplus.Secret(chart, 'Token', { metadata: { name: 'agent-token' }, stringData: { token: 's3cr3t' } });

    // WHEN
    const manifests = Testing.synth((() => {
      new NodeDaemon(chart, 'Daemon', {
        image: IMAGE,
        configMapVolumes: [{ name: 'config', configMap: config, mountPath: '/etc/agent' }],
        secretVolumes: [{ name: 'token', secret: token, mountPath: '/var/run/agent' }],
        env: {
          LEVEL: kplus.EnvValue.fromConfigMap(config, 'level'),
          TOKEN: kplus.EnvValue.fromSecretValue({ secret: token, key: 'token' }),
        },
      });
      return chart;
    })());

    // THEN
    const pod = podSpecOf(manifests);
    expect(pod.volumes).toEqual([
      { name: 'config', configMap: { name: 'agent-config' } },
      { name: 'token', secret: { secretName: 'agent-token', defaultMode: 0o400 } },
    ]);
    expect(pod.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'agent-config', key: 'level' } } },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'agent-token', key: 'token' } } },
    ]));
    expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'config', mountPath: '/etc/agent', readOnly: true }),
      expect.objectContaining({ name: 'token', mountPath: '/var/run/agent', readOnly: true }),
    ]));
    expect(ofKind(manifests, 'ConfigMap').map(c => c.metadata.name)).toEqual(['agent-config']);
    expect(ofKind(manifests, 'Secret').map(c => c.metadata.name)).toEqual(['agent-token']);
  });

  test('references to existing objects (fromConfigMapName, fromSecretName) render by name, nothing else', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });
    daemon.addConfigMapVolume({ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Config', 'fluent-bit-config'), mountPath: '/fluent-bit/etc' });
    daemon.addSecretVolume({ name: 'es', secret: kplus.Secret.fromSecretName(chart, 'Es', 'elasticsearch-credentials') });
    daemon.addEnv('ES_PASSWORD', kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, 'Es2', 'elasticsearch-credentials'), key: 'password' }));
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests.map(m => m.kind)).toEqual(['ServiceAccount', 'DaemonSet']);
    const pod = podSpecOf(manifests);
    expect(pod.volumes).toEqual([
      { name: 'config', configMap: { name: 'fluent-bit-config' } },
      { name: 'es', secret: { secretName: 'elasticsearch-credentials', defaultMode: 0o400 } },
    ]);
    expect(pod.containers[0].env).toContainEqual({ name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'elasticsearch-credentials', key: 'password' } } });
  });
});
