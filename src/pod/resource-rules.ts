import { k8s } from 'cdk8s-plus-27';
import { DaemonResources } from './resources';
import { compareQuantities } from '../util/quantity';

/** The defaults of `DaemonResources`: small requests, a memory limit, no CPU limit. */
export const DEFAULT_RESOURCES: DaemonResources = {
  cpuRequest: '50m',
  memoryRequest: '64Mi',
  memoryLimit: '128Mi',
};

/** One problem with a resources value: the field and what is wrong. */
export interface ResourceProblem {
  readonly field: string;
  readonly value: string;
  readonly problem: string;
  readonly fix: string;
}

/** The given resources merged over the defaults, field by field. */
export function withResourceDefaults(given: DaemonResources = {}): DaemonResources {
  return { ...DEFAULT_RESOURCES, ...dropUndefined(given) };
}

/** Problems in merged resources: unparsable or negative quantities, a request above its limit. */
export function resourceProblems(r: DaemonResources, given: DaemonResources = {}): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  const fields: Array<keyof DaemonResources> = ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit', 'ephemeralStorageRequest', 'ephemeralStorageLimit'];
  for (const f of fields) {
    const v = r[f];
    if (v === undefined) { continue; }
    const sign = compareQuantities(v, '0');
    if (sign === undefined) {
      problems.push({ field: f, value: v, problem: 'is not a Kubernetes quantity', fix: `write a number with an optional suffix, e.g. ${f.startsWith('cpu') ? "'100m' or '0.5'" : "'128Mi' or '1Gi'"}` });
    } else if (sign < 0) {
      problems.push({ field: f, value: v, problem: 'must not be negative', fix: 'use a positive quantity' });
    }
  }
  const pairs: Array<[keyof DaemonResources, keyof DaemonResources]> = [
    ['cpuRequest', 'cpuLimit'], ['memoryRequest', 'memoryLimit'], ['ephemeralStorageRequest', 'ephemeralStorageLimit'],
  ];
  for (const [req, lim] of pairs) {
    const rq = r[req];
    const lq = r[lim];
    // exact: '9007199254740993' is above '9007199254740992', though both are the same double
    if (rq !== undefined && lq !== undefined && compareQuantities(rq, lq) === 1) {
      const defaulted = given[req] === undefined ? ` (the default ${req})` : '';
      problems.push({
        field: req,
        value: r[req]!,
        problem: `is above ${lim} '${r[lim]}'${defaulted}; the API server rejects a request above its limit`,
        fix: `set ${req} to at most ${lim}, or raise ${lim}`,
      });
    }
  }
  return problems;
}

/** Renders merged resources to the Kubernetes shape (requests and limits maps). */
export function renderResources(r: DaemonResources): k8s.ResourceRequirements {
  const requests: { [key: string]: k8s.Quantity } = {};
  const limits: { [key: string]: k8s.Quantity } = {};
  if (r.cpuRequest !== undefined) { requests.cpu = k8s.Quantity.fromString(r.cpuRequest); }
  if (r.memoryRequest !== undefined) { requests.memory = k8s.Quantity.fromString(r.memoryRequest); }
  if (r.ephemeralStorageRequest !== undefined) { requests['ephemeral-storage'] = k8s.Quantity.fromString(r.ephemeralStorageRequest); }
  if (r.cpuLimit !== undefined) { limits.cpu = k8s.Quantity.fromString(r.cpuLimit); }
  if (r.memoryLimit !== undefined) { limits.memory = k8s.Quantity.fromString(r.memoryLimit); }
  if (r.ephemeralStorageLimit !== undefined) { limits['ephemeral-storage'] = k8s.Quantity.fromString(r.ephemeralStorageLimit); }
  return {
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) { (out as any)[k] = v; }
  }
  return out;
}
