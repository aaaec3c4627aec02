import { k8s } from 'cdk8s-plus-27';
import { INT64_MAX, INT64_MIN, isInt64, parseInt64 } from '../util/bounds';
import { show, valueError } from '../util/errors';
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
 * One condition on a node's labels (`matchExpressions`) or on its name (`matchFields`). Each factory
 * checks the requirement as the API server does and throws when it would be rejected.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
export class NodeSelectorRequirement {
  /** The node label `key` has one of `values` (at least one). */
  public static in(key: string, values: string[]): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.in', key, NodeSelectorOperator.IN, values, false);
  }

  /** The node label `key` is absent or has none of `values` (at least one). */
  public static notIn(key: string, values: string[]): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.notIn', key, NodeSelectorOperator.NOT_IN, values, false);
  }

  /** The node has the label `key`. */
  public static exists(key: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.exists', key, NodeSelectorOperator.EXISTS, [], false);
  }

  /** The node does not have the label `key`. */
  public static doesNotExist(key: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.doesNotExist', key, NodeSelectorOperator.DOES_NOT_EXIST, [], false);
  }

  /**
   * The node label `key`, read as an integer, is greater than `value`, an integer of at most
   * 2^53 - 1 in magnitude (for larger int64 bounds, give the digits to `custom()`).
   */
  public static gt(key: string, value: number): NodeSelectorRequirement {
    return NodeSelectorRequirement.bound('NodeSelectorRequirement.gt', key, NodeSelectorOperator.GT, value);
  }

  /**
   * The node label `key`, read as an integer, is less than `value`, an integer of at most
   * 2^53 - 1 in magnitude (for larger int64 bounds, give the digits to `custom()`).
   */
  public static lt(key: string, value: number): NodeSelectorRequirement {
    return NodeSelectorRequirement.bound('NodeSelectorRequirement.lt', key, NodeSelectorOperator.LT, value);
  }

  /**
   * Any label requirement, checked as the API server checks it (escape hatch for values read from
   * elsewhere). Gt and Lt take one decimal integer string within int64, checked exactly.
   */
  public static custom(key: string, operator: NodeSelectorOperator, values: string[] = []): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.custom', key, operator, values, false);
  }

  /** The node's name is `name` (`matchFields` on `metadata.name`, which takes exactly one value). */
  public static nodeNameIs(name: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.nodeNameIs', NODE_NAME_FIELD, NodeSelectorOperator.IN, [name], true, 'name', false);
  }

  /** The node's name is not `name` (`matchFields` on `metadata.name`). */
  public static nodeNameIsNot(name: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.nodeNameIsNot', NODE_NAME_FIELD, NodeSelectorOperator.NOT_IN, [name], true, 'name', false);
  }

  /** Any `matchFields` requirement, checked as the API server checks it (only `metadata.name`, In or NotIn, one value). */
  public static field(key: string, operator: NodeSelectorOperator, values: string[]): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.field', key, operator, values, true);
  }

  /** Linux nodes only (`kubernetes.io/os In [linux]`): keeps the daemon off Windows nodes. */
  public static linuxOnly(): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.linuxOnly', OS_LABEL, NodeSelectorOperator.IN, ['linux'], false);
  }

  /** Nodes of these CPU architectures, at least one (`kubernetes.io/arch In [...]`, e.g. `amd64`, `arm64`). */
  public static architecture(...architectures: string[]): NodeSelectorRequirement {
    if (architectures.length === 0) {
      throw valueError('NodeSelectorRequirement.architecture', 'architectures', architectures, 'In needs at least one value, so no architecture selects no node',
        'name the architectures, e.g. architecture(\'amd64\', \'arm64\')');
    }
    return new NodeSelectorRequirement('NodeSelectorRequirement.architecture', ARCH_LABEL, NodeSelectorOperator.IN, architectures, false, 'architectures');
  }

  /** The node with this hostname label (`kubernetes.io/hostname In [name]`). */
  public static hostname(name: string): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.hostname', HOSTNAME_LABEL, NodeSelectorOperator.IN, [name], false, 'name', false);
  }

  /** Not EKS Fargate nodes, where DaemonSets cannot run (`eks.amazonaws.com/compute-type NotIn [fargate]`). */
  public static notFargate(): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.notFargate', EKS_COMPUTE_TYPE_LABEL, NodeSelectorOperator.NOT_IN, ['fargate'], false);
  }

  /** Not virtual-kubelet nodes (`type NotIn [virtual-kubelet]`), which have no real host. */
  public static notVirtualKubelet(): NodeSelectorRequirement {
    return new NodeSelectorRequirement('NodeSelectorRequirement.notVirtualKubelet', VIRTUAL_KUBELET_LABEL, NodeSelectorOperator.NOT_IN, ['virtual-kubelet'], false);
  }

  /** gt() and lt(): the number must be an integer a JavaScript number holds exactly, hence within int64. */
  private static bound(where: string, key: string, operator: NodeSelectorOperator, value: number): NodeSelectorRequirement {
    if (!Number.isInteger(value)) {
      throw valueError(where, 'value', value, `${operator} compares the label as an integer, so the bound must be a whole number`, `give an integer, e.g. ${where}(key, 8)`);
    }
    if (!isInt64(value)) {
      // Beyond 2^53 the number is not the integer that was written (2 ** 63 - 1 === 2 ** 63), so it
      // cannot be checked against int64 or rendered exactly; the digits as a string can.
      throw valueError(where, 'value', value, `is beyond ±${Number.MAX_SAFE_INTEGER}, where a JavaScript number no longer holds every integer exactly`,
        `give the exact decimal digits as a string: NodeSelectorRequirement.custom(key, NodeSelectorOperator.${operator === NodeSelectorOperator.GT ? 'GT' : 'LT'}, ['<digits>']), checked against int64 exactly`);
    }
    return new NodeSelectorRequirement(where, key, operator, [String(value)], false, 'value', false);
  }

  /** The label key, or the field (`metadata.name`) for a field requirement. */
  public readonly key: string;
  /** The operator. */
  public readonly operator: NodeSelectorOperator;
  /** The values. */
  public readonly values: string[];
  /** Whether this is a `matchFields` requirement on the node object rather than on its labels. */
  public readonly isField: boolean;

  /**
   * @param where the factory, for errors
   * @param valuesParam the factory's parameter holding the values, for errors
   * @param isList whether that parameter is a list (errors name `values[i]`) or the one value (`name`)
   */
  private constructor(where: string, key: string, operator: NodeSelectorOperator, values: string[], isField: boolean, valuesParam = 'values', isList = true) {
    this.key = key;
    this.operator = operator;
    this.values = [...values];
    this.isField = isField;
    checkRequirement(where, this, valuesParam, isList);
  }

  /** `key operator [values]`, for messages. */
  public toString(): string {
    const vals = this.values.length ? ` [${this.values.join(', ')}]` : '';
    return `${this.isField ? 'field ' : ''}${this.key} ${this.operator}${vals}`;
  }

  /** @internal */
  public _toKube(): k8s.NodeSelectorRequirement {
    return { key: this.key, operator: this.operator, values: this.values.length ? [...this.values] : undefined };
  }
}

