/**
 * Validates synthesized manifests against the Kubernetes 1.27 OpenAPI schema,
 * using the generated validators of kubernetes-models 4.4.2 (ajv, compiled).
 *
 * What `Model.validate()` catches (verified in k8s-schema.test.ts):
 *  - wrong types, e.g. `containerPort: 'http'`, `env[].value: 1`, label values that are not strings,
 *    int-or-string fields (`maxUnavailable: true`) and malformed quantities (`cpu: 'lots'`);
 *  - missing required fields, e.g. DaemonSet `spec.selector` / `spec.template`, `containers`,
 *    `containers[].name`, `env[].name`, `ports[].containerPort`, RoleBinding `roleRef`, PriorityClass `value`;
 *  - enums, e.g. `imagePullPolicy: 'Sometimes'`.
 *
 * What it does NOT catch:
 *  - unknown / misspelled properties (no additionalProperties check), e.g. `imagee: 'x'`;
 *  - `null` for optional fields (cdk8s strips nulls on synth, so this does not matter there);
 *  - API-server semantics: name/label syntax (DNS-1123), port ranges, selector matching the
 *    template labels, `containers: []`. `containers[].image` is optional in the schema.
 *
 * On top of the schema, every manifest must have `apiVersion`, `kind` and `metadata.name`,
 * and its apiVersion/kind must be in MODELS below (unknown kinds are errors, never skipped).
 */
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Chart, Testing } from 'cdk8s';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data?: any): { validate(): void };
}

/** Supported apiVersion/kind pairs; the key comes from each model's own static apiVersion/kind. */
const MODELS: ModelClass[] = [
  Namespace, ServiceAccount, Service, ConfigMap, Secret, Pod,
  DaemonSet, Deployment,
  ClusterRole, ClusterRoleBinding, Role, RoleBinding,
  NetworkPolicy,
  PriorityClass,
  PodDisruptionBudget,
  // Prometheus Operator CRDs (monitoring.coreos.com/v1)
  ServiceMonitor, PodMonitor,
];

const key = (apiVersion: unknown, kind: unknown) => `${apiVersion}|${kind}`;
const MODEL_BY_TYPE = new Map(MODELS.map((m) => [key(m.apiVersion, m.kind), m]));

/** Schema errors for one manifest, e.g. `/spec/template/spec/containers/0/ports/0/containerPort must be integer`; [] when valid. */
export function validateManifest(obj: any): string[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return [`manifest must be an object, got ${JSON.stringify(obj)}`];
  }
  const errors: string[] = [];
  if (!obj.apiVersion) errors.push('missing apiVersion');
  if (!obj.kind) errors.push('missing kind');
  if (!obj.metadata?.name) errors.push('missing metadata.name');
  if (!obj.apiVersion || !obj.kind) return errors;

  const Model = MODEL_BY_TYPE.get(key(obj.apiVersion, obj.kind));
  if (!Model) {
    return [...errors, `unknown apiVersion/kind ${obj.apiVersion}/${obj.kind}: add its kubernetes-models class to MODELS in test/util/k8s-schema.ts`];
  }
  try {
    new Model(obj).validate();
  } catch (e: any) {
    // ValidationError.errors holds the ajv errors; fall back to the message for anything else
    for (const err of Array.isArray(e?.errors) ? e.errors : [{ message: String(e?.message ?? e) }]) {
      const allowed = err.params?.allowedValues ? ` (${err.params.allowedValues.join(', ')})` : '';
      errors.push(`${err.instancePath || '/'} ${err.message}${allowed}`);
    }
  }
  return errors;
}

/** Throws one Error listing the schema errors of every invalid manifest, prefixed with its kind/name. */
export function validateManifests(objs: any[]): void {
  const lines: string[] = [];
  objs.forEach((obj, i) => {
    const errors = validateManifest(obj);
    if (errors.length === 0) return;
    const id = `${obj?.kind ?? '<no kind>'}/${obj?.metadata?.name ?? '<no name>'} (manifest #${i})`;
    lines.push(...errors.map((err) => `  ${id}: ${err}`));
  });
  if (lines.length > 0) {
    throw new Error(`Kubernetes 1.27 schema validation failed:\n${lines.join('\n')}`);
  }
}

/** `Testing.synth(chart)`, validated; returns the manifests. */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  validateManifests(manifests);
  return manifests;
}
