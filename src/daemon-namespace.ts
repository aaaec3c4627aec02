import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppIndex, validOncePerSynth } from './app-index';
import { NodeDaemon } from './node-daemon';
import { leastStrictLevel, PodSecurityLevel, podSecurityRank } from './pod/pod-security';
import { annotationProblems } from './pod/pod-template';
import { checkedId } from './util/construct-id';
import { propError } from './util/errors';
import { DAEMON_NAMESPACE_MARK } from './util/marks';
import { dns1123LabelProblem, kebabCase, labelValueProblem, qualifiedNameProblem } from './util/names';
import { checkProps } from './util/props';

/** The annotation that says why the namespace enforces a level below restricted. */
export const POD_SECURITY_REASON_ANNOTATION = 'cdk8s-daemons.io/pod-security-reason';

/** The Pod Security Standards version the namespace labels pin. */
const PSS_VERSION = 'v1.27';

/**
 * Props of a `DaemonNamespace`.
 */
export interface DaemonNamespaceProps {
  /**
   * Name of the namespace (a DNS-1123 label).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;

  /**
   * The Pod Security level the namespace enforces. A daemon in it that needs more privilege is a
   * synth-time error.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
   * @default - the strictest level every daemon in the namespace meets, computed at synth
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * Extra labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A Namespace for daemons. Daemons created inside it (as its children) take its name, and daemons
 * anywhere in the app whose `namespace` is its name count as in it. Its
 * `pod-security.kubernetes.io/enforce` label is, unless given, the strictest level all of them meet;
 * `warn` and `audit` are `restricted`, so every privilege shows up in warnings and audit logs.
 *
 * Children (fixed ids): `Resource` (the Namespace).
 */
export class DaemonNamespace extends Construct {
  /** Name of the namespace. */
  public readonly name: string;
  /** The Namespace object. */
  public readonly resource: k8s.KubeNamespace;
  private readonly explicitLevel?: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: DaemonNamespaceProps = {}) {
    checkProps(`${scope.node.path}/${id}`, 'DaemonNamespaceProps', props);
    super(scope, checkedId(scope, id));
    // All or nothing: a constructor that throws leaves nothing in the tree.
    try {
      Object.defineProperty(this, DAEMON_NAMESPACE_MARK, { value: true });
      AppIndex.register(this);
      this.name = props.name ?? kebabCase(id);
      const nameProblem = dns1123LabelProblem(this.name);
      if (nameProblem) {
        throw propError(this, 'name', this.name, nameProblem, props.name === undefined
          ? `pass name: '<a-dns-label>' (the default comes from the construct id '${id}')`
          : 'use lowercase letters, digits and \'-\', at most 63 characters');
      }
      if (props.podSecurity !== undefined && !Object.values(PodSecurityLevel).includes(props.podSecurity)) {
        throw propError(this, 'podSecurity', props.podSecurity, 'is not a Pod Security level', 'use PodSecurityLevel.PRIVILEGED, BASELINE or RESTRICTED');
      }
      this.explicitLevel = props.podSecurity;
      for (const [key, value] of Object.entries(props.labels ?? {})) {
        const problem = qualifiedNameProblem(key) ?? labelValueProblem(value);
        if (problem) { throw propError(this, `labels['${key}']`, value, problem, 'use a valid label key and a value of at most 63 letters, digits, \'-\', \'_\' or \'.\''); }
        if (key.startsWith('pod-security.kubernetes.io/')) {
          throw propError(this, `labels['${key}']`, value, 'is managed by DaemonNamespace', 'set the enforced level with the podSecurity prop');
        }
      }
      // keys (in lowercase, as the API server checks them) and the 256 KiB total
      const [annotationProblem] = annotationProblems('annotations', props.annotations);
      if (annotationProblem) {
        const { prop, value, problem, fix } = annotationProblem;
        throw propError(this, prop, value, problem, fix);
      }

      const enforce = Lazy.any({ produce: () => this.levelOf(this.daemonsIn(AppIndex.of(this))) }) as unknown as string;
      const reason = Lazy.any({ produce: () => this.podSecurityReason() }) as unknown as string;
      this.resource = new k8s.KubeNamespace(this, 'Resource', {
        metadata: {
          name: this.name,
          annotations: { ...(props.annotations ?? {}), [POD_SECURITY_REASON_ANNOTATION]: reason },
          labels: {
            ...(props.labels ?? {}),
            'app.kubernetes.io/managed-by': 'cdk8s-daemons',
            'pod-security.kubernetes.io/enforce': enforce,
            'pod-security.kubernetes.io/enforce-version': PSS_VERSION,
            'pod-security.kubernetes.io/warn': PodSecurityLevel.RESTRICTED,
            'pod-security.kubernetes.io/warn-version': PSS_VERSION,
            'pod-security.kubernetes.io/audit': PodSecurityLevel.RESTRICTED,
            'pod-security.kubernetes.io/audit-version': PSS_VERSION,
          },
        },
      });
      this.node.addValidation(validOncePerSynth(this, () => this.levelProblems()));
    } catch (e) {
      scope.node.tryRemoveChild(this.node.id);
      throw e;
    }
  }

