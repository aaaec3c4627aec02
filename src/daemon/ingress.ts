import * as kplus from 'cdk8s-plus-27';
import { DaemonState } from './state';
import type { IngressPolicyOptions } from '../node-daemon-props';
import { propError } from '../util/errors';
import { checkProps } from '../util/props';

/**
 * Adds a NetworkPolicy (child `NetworkPolicy`, a cdk8s-plus NetworkPolicy) so the daemon's pods
 * accept connections only from `peers`, and only on the exposed ports. Not for hostNetwork
 * daemons: network policies do not apply to pods on the host network.
 */
export function restrictIngress(st: DaemonState, options: IngressPolicyOptions): kplus.NetworkPolicy {
  checkProps(st.daemon.node.path, 'IngressPolicyOptions', options, [{ key: 'peers', type: 'array', example: '[kplus.Namespaces.select(this, \'Monitoring\', { names: [\'monitoring\'] })]' }]);
  if (st.ingressPolicy) {
    throw propError(st.daemon, 'restrictIngress', options.ports ?? st.ingressPolicy.ports, `was already called for this daemon (its NetworkPolicy '${st.ingressPolicy.policy.name}' allows ${st.ingressPolicy.ports.join(', ')})`, 'pass every peer in one call: restrictIngress({ peers: [a, b] })');
  }
  if (st.pod.hostNetwork) {
    throw propError(st.daemon, 'restrictIngress', st.daemon.name, 'cannot protect a hostNetwork daemon: network policies do not apply to pods on the host network, so the policy would silently allow everything', 'use node firewall rules, or drop hostNetwork');
  }
  if (options.peers.length === 0) {
    throw propError(st.daemon, 'restrictIngress.peers', [], 'lists no peer, which would deny every connection', 'name who may connect, e.g. kplus.Namespaces.select(this, \'Monitoring\', { names: [\'monitoring\'] })');
  }
  const exposed = [...new Set(st.services.flatMap(s => s.exposedPorts().map(p => p.name)))];
  const names = options.ports ?? (exposed.length ? exposed : st.daemon.ports.map(p => p.name));
  const known = st.daemon.ports.map(p => p.name);
  names.forEach((n, i) => {
    if (!known.includes(n)) {
      throw propError(st.daemon, `restrictIngress.ports[${i}]`, n, 'names no container port of the daemon', `use one of the declared port names (${known.join(', ') || 'none: declare ports first'})`);
    }
  });
  if (options.ports !== undefined && options.ports.length === 0) {
    throw propError(st.daemon, 'restrictIngress.ports', [], 'lists no port, and a NetworkPolicy rule without ports allows every port',
      'name the ports the peers may reach, or leave ports out to allow the exposed ones');
  }
  if (!names.length) {
    throw propError(st.daemon, 'restrictIngress.ports', [], 'the daemon declares no port to allow', 'declare the ports first (ports prop or addPort), then call restrictIngress');
  }
  const ports = st.daemon.ports.filter(p => names.includes(p.name)).map(p => kplus.NetworkPolicyPort.of({
    port: p.number,
    protocol: (p.protocol ?? kplus.Protocol.TCP) as string as kplus.NetworkProtocol,
  }));
  const policy = new kplus.NetworkPolicy(st.daemon, 'NetworkPolicy', {
    metadata: st.metadataFor(st.daemon.name),
    selector: st.daemon,
    ingress: { rules: options.peers.map(peer => ({ peer, ports })) },
  });
  st.ingressPolicy = { policy, ports: names, explicit: options.ports !== undefined };
  return policy;
}

