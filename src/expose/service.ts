import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ExternalTrafficPolicy, InternalTrafficPolicy, ServiceExposeOptions } from './service-options';
import { oncePerSynth, ServiceObject } from '../output/synth-memo';
import { DaemonPort } from '../pod/container';
import { annotationProblems } from '../pod/pod-template';
import { propError, show } from '../util/errors';
import { labelValueProblem, qualifiedNameProblem } from '../util/names';

/** What a Service needs to know of its daemon. */
export interface ServiceTarget {
  /** The daemon's metadata for this Service (default name, namespace, labels, annotations). */
  readonly metadata: ApiObjectMetadata;
  readonly selectorLabels: { [key: string]: string };
  /** The daemon's ports at the time of asking (ports may be added after the Service). */
  readonly ports: () => DaemonPort[];
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const NODE_PORT_RANGE = [30000, 32767];
/** Labels every object of a daemon carries with the daemon's values (NodeDaemon sets them from its props). */
const MANAGED_LABEL_KEYS = ['name', 'instance', 'component', 'part-of', 'managed-by'].map(k => `app.kubernetes.io/${k}`);

/** A problem of a Service: the prop (relative to the expose call), the value, what is wrong, the fix. */
interface ServiceProblem { readonly prop: string; readonly value: unknown; readonly problem: string; readonly fix: string }

/**
 * A Service in front of a daemon's pods: child `id` of `scope`, with a lazily rendered spec so ports
 * the daemon gains later are exposed too.
 */
export class DaemonServiceModel {
  public readonly resource: k8s.KubeService;
  public readonly name: string;

  constructor(
    private readonly scope: Construct,
    public readonly id: string,
    public readonly headless: boolean,
    defaultName: string,
    private readonly target: ServiceTarget,
    private readonly options: ServiceExposeOptions,
  ) {
    this.name = options.name ?? defaultName;
    const method = this.method;
    const [first] = this.problems(false);
    if (first) { throw propError(scope, `${method}.${first.prop}`, first.value, first.problem, first.fix); }

    this.resource = new ServiceObject(scope, id, {
      metadata: {
        ...target.metadata,
        name: this.name,
        labels: { ...(target.metadata.labels ?? {}), ...(options.labels ?? {}) },
        annotations: { ...(target.metadata.annotations ?? {}), ...(options.annotations ?? {}) },
      },
      spec: () => this.renderSpec(),
    });
  }

  /**
   * What the daemon's validation reports for this Service, each in the library's form. The daemon asks
   * (one validation per daemon, however many Services: cdk8s runs every validation once per chart).
   */
  public validationErrors(): string[] {
    return this.finalProblems().map(p => `${this.method}.${p.prop} = ${show(p.value)}: ${p.problem}. Fix: ${p.fix}`);
  }

  /** The method that made it, for messages. */
  public get method(): string {
    return this.headless ? 'exposeViaHeadlessService' : 'exposeViaService';
  }

  /** The node ports fixed by nodePorts, each once. */
  public nodePorts(): number[] {
    return [...new Set(Object.values(this.options.nodePorts ?? {}))];
  }

  /** The daemon ports this Service exposes (in declaration order). */
  public exposedPorts(): DaemonPort[] {
    const all = this.target.ports();
    return this.options.ports === undefined ? all : all.filter(p => this.options.ports!.includes(p.name));
  }

