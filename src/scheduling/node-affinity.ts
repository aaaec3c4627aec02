import { k8s } from 'cdk8s-plus-27';
import { dns1123SubdomainProblem, labelValueProblem, qualifiedNameProblem } from '../util/names';

/** Operators of a node selector requirement. */
export enum NodeSelectorOperator {
  /** The label's value is one of the values. */
  IN = 'In',
  /** The label is absent or its value is none of the values. */
  NOT_IN = 'NotIn',
  /** The label is present, with any value. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label's value, read as an integer, is greater than the one value. */
  GT = 'Gt',
  /** The label's value, read as an integer, is less than the one value. */
  LT = 'Lt',
}

/** Well-known node labels and values. */
const OS_LABEL = 'kubernetes.io/os';
const ARCH_LABEL = 'kubernetes.io/arch';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';
const EKS_COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';
const VIRTUAL_KUBELET_LABEL = 'type';

/** The only node field a node affinity may select on. */
const NODE_NAME_FIELD = 'metadata.name';

/**
 * One condition on a node's labels (`matchExpressions`) or on its name (`matchFields`).
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
export class NodeSelectorRequirement {
  /** The node label `key` has one of `values`. */
  public static in(key: string, values: string[]): NodeSelectorRequirement {
    return new NodeSelectorRequirement(key, NodeSelectorOperator.IN, values, false);
  }

  /** The node label `key` is absent or has none of `values`. */
  public static notIn(key: string, values: string[]): NodeSelectorRequirement {
    return new NodeSelectorRequirement(key, NodeSelectorOperator.NOT_IN, values, false);
  }

  /** The node has the label `key`. */
  public static exists(key: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement(key, NodeSelectorOperator.EXISTS, [], false);
  }

  /** The node does not have the label `key`. */
  public static doesNotExist(key: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement(key, NodeSelectorOperator.DOES_NOT_EXIST, [], false);
  }

  /** The node label `key`, read as an integer, is greater than `value`. */
  public static gt(key: string, value: number): NodeSelectorRequirement {
    return new NodeSelectorRequirement(key, NodeSelectorOperator.GT, [String(value)], false);
  }

  /** The node label `key`, read as an integer, is less than `value`. */
  public static lt(key: string, value: number): NodeSelectorRequirement {
    return new NodeSelectorRequirement(key, NodeSelectorOperator.LT, [String(value)], false);
  }

  /** Any label requirement, checked as the API server checks it (escape hatch for values read from elsewhere). */
  public static custom(key: string, operator: NodeSelectorOperator, values: string[] = []): NodeSelectorRequirement {
    return new NodeSelectorRequirement(key, operator, values, false);
  }

  /** The node's name is `name` (`matchFields` on `metadata.name`, which takes exactly one value). */
  public static nodeNameIs(name: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement(NODE_NAME_FIELD, NodeSelectorOperator.IN, [name], true);
  }

  /** The node's name is not `name` (`matchFields` on `metadata.name`). */
  public static nodeNameIsNot(name: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement(NODE_NAME_FIELD, NodeSelectorOperator.NOT_IN, [name], true);
  }

  /** Any `matchFields` requirement, checked as the API server checks it (only `metadata.name`, In or NotIn, one value). */
  public static field(key: string, operator: NodeSelectorOperator, values: string[]): NodeSelectorRequirement {
    return new NodeSelectorRequirement(key, operator, values, true);
  }

  /** Linux nodes only (`kubernetes.io/os In [linux]`): keeps the daemon off Windows nodes. */
  public static linuxOnly(): NodeSelectorRequirement {
    return NodeSelectorRequirement.in(OS_LABEL, ['linux']);
  }

  /** Nodes of these CPU architectures (`kubernetes.io/arch In [...]`, e.g. `amd64`, `arm64`). */
  public static architecture(...architectures: string[]): NodeSelectorRequirement {
    return NodeSelectorRequirement.in(ARCH_LABEL, architectures);
  }

  /** The node with this hostname label (`kubernetes.io/hostname In [name]`). */
  public static hostname(name: string): NodeSelectorRequirement {
    return NodeSelectorRequirement.in(HOSTNAME_LABEL, [name]);
  }

  /** Not EKS Fargate nodes, where DaemonSets cannot run (`eks.amazonaws.com/compute-type NotIn [fargate]`). */
  public static notFargate(): NodeSelectorRequirement {
    return NodeSelectorRequirement.notIn(EKS_COMPUTE_TYPE_LABEL, ['fargate']);
  }

  /** Not virtual-kubelet nodes (`type NotIn [virtual-kubelet]`), which have no real host. */
  public static notVirtualKubelet(): NodeSelectorRequirement {
    return NodeSelectorRequirement.notIn(VIRTUAL_KUBELET_LABEL, ['virtual-kubelet']);
  }

  /** The label key, or the field (`metadata.name`) for a field requirement. */
  public readonly key: string;
  /** The operator. */
  public readonly operator: NodeSelectorOperator;
  /** The values. */
  public readonly values: string[];
  /** Whether this is a `matchFields` requirement on the node object rather than on its labels. */
  public readonly isField: boolean;

  private constructor(key: string, operator: NodeSelectorOperator, values: string[], isField: boolean) {
    this.key = key;
    this.operator = operator;
    this.values = [...values];
    this.isField = isField;
  }

  /** `key operator [values]`, for messages. */
  public toString(): string {
    const vals = this.values.length ? ` [${this.values.join(', ')}]` : '';
    return `${this.isField ? 'field ' : ''}${this.key} ${this.operator}${vals}`;
  }

  /**
   * Problems the API server would find, each with its fix.
   * @internal
   */
  public _problems(): Array<{ problem: string; fix: string }> {
    const out: Array<{ problem: string; fix: string }> = [];
    const op = this.operator;
    const n = this.values.length;
    if (!Object.values(NodeSelectorOperator).includes(op)) {
      out.push({ problem: `operator '${op}' is not In, NotIn, Exists, DoesNotExist, Gt or Lt`, fix: 'use a NodeSelectorOperator member' });
      return out;
    }
    if (this.isField) {
      if (this.key !== NODE_NAME_FIELD) {
        out.push({ problem: `matchFields key '${this.key}' is not supported; only '${NODE_NAME_FIELD}' is`, fix: 'select nodes by label with matchExpressions, or by name with NodeSelectorRequirement.nodeNameIs()' });
      }
      if (op !== NodeSelectorOperator.IN && op !== NodeSelectorOperator.NOT_IN) {
        out.push({ problem: `matchFields operator '${op}' is not allowed; only In and NotIn are`, fix: 'use nodeNameIs() or nodeNameIsNot()' });
      } else if (n !== 1) {
        out.push({ problem: `matchFields with ${op} takes exactly one value (got ${n})`, fix: 'use one requirement per node name, in separate terms to OR them' });
      }
      if (this.key === NODE_NAME_FIELD) {
        // The API server checks metadata.name values as node names (DNS-1123 subdomains).
        for (const v of this.values) {
          const nameProblem = dns1123SubdomainProblem(v);
          if (nameProblem) { out.push({ problem: `node name '${v}' ${nameProblem}`, fix: 'use the node name as `kubectl get nodes` prints it' }); }
        }
      }
      return out;
    }
    const keyProblem = qualifiedNameProblem(this.key);
    if (keyProblem) { out.push({ problem: `key '${this.key}' ${keyProblem}`, fix: 'use a node label key such as \'kubernetes.io/os\'' }); }
    switch (op) {
      case NodeSelectorOperator.IN:
      case NodeSelectorOperator.NOT_IN:
        if (n === 0) { out.push({ problem: `${op} needs at least one value`, fix: `list the values, or use ${op === NodeSelectorOperator.IN ? 'exists()' : 'doesNotExist()'}` }); }
        for (const v of this.values) {
          const valueProblem = labelValueProblem(v);
          if (valueProblem) { out.push({ problem: `value '${v}' ${valueProblem}`, fix: 'use a label value' }); }
        }
        break;
      case NodeSelectorOperator.EXISTS:
      case NodeSelectorOperator.DOES_NOT_EXIST:
        if (n !== 0) { out.push({ problem: `${op} takes no values (got ${n})`, fix: 'drop the values, or use in()/notIn()' }); }
        break;
      default: // Gt, Lt
        if (n !== 1 || !/^[+-]?[0-9]+$/.test(this.values[0] ?? '')) {
          out.push({ problem: `${op} takes exactly one integer value (got [${this.values.join(', ')}])`, fix: `use NodeSelectorRequirement.${op === NodeSelectorOperator.GT ? 'gt' : 'lt'}(key, <integer>)` });
        }
    }
    return out;
  }

  /** @internal */
  public _toKube(): k8s.NodeSelectorRequirement {
    return { key: this.key, operator: this.operator, values: this.values.length ? [...this.values] : undefined };
  }
}

