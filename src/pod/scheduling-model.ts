import { k8s } from 'cdk8s-plus-27';
import { Problem } from './container-model';
import { NodeSelectorTerm, PreferredNodeSelectorTerm } from '../scheduling/node-affinity';
import { PodAffinityTerm, WeightedPodAffinityTerm } from '../scheduling/pod-affinity';
import { podAffinityTermProblems, renderPodAffinityTerm } from '../scheduling/pod-affinity-rules';
import { isBuiltInPriorityClass, PreemptionPolicy } from '../scheduling/priority';
import { unsatisfiableReason } from '../scheduling/satisfiability';
import { DaemonSchedulingOptions } from '../scheduling/scheduling-options';
import { Toleration } from '../scheduling/toleration';
import { show } from '../util/errors';
import { dns1123SubdomainProblem, labelValueProblem, qualifiedNameProblem } from '../util/names';

interface PodAffinityModel {
  readonly required: PodAffinityTerm[];
  readonly preferred: WeightedPodAffinityTerm[];
}

/** The mutable scheduling state of a daemon: props plus what `add*` calls append. */
export class SchedulingModel {
  public readonly tolerations: Toleration[];
  public readonly nodeSelector: { [key: string]: string };
  public readonly requiredNodeTerms: NodeSelectorTerm[];
  public readonly preferredNodeTerms: PreferredNodeSelectorTerm[];
  public readonly podAffinity: PodAffinityModel;
  public readonly podAntiAffinity: PodAffinityModel;
  public readonly priorityClassName?: string;
  public readonly preemptionPolicy?: PreemptionPolicy;

  constructor(props: DaemonSchedulingOptions) {
    this.tolerations = [...(props.tolerations ?? [])];
    this.nodeSelector = { ...(props.nodeSelector ?? {}) };
    this.requiredNodeTerms = [...(props.nodeAffinity?.required ?? [])];
    this.preferredNodeTerms = [...(props.nodeAffinity?.preferred ?? [])];
    this.podAffinity = { required: [...(props.podAffinity?.required ?? [])], preferred: [...(props.podAffinity?.preferred ?? [])] };
    this.podAntiAffinity = { required: [...(props.podAntiAffinity?.required ?? [])], preferred: [...(props.podAntiAffinity?.preferred ?? [])] };
    this.priorityClassName = props.priorityClassName;
    this.preemptionPolicy = props.preemptionPolicy;
  }