  private problems(final: boolean): ServiceProblem[] {
    const out: ServiceProblem[] = [];
    const o = this.options;
    const type = o.type ?? kplus.ServiceType.CLUSTER_IP;
    if (this.name.length > 63 || !DNS1035_LABEL.test(this.name)) {
      out.push({ prop: 'name', value: this.name, problem: 'must be a DNS-1035 label: at most 63 lowercase letters, digits and \'-\', starting with a letter', fix: 'pass name: \'<a-letter-first-name>\'' });
    }
    if (type !== kplus.ServiceType.CLUSTER_IP && type !== kplus.ServiceType.NODE_PORT && type !== kplus.ServiceType.LOAD_BALANCER) {
      out.push({ prop: 'type', value: type, problem: 'is not ClusterIP, NodePort or LoadBalancer (an ExternalName Service selects no pods)', fix: 'use kplus.ServiceType.CLUSTER_IP or NODE_PORT' });
    }
    if (this.headless && type !== kplus.ServiceType.CLUSTER_IP) {
      out.push({ prop: 'type', value: type, problem: 'cannot be used for a headless Service (clusterIP None): it has no virtual IP to open on nodes or balancers', fix: 'leave type out of exposeViaHeadlessService, and call exposeViaService({ type: ServiceType.NODE_PORT }) for a second, NodePort Service' });
    }
    if (o.externalTrafficPolicy !== undefined && type !== kplus.ServiceType.NODE_PORT && type !== kplus.ServiceType.LOAD_BALANCER) {
      out.push({ prop: 'externalTrafficPolicy', value: o.externalTrafficPolicy, problem: `only applies to NodePort and LoadBalancer Services (this one is ${this.headless ? 'headless' : type}; the API server rejects it)`, fix: 'add type: kplus.ServiceType.NODE_PORT, or use internalTrafficPolicy for in-cluster clients' });
    }
    if (this.headless && o.internalTrafficPolicy !== undefined) {
      out.push({ prop: 'internalTrafficPolicy', value: o.internalTrafficPolicy, problem: 'has no effect on a headless Service: clients resolve and call pod IPs directly', fix: 'drop it, or set it on exposeViaService' });
    }
    for (const [key, value] of Object.entries(o.labels ?? {})) {
      const keyProblem = qualifiedNameProblem(key);
      const valueProblem = labelValueProblem(value);
      if (keyProblem) {
        out.push({ prop: 'labels', value: key, problem: `label key ${keyProblem}`, fix: 'use a key such as \'team\' or \'example.com/team\'' });
      } else if (valueProblem) {
        out.push({ prop: `labels['${key}']`, value, problem: `label value ${valueProblem}`, fix: 'use at most 63 letters, digits, \'-\', \'_\' or \'.\'' });
      } else if (MANAGED_LABEL_KEYS.includes(key)) {
        out.push({ prop: `labels['${key}']`, value, problem: 'is managed by cdk8s-daemons: the Service carries the daemon\'s value', fix: 'drop it, or set it through the daemon\'s props (name, instance, component, partOf)' });
      }
    }
    // keys (checked in lowercase, as the API server's ValidateAnnotations does) and the 256 KiB total
    out.push(...annotationProblems('annotations', o.annotations));
    for (const [portName, servicePort] of Object.entries(o.servicePorts ?? {})) {
      if (!(Number.isInteger(servicePort) && servicePort >= 1 && servicePort <= 65535)) {
        out.push({ prop: `servicePorts['${portName}']`, value: servicePort, problem: 'must be an integer from 1 to 65535', fix: 'give the port clients connect to, e.g. 8010' });
      }
    }
    for (const [portName, nodePort] of Object.entries(o.nodePorts ?? {})) {
      if (type !== kplus.ServiceType.NODE_PORT && type !== kplus.ServiceType.LOAD_BALANCER) {
        out.push({ prop: `nodePorts['${portName}']`, value: nodePort, problem: `needs type NodePort or LoadBalancer (the Service is ${type})`, fix: 'add type: kplus.ServiceType.NODE_PORT, or drop nodePorts' });
      }
      if (!(Number.isInteger(nodePort) && nodePort >= NODE_PORT_RANGE[0] && nodePort <= NODE_PORT_RANGE[1])) {
        out.push({ prop: `nodePorts['${portName}']`, value: nodePort, problem: `must be a whole number in the node port range ${NODE_PORT_RANGE[0]}-${NODE_PORT_RANGE[1]} (the API server rejects others)`, fix: `pick a port from ${NODE_PORT_RANGE[0]} to ${NODE_PORT_RANGE[1]}, e.g. 30010` });
      }
    }
    if (!final) { return out; }

    const declared = this.target.ports().map(p => p.name);
    (o.ports ?? []).forEach((name, i) => {
      if (!declared.includes(name)) {
        out.push({ prop: `ports[${i}]`, value: name, problem: 'names no container port of the daemon', fix: `use one of the declared port names (${declared.join(', ') || 'none: declare ports first'})` });
      }
    });
    const exposed = this.exposedPorts();
    for (const [prop, map] of [['nodePorts', o.nodePorts], ['servicePorts', o.servicePorts]] as const) {
      for (const portName of Object.keys(map ?? {})) {
        if (!exposed.some(p => p.name === portName)) {
          out.push({ prop, value: portName, problem: 'names no port this Service exposes', fix: `use the name of an exposed container port (${exposed.map(p => p.name).join(', ') || 'none'})` });
        }
      }
    }
    // The same number twice needs two protocols: Kubernetes allows one node port (or Service port) for TCP and UDP.
    for (const [prop, numberOf] of [['nodePorts', (p: DaemonPort) => o.nodePorts?.[p.name]], ['servicePorts', (p: DaemonPort) => o.servicePorts?.[p.name] ?? p.number]] as const) {
      const seen = new Map<string, string>();
      for (const p of exposed) {
        const n = numberOf(p);
        if (n === undefined) { continue; }
        const key = `${n}/${p.protocol ?? kplus.Protocol.TCP}`;
        const other = seen.get(key);
        if (other !== undefined) {
          out.push({ prop: `${prop}['${p.name}']`, value: n, problem: `is also the ${prop === 'nodePorts' ? 'node port' : 'Service port'} of '${other}' for ${p.protocol ?? kplus.Protocol.TCP} (the API server rejects it)`, fix: 'give every port its own number, or use one number for a TCP and a UDP port' });
        }
        seen.set(key, p.name);
      }
    }
    if (o.ports !== undefined && o.ports.length === 0) {
      out.push({ prop: 'ports', value: [], problem: 'the Service would have no port: the list is empty', fix: 'leave ports out to expose every declared port, or name the ports to expose' });
    } else if (this.exposedPorts().length === 0 && o.ports === undefined) {
      out.push({ prop: 'ports', value: [], problem: 'the Service would have no port: the daemon declares none', fix: 'declare the ports the daemon listens on (ports prop or addPort)' });
    }
    return out;
  }