/**
 * Throws the first problem the API server would find with a requirement (v1.27
 * validateNodeSelectorRequirement and validateNodeFieldSelectorRequirement), naming the factory
 * `where` and its parameter: `key`, `operator`, or the values parameter (see the constructor).
 */
function checkRequirement(where: string, r: NodeSelectorRequirement, valuesProp: string, isList: boolean): void {
  const { key, operator: op, values } = r;
  const n = values.length;
  // The values as the factory took them: the list, or its one value.
  const valuesValue = isList ? values : values[0];
  const valueProp = (i: number) => (isList ? `${valuesProp}[${i}]` : valuesProp);
  if (!Object.values(NodeSelectorOperator).includes(op)) {
    throw valueError(where, 'operator', op, 'is not In, NotIn, Exists, DoesNotExist, Gt or Lt', 'use a NodeSelectorOperator member');
  }
  if (r.isField) {
    if (key !== NODE_NAME_FIELD) {
      throw valueError(where, 'key', key, `matchFields key ${show(key)} is not supported; only '${NODE_NAME_FIELD}' is`,
        'select nodes by label with matchExpressions, or by name with NodeSelectorRequirement.nodeNameIs()');
    }
    if (op !== NodeSelectorOperator.IN && op !== NodeSelectorOperator.NOT_IN) {
      throw valueError(where, 'operator', op, `matchFields operator '${op}' is not allowed; only In and NotIn are`, 'use nodeNameIs() or nodeNameIsNot()');
    }
    if (n !== 1) {
      throw valueError(where, valuesProp, valuesValue, `matchFields with ${op} takes exactly one value (got ${n})`,
        'use one requirement per node name, in separate terms to OR them');
    }
    // The API server checks metadata.name values as node names (DNS-1123 subdomains).
    const nameProblem = dns1123SubdomainProblem(values[0]);
    if (nameProblem) {
      throw valueError(where, valueProp(0), values[0], `node name ${show(values[0])} ${nameProblem}`, 'use the node name as `kubectl get nodes` prints it');
    }
    return;
  }
  const keyProblem = qualifiedNameProblem(key);
  if (keyProblem) { throw valueError(where, 'key', key, `key ${show(key)} ${keyProblem}`, 'use a node label key such as \'kubernetes.io/os\''); }
  switch (op) {
    case NodeSelectorOperator.IN:
    case NodeSelectorOperator.NOT_IN:
      if (n === 0) {
        throw valueError(where, valuesProp, values, `${op} needs at least one value`,
          `list the values, or use ${op === NodeSelectorOperator.IN ? 'exists()' : 'doesNotExist()'}`);
      }
      values.forEach((v, i) => {
        const valueProblem = labelValueProblem(v);
        if (valueProblem) { throw valueError(where, valueProp(i), v, `value ${show(v)} ${valueProblem}`, 'use a label value'); }
      });
      break;
    case NodeSelectorOperator.EXISTS:
    case NodeSelectorOperator.DOES_NOT_EXIST:
      if (n !== 0) { throw valueError(where, valuesProp, values, `${op} takes no values (got ${n})`, 'drop the values, or use in()/notIn()'); }
      break;
    default: // Gt, Lt: the scheduler reads the value with strconv.ParseInt(v, 10, 64)
      if (n !== 1 || parseInt64(values[0]) === undefined) {
        throw valueError(where, valuesProp, valuesValue, `${op} takes exactly one integer value from ${INT64_MIN} to ${INT64_MAX} (got [${values.join(', ')}])`,
          `give one decimal integer, e.g. ['8'], or use NodeSelectorRequirement.${op === NodeSelectorOperator.GT ? 'gt' : 'lt'}(key, <integer>)`);
      }
  }
}

/**
 * A node selector term: all its requirements must hold (AND). Several terms are alternatives (OR).
 */
export class NodeSelectorTerm {
  /**
   * A term that holds when every requirement holds.
   * @throws when no requirement is given: an empty term matches no node
   */
  public static of(...requirements: NodeSelectorRequirement[]): NodeSelectorTerm {
    if (requirements.length === 0) {
      throw valueError('NodeSelectorTerm.of', 'requirements', requirements,
        'a term with no requirements matches no node (Kubernetes treats an empty term as matching nothing)',
        'give the term at least one requirement, or leave the term out');
    }
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