/**
 * A node selector term: all its requirements must hold (AND). Several terms are alternatives (OR).
 */
export class NodeSelectorTerm {
  /** A term that holds when every requirement holds. */
  public static of(...requirements: NodeSelectorRequirement[]): NodeSelectorTerm {
    return new NodeSelectorTerm(requirements);
  }

  /** The requirements, ANDed. */
  public readonly requirements: NodeSelectorRequirement[];

  private constructor(requirements: NodeSelectorRequirement[]) {
    this.requirements = [...requirements];
  }

  /** `a In [x] AND b Exists`, for messages. */
  public toString(): string {
    return this.requirements.map(r => r.toString()).join(' AND ');
  }

  /** @internal */
  public _toKube(): k8s.NodeSelectorTerm {
    const expressions = this.requirements.filter(r => !r.isField).map(r => r._toKube());
    const fields = this.requirements.filter(r => r.isField).map(r => r._toKube());
    return {
      matchExpressions: expressions.length ? expressions : undefined,
      matchFields: fields.length ? fields : undefined,
    };
  }
}

/** A preferred node selector term with its weight. */
export interface PreferredNodeSelectorTerm {
  /** Weight from 1 to 100, added to a node's score when the term holds. */
  readonly weight: number;
  /** The term. */
  readonly term: NodeSelectorTerm;
}

/**
 * Node affinity: required terms (a node must satisfy at least one) and preferred terms (weighted).
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
export interface NodeAffinity {
  /**
   * Terms of which a node must satisfy at least one (ORed; requirements inside a term ANDed).
   * @default - no requirement
   */
  readonly required?: NodeSelectorTerm[];

  /**
   * Weighted preferences. A DaemonSet places one pod on every eligible node, so preferences only
   * matter to the scheduler's scoring, never to which nodes get a pod.
   * @default - none
   */
  readonly preferred?: PreferredNodeSelectorTerm[];
}