  /** problems(true), once per app synth in a synth scope: the validation and the render guard read it. */
  private finalProblems(): ServiceProblem[] {
    return oncePerSynth(this.scope, () => this.problems(true), this);
  }

  private renderSpec(): k8s.ServiceSpec {
    const [first] = this.finalProblems();
    if (first) { throw propError(this.scope, `${this.method}.${first.prop}`, first.value, first.problem, first.fix); }
    const o = this.options;
    const type = this.headless ? kplus.ServiceType.CLUSTER_IP : (o.type ?? kplus.ServiceType.CLUSTER_IP);
    return {
      type,
      clusterIp: this.headless ? 'None' : undefined,
      selector: { ...this.target.selectorLabels },
      ports: this.exposedPorts().map(p => ({
        name: p.name,
        port: o.servicePorts?.[p.name] ?? p.number,
        targetPort: k8s.IntOrString.fromString(p.name),
        protocol: p.protocol ?? kplus.Protocol.TCP,
        nodePort: o.nodePorts?.[p.name],
      })),
      internalTrafficPolicy: this.headless ? undefined : (o.internalTrafficPolicy ?? InternalTrafficPolicy.CLUSTER),
      externalTrafficPolicy: type === kplus.ServiceType.NODE_PORT || type === kplus.ServiceType.LOAD_BALANCER
        ? (o.externalTrafficPolicy ?? ExternalTrafficPolicy.CLUSTER) : undefined,
    };
  }
}