  public problems(): Problem[] {
    const out: Problem[] = [];
    for (const [key, value] of Object.entries(this.nodeSelector)) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) { out.push({ prop: 'nodeSelector', value: key, problem: `label key ${keyProblem}`, fix: 'use a node label key such as \'disktype\' or \'kubernetes.io/hostname\'' }); }
      const valueProblem = labelValueProblem(value);
      if (valueProblem) { out.push({ prop: `nodeSelector['${key}']`, value, problem: `label value ${valueProblem}`, fix: 'use a label value such as \'ssd\'' }); }
    }
    out.push(...this.nodeAffinityProblems());
    out.push(...this.podAffinityProblems('podAffinity', this.podAffinity));
    out.push(...this.podAffinityProblems('podAntiAffinity', this.podAntiAffinity));
    if (this.priorityClassName !== undefined) {
      const problem = dns1123SubdomainProblem(this.priorityClassName);
      if (problem) { out.push({ prop: 'priorityClassName', value: this.priorityClassName, problem, fix: 'name an existing PriorityClass such as \'system-node-critical\'' }); }
    }
    if (this.preemptionPolicy !== undefined && !Object.values(PreemptionPolicy).includes(this.preemptionPolicy)) {
      out.push({ prop: 'preemptionPolicy', value: this.preemptionPolicy, problem: 'is not PreemptLowerPriority or Never', fix: 'use a PreemptionPolicy member' });
    } else if (this.preemptionPolicy === PreemptionPolicy.NEVER
      && (this.priorityClassName === undefined || isBuiltInPriorityClass(this.priorityClassName))) {
      // The Priority admission plugin sets a pod's policy from its PriorityClass (a built-in one, or the
      // global default without a name: PreemptLowerPriority, as with no class at all) and refuses a pod
      // that says otherwise. A PriorityClass of the cluster's or the app's is judged by `check`.
      const from = this.priorityClassName === undefined ? 'a pod without priorityClassName (the global default PriorityClass\'s policy, PreemptLowerPriority when there is none)'
        : `PriorityClass '${this.priorityClassName}'`;
      out.push({
        prop: 'preemptionPolicy',
        value: this.preemptionPolicy,
        problem: `differs from PreemptLowerPriority, which the Priority admission plugin gives ${from}: it refuses every pod ("must not be provided in pod spec"), so the DaemonSet makes none`,
        fix: 'drop preemptionPolicy, and name a PriorityClass with preemptionPolicy: Never (define one in the app) to have pods that never preempt',
      });
    }
    return out;
  }

  private nodeAffinityProblems(): Problem[] {
    const out: Problem[] = [];
    this.preferredNodeTerms.forEach((p, i) => {
      if (!(Number.isInteger(p.weight) && p.weight >= 1 && p.weight <= 100)) {
        out.push({ prop: `nodeAffinity.preferred[${i}].weight`, value: p.weight, problem: 'must be an integer from 1 to 100', fix: 'give a weight from 1 (slight) to 100 (strong)' });
      }
    });
    if (out.length) { return out; }

    // Terms that can never hold, alone or together with the nodeSelector (both must hold): such a
    // term selects no node, and if every term is like that the DaemonSet runs no pod at all.
    const termCount = this.requiredNodeTerms.length;
    this.requiredNodeTerms.forEach((t, i) => {
      const alone = unsatisfiableReason(t.requirements);
      const withSelector = alone ? undefined : unsatisfiableReason(t.requirements, this.nodeSelector);
      if (alone) {
        out.push({ prop: `nodeAffinity.required[${i}]`, value: t.toString(), problem: `no node can match this term: ${alone}`, fix: 'remove the contradicting requirement' });
      } else if (withSelector) {
        const consequence = termCount === 1 ? 'so the DaemonSet would run no pod at all' : 'so this alternative selects no node';
        out.push({
          prop: `nodeAffinity.required[${i}]`,
          value: t.toString(),
          problem: `can never hold together with the nodeSelector ${show(this.nodeSelector)} (${withSelector}), ${consequence}`,
          fix: 'drop the nodeSelector entry or change the term so both can hold on the nodes you mean',
        });
      }
    });
    return out;
  }

  private podAffinityProblems(prop: string, model: PodAffinityModel): Problem[] {
    const out: Problem[] = [];
    const termProblems = (where: string, term: PodAffinityTerm) => {
      for (const p of podAffinityTermProblems(term)) { out.push({ prop: `${where}.${p.field}`, value: p.value, problem: p.problem, fix: p.fix }); }
    };
    model.required.forEach((t, i) => termProblems(`${prop}.required[${i}]`, t));
    model.preferred.forEach((w, i) => {
      if (!(Number.isInteger(w.weight) && w.weight >= 1 && w.weight <= 100)) {
        out.push({ prop: `${prop}.preferred[${i}].weight`, value: w.weight, problem: 'must be an integer from 1 to 100', fix: 'give a weight from 1 (slight) to 100 (strong)' });
      }
      termProblems(`${prop}.preferred[${i}].term`, w.term);
    });
    return out;
  }

  /** The scheduling fields of the pod spec. */
  public render(): Pick<k8s.PodSpec, 'tolerations' | 'nodeSelector' | 'affinity' | 'priorityClassName' | 'preemptionPolicy'> {
    const nodeAffinity: k8s.NodeAffinity | undefined = this.requiredNodeTerms.length || this.preferredNodeTerms.length ? {
      requiredDuringSchedulingIgnoredDuringExecution: this.requiredNodeTerms.length
        ? { nodeSelectorTerms: this.requiredNodeTerms.map(t => t._toKube()) } : undefined,
      preferredDuringSchedulingIgnoredDuringExecution: this.preferredNodeTerms.length
        ? this.preferredNodeTerms.map(p => ({ weight: p.weight, preference: p.term._toKube() })) : undefined,
    } : undefined;
    const podAffinity = renderPodAffinity(this.podAffinity);
    const podAntiAffinity = renderPodAffinity(this.podAntiAffinity);
    const affinity = nodeAffinity || podAffinity || podAntiAffinity ? { nodeAffinity, podAffinity, podAntiAffinity } : undefined;
    return {
      tolerations: this.tolerations.length ? this.tolerations.map(t => t._toKube()) : undefined,
      nodeSelector: Object.keys(this.nodeSelector).length ? { ...this.nodeSelector } : undefined,
      affinity,
      priorityClassName: this.priorityClassName,
      preemptionPolicy: this.preemptionPolicy,
    };
  }
}

function renderPodAffinity(model: PodAffinityModel): k8s.PodAffinity | undefined {
  if (!model.required.length && !model.preferred.length) { return undefined; }
  return {
    requiredDuringSchedulingIgnoredDuringExecution: model.required.length ? model.required.map(renderPodAffinityTerm) : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: model.preferred.length
      ? model.preferred.map(w => ({ weight: w.weight, podAffinityTerm: renderPodAffinityTerm(w.term) })) : undefined,
  };
}
