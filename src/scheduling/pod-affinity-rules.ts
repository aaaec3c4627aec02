import { k8s } from 'cdk8s-plus-27';
import { PodAffinityTerm } from './pod-affinity';
import { dns1123LabelProblem, labelValueProblem, qualifiedNameProblem } from '../util/names';

/** Problems the API server would find in a term, each with its fix. */
export function podAffinityTermProblems(term: PodAffinityTerm): Array<{ field: string; value: unknown; problem: string; fix: string }> {
  const out: Array<{ field: string; value: unknown; problem: string; fix: string }> = [];
  const topologyKey = term.topology?.key ?? '';
  const topologyProblem = qualifiedNameProblem(topologyKey);
  if (topologyProblem) {
    out.push({ field: 'topology', value: topologyKey, problem: `topology key ${topologyProblem}`, fix: 'use kplus.Topology.HOSTNAME, ZONE, REGION or custom(\'<node label>\')' });
  }
  const labels = term.matchLabels ?? {};
  const expressions = term.matchExpressions ?? [];
  if (Object.keys(labels).length === 0 && expressions.length === 0) {
    out.push({ field: 'matchLabels', value: {}, problem: 'the term selects no pods (no matchLabels and no matchExpressions)', fix: 'give the labels of the pods to stay with or away from' });
  }
  for (const [key, value] of Object.entries(labels)) {
    const problem = qualifiedNameProblem(key) ?? labelValueProblem(value);
    if (problem) { out.push({ field: `matchLabels['${key}']`, value, problem, fix: 'use a label key and a label value' }); }
  }
  expressions.forEach((e, i) => {
    const field = `matchExpressions[${i}]`;
    const keyProblem = qualifiedNameProblem(e.key);
    if (keyProblem) { out.push({ field: `${field}.key`, value: e.key, problem: keyProblem, fix: 'use a label key' }); }
    const values = e.values ?? [];
    if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      out.push({ field: `${field}.values`, value: values, problem: `${e.operator} needs at least one value`, fix: `list the values, or use LabelExpression.${e.operator === 'In' ? 'exists' : 'doesNotExist'}()` });
    }
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      out.push({ field: `${field}.values`, value: values, problem: `${e.operator} takes no values`, fix: 'drop the values' });
    }
    for (const v of values) {
      const valueProblem = labelValueProblem(v);
      if (valueProblem) { out.push({ field: `${field}.values`, value: v, problem: valueProblem, fix: 'use a label value' }); }
    }
  });
  for (const ns of term.namespaces ?? []) {
    const problem = dns1123LabelProblem(ns);
    if (problem) { out.push({ field: 'namespaces', value: ns, problem: `namespace ${problem}`, fix: 'use namespace names' }); }
  }
  return out;
}

/** Renders a term. */
export function renderPodAffinityTerm(term: PodAffinityTerm): k8s.PodAffinityTerm {
  const labels = term.matchLabels ?? {};
  const expressions = term.matchExpressions ?? [];
  return {
    labelSelector: {
      matchLabels: Object.keys(labels).length ? { ...labels } : undefined,
      matchExpressions: expressions.length
        ? expressions.map(e => ({ key: e.key, operator: e.operator, values: e.values?.length ? [...e.values] : undefined }))
        : undefined,
    },
    namespaces: term.namespaces?.length ? [...term.namespaces] : undefined,
    topologyKey: term.topology.key,
  };
}