  /** The daemons in this namespace: anywhere in the app, sorted by construct path. */
  public get daemons(): NodeDaemon[] {
    return this.daemonsIn(AppIndex.now(this));
  }

  /** The level the namespace enforces: the given one, or the strictest that every daemon in it meets. */
  public get enforcedLevel(): PodSecurityLevel {
    return this.levelOf(this.daemonsIn(AppIndex.now(this)));
  }

  /**
   * When the namespace enforces less than restricted, why: each daemon
   * that needs it, with the checks it fails (`node-exporter: host namespaces (hostNetwork, hostPID); ...`).
   */
  private podSecurityReason(): string | undefined {
    const daemons = this.daemonsIn(AppIndex.of(this));
    const level = this.levelOf(daemons);
    // The checks that keep a daemon from the next stricter level explain this one.
    const breaking = level === PodSecurityLevel.PRIVILEGED ? PodSecurityLevel.BASELINE : PodSecurityLevel.RESTRICTED;
    const reasons = level === PodSecurityLevel.RESTRICTED ? [] : daemons
      .map(d => ({ d, details: d.podSecurityViolations.filter(v => v.level === breaking).map(v => v.detail) }))
      .filter(({ details }) => details.length)
      .map(({ d, details }) => `${d.name}: ${details.join('; ')}`);
    return reasons.length ? reasons.join(' | ') : undefined;
  }

  private levelOf(daemons: NodeDaemon[]): PodSecurityLevel {
    return this.explicitLevel ?? leastStrictLevel(daemons.map(d => d.podSecurityLevel));
  }

  private daemonsIn(index: AppIndex): NodeDaemon[] {
    return index.inNamespace(this.name)
      .filter(NodeDaemon.isNodeDaemon)
      .sort((a, b) => a.node.path.localeCompare(b.node.path));
  }

  private levelProblems(): string[] {
    if (this.explicitLevel === undefined) { return []; }
    const out: string[] = [];
    for (const d of this.daemonsIn(AppIndex.of(this))) {
      const level = d.podSecurityLevel;
      if (podSecurityRank(level) < podSecurityRank(this.explicitLevel)) {
        const why = d.podSecurityViolations
          .filter(v => podSecurityRank(v.level) <= podSecurityRank(this.explicitLevel!))
          .map(v => v.detail);
        out.push(`podSecurity = '${this.explicitLevel}': daemon '${d.node.path}' needs '${level}' (${why.join('; ')}), so namespace '${this.name}' would reject its pods. Fix: raise podSecurity to PodSecurityLevel.${level.toUpperCase()}, or remove that daemon's host access and privileges`);
      }
    }
    return out;
  }
}
