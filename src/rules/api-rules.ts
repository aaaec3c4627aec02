// The API server's rules that the deploy gate (check.ts) runs on anybody's DaemonSet and Namespace,
// through the same code that the library's own constructs are checked with: containers, resources,
// the rolling update, pod settings, ports and volume names, and the Pod Security labels of a Namespace.
import * as kplus from 'cdk8s-plus-27';
import { appArmorAnnotationProblems } from '../pod/apparmor';
import { DaemonContainerProps } from '../pod/container';
import { ContainerModel } from '../pod/container-model';
import { PodSecurityLevel } from '../pod/pod-security';
import { podPortProblems, podSettingProblems } from '../pod/pod-template';
import { resourceProblems } from '../pod/resource-rules';
import { DaemonResources } from '../pod/resources';
import { rollingUpdateProblems } from '../rollout/update-strategy';
import { requirementMatches } from '../scheduling/matching';
import { INT64_MAX } from '../util/bounds';
import { show } from '../util/errors';
import { dns1123LabelProblem } from '../util/names';

const RESOURCE_FIELDS: Array<[keyof DaemonResources, string, string]> = [
  ['cpuRequest', 'requests', 'cpu'], ['cpuLimit', 'limits', 'cpu'], ['memoryRequest', 'requests', 'memory'],
  ['memoryLimit', 'limits', 'memory'], ['ephemeralStorageRequest', 'requests', 'ephemeral-storage'], ['ephemeralStorageLimit', 'limits', 'ephemeral-storage'],
];

/**
 * The API server's rules the library enforces on its own constructs, run on JSON through the same
 * code: each container through the container model's checks, resources through the resource rules
 * (exactly as written, without the library's defaults), the rolling update through UpdateStrategy,
 * grace period and DNS through podSettingProblems, ports through podPortProblems; volume names through
 * the same DNS-label rule.
 */
export function apiRules(ds: any, report: (field: string, problem: string, fix: string, accepted?: boolean) => void): void {
  const spec = ds.spec?.template?.spec ?? {};
  const selector = ds.spec?.selector?.matchLabels ?? {};
  const labels = ds.spec?.template?.metadata?.labels ?? {};
  if (!Object.keys(selector).length && !(ds.spec?.selector?.matchExpressions?.length)) {
    report('spec.selector', 'is empty, and the API server refuses a DaemonSet that selects every pod', 'select the pods by their labels');
  } else if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) {
    report('spec.selector.matchLabels', `${JSON.stringify(selector)} does not match the template's labels ${JSON.stringify(labels)} (the API server refuses it)`, 'give the pods the selector\'s labels');
  } else {
    // the expressions must hold for the template's labels too (ValidateDaemonSetSpec: the whole selector matches)
    const expressions: any[] = Array.isArray(ds.spec.selector.matchExpressions) ? ds.spec.selector.matchExpressions : [];
    const failing = expressions.findIndex(e => !requirementMatches(e ?? {}, typeof labels[e?.key] === 'string' ? labels[e.key] : undefined));
    if (failing >= 0) {
      const e = expressions[failing];
      report(`spec.selector.matchExpressions[${failing}]`, `${e?.key} ${e?.operator}${Array.isArray(e?.values) ? ` [${e.values.join(', ')}]` : ''} does not match the template's labels ${JSON.stringify(labels)} (the API server refuses it)`,
        'give the pods labels the selector matches');
    }
  }
  if (spec.restartPolicy !== undefined && spec.restartPolicy !== 'Always') {
    report('spec.template.spec.restartPolicy', `'${spec.restartPolicy}' is not Always, the only policy a DaemonSet's pods may have`, 'drop restartPolicy');
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    report('spec.template.spec.activeDeadlineSeconds', 'is forbidden in a DaemonSet\'s pods', 'drop it');
  }
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && ru) {
    // as written, defaults applied (SetDefaults_DaemonSet): a plain value, never a parsed one
    // ('1.0%' is not '1%', the string '5' is not 5: the API server refuses both)
    const asWritten = (value: unknown) => ({ value }) as unknown as kplus.PercentOrAbsolute;
    for (const p of rollingUpdateProblems(asWritten(ru.maxUnavailable ?? 1), asWritten(ru.maxSurge ?? 0))) {
      report(`spec.updateStrategy.rollingUpdate.${p.field}`, `${show(p.value)}: ${p.problem}`, p.fix);
    }
  }
  const pod = 'spec.template.spec.';
  const allContainers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: any) => String(c?.name));
  for (const p of appArmorAnnotationProblems(ds.spec?.template?.metadata?.annotations, allContainers, 'spec.template.metadata.annotations')) {
    report(p.prop, `${JSON.stringify(p.value)} ${p.problem}`, p.fix);
  }
  const settings = { terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds, dnsPolicy: spec.dnsPolicy, dnsConfig: spec.dnsConfig };
  for (const p of podSettingProblems(settings)) {
    report(pod + p.prop, `${JSON.stringify(p.value)} ${p.problem}`, p.fix);
  }
  const kinds: Array<['containers' | 'initContainers', 'sidecar' | 'init']> = [['containers', 'sidecar'], ['initContainers', 'init']];
  const longRunning: ContainerModel[] = [];
  const containerNames = new Set<string>();
  for (const [key, kind] of kinds) {
    (spec[key] ?? []).forEach((c: any, i: number) => {
      const prefix = `${pod}${key}[${i}].`;
      const model = new ContainerModel(containerProps(c), prefix, kind);
      // the env list as written (a map of props would keep one of a name given twice)
      for (const e of Array.isArray(c?.env) ? c.env : []) {
        model.env.push({ name: String(e?.name ?? ''), value: { value: e?.value, valueFrom: e?.valueFrom } as unknown as kplus.EnvValue });
      }
      if (key === 'containers') { longRunning.push(model); }
      if (containerNames.has(model.name)) {
        report(`${prefix}name`, `'${model.name}' is the name of another container of the pod (the API server refuses it)`, 'give every container of the pod its own name');
      }
      containerNames.add(model.name);
      // the model has no resources of the YAML's (its defaults are the library's): those are judged below, as written
      for (const p of model.problems()) { report(apiField(p.prop), `${JSON.stringify(p.value)} ${p.problem}`, p.fix, p.accepted); }
      const resources = resourcesOf(c?.resources);
      for (const r of resourceProblems(resources, resources)) {
        report(`${prefix}resources`, `${r.field} '${r.value}' ${r.problem}`, r.fix);
      }
    });
  }
  for (const p of podPortProblems(longRunning, spec.hostNetwork === true)) {
    report(apiField(p.prop), `${JSON.stringify(p.value)} ${p.problem}`, p.fix, p.accepted);
  }
  // Volumes: names are DNS labels, once per pod, and every mount names one of them.
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    const name = String(v?.name ?? '');
    const problem = dns1123LabelProblem(name);
    if (problem) { report(`${pod}volumes[${i}].name`, `'${name}': volume name ${problem}`, 'use a lowercase name such as \'varlog\''); }
    if (volumes.has(name)) { report(`${pod}volumes[${i}].name`, `'${name}' is the name of another volume of the pod`, 'give every volume its own name'); }
    volumes.add(name);
  });
  for (const [key] of kinds) {
    // Stryker disable next-line ArrayDeclaration: an entry in place of a missing list is not an object, so it has no volumeMounts either
    (spec[key] ?? []).forEach((c: any, i: number) => (c?.volumeMounts ?? []).forEach((mount: any, j: number) => {
      if (!volumes.has(mount?.name)) {
        report(`${pod}${key}[${i}].volumeMounts[${j}].name`, `'${mount?.name}' names no volume of the pod (the API server refuses it)`,
          `mount one of the pod's volumes (${[...volumes].sort().join(', ') || 'none'}), or add the volume`);
      }
    }));
  }
}

/** The prefix of the Pod Security admission's Namespace labels. */
const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';
/** A version Pod Security reads: `latest` or `v1.<minor>`, the minor a Go int (pod-security-admission's api.ParseVersion: strconv.Atoi). */
function isPodSecurityVersion(value: string): boolean {
  const minor = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(value)?.[1];
  return value === 'latest' || (minor !== undefined && BigInt(minor) <= INT64_MAX);
}

function isPodSecurityLevel(value: string): value is PodSecurityLevel {
  return (Object.values(PodSecurityLevel) as string[]).includes(value);
}

/**
 * The level a Namespace's labels make the Pod Security admission enforce, or undefined without an
 * enforce label (privileged). A level it cannot parse is read as restricted (api.PolicyToEvaluate);
 * `unread` is then that label.
 */
export function enforcedPodSecurity(labels: any): { level: PodSecurityLevel; unread?: string } | undefined {
  const level = labels?.[PSA_LABEL_PREFIX + 'enforce'];
  if (typeof level !== 'string') { return undefined; }
  return isPodSecurityLevel(level) ? { level } : { level: PodSecurityLevel.RESTRICTED, unread: level };
}

/**
 * The Pod Security labels of a Namespace that the Pod Security admission cannot read: a level other
 * than privileged, baseline or restricted, a version other than `latest` or `v1.<minor>`. It refuses
 * the Namespace (admission.ValidateNamespace); values that are not strings are yaml11-scalar's.
 */
export function podSecurityLabelProblems(labels: any): Array<{ field: string; problem: string; fix: string }> {
  const out: Array<{ field: string; problem: string; fix: string }> = [];
  for (const mode of ['enforce', 'audit', 'warn']) {
    const level = labels?.[PSA_LABEL_PREFIX + mode];
    if (typeof level === 'string' && !isPodSecurityLevel(level)) {
      out.push({
        field: `metadata.labels['${PSA_LABEL_PREFIX}${mode}']`,
        problem: `'${level}' is not a Pod Security level, so the Pod Security admission refuses the Namespace ("must be one of privileged, baseline, restricted")`,
        fix: 'use privileged, baseline or restricted',
      });
    }
    const version = labels?.[`${PSA_LABEL_PREFIX}${mode}-version`];
    if (typeof version === 'string' && !isPodSecurityVersion(version)) {
      out.push({
        field: `metadata.labels['${PSA_LABEL_PREFIX}${mode}-version']`,
        problem: `'${version}' is not a Pod Security version, so the Pod Security admission refuses the Namespace (must be "latest" or "v1.x")`,
        fix: 'use latest or a Kubernetes minor version such as v1.27',
      });
    }
  }
  return out;
}

/** The API's name of a container model's prop (the model names a few fields its own way). */
function apiField(prop: string): string {
  // Stryker disable Regex: the model's props end with these names, once each (the end anchors change nothing)
  return prop
    .replace(/(volumeMounts\[\d+\])\.propagation$/, '$1.mountPropagation')
    .replace(/(ports\[\d+\])\.number$/, '$1.containerPort')
    .replace(/securityContext\.capabilities(\[\d+\])$/, 'securityContext.capabilities.add$1');
  // Stryker restore Regex
}

/** A container of the API as the container model's props (unnamed ports get a name, as only named ones are checked by name). */
function containerProps(c: any): DaemonContainerProps {
  return {
    name: String(c?.name ?? ''),
    image: String(c?.image ?? ''),
    command: c?.command,
    args: c?.args,
    workingDir: c?.workingDir,
    ports: (c?.ports ?? []).map((p: any, i: number) => ({ name: p?.name ?? `port-${i}`, number: p?.containerPort, protocol: p?.protocol, hostPort: p?.hostPort })),
    securityContext: c?.securityContext ? {
      runAsUser: c.securityContext.runAsUser,
      runAsGroup: c.securityContext.runAsGroup,
      runAsNonRoot: c.securityContext.runAsNonRoot,
      allowPrivilegeEscalation: c.securityContext.allowPrivilegeEscalation,
      privileged: c.securityContext.privileged,
      capabilities: c.securityContext.capabilities?.add,
    } : undefined,
    volumeMounts: (c?.volumeMounts ?? []).map((v: any) => ({
      // Stryker disable next-line LogicalOperator,StringLiteral: the model's volume name is not judged here (a mount's name is, from the YAML, below)
      volume: String(v?.name ?? ''),
      mountPath: String(v?.mountPath ?? ''),
      readOnly: v?.readOnly,
      subPath: v?.subPath,
      propagation: v?.mountPropagation,
    })),
  };
}

function resourcesOf(r: any): DaemonResources {
  const out: { [k: string]: string } = {};
  for (const [field, group, key] of RESOURCE_FIELDS) {
    const v = r?.[group]?.[key];
    if (v !== undefined) { out[field] = String(v); }
  }
  return out as DaemonResources;
}


/** Fields of an object where Kubernetes wants strings (labels, annotations, selectors, env values) holding something else. */
export function nonStringFields(o: any): Array<{ field: string; value: unknown }> {
  const out: Array<{ field: string; value: unknown }> = [];
  const map = (path: string, m: any) => {
    // a list or a scalar where a map belongs is the schema's finding, not a value of a key
    if (!m || Array.isArray(m)) { return; }
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string') { out.push({ field: `${path}['${k}']`, value: v }); }
    }
  };
  map('metadata.labels', o?.metadata?.labels);
  map('metadata.annotations', o?.metadata?.annotations);
  const spec = o?.spec;
  map('spec.selector.matchLabels', spec?.selector?.matchLabels);
  if (o?.kind === 'Service') { map('spec.selector', spec?.selector); }
  const template = spec?.template;
  map('spec.template.metadata.labels', template?.metadata?.labels);
  map('spec.template.metadata.annotations', template?.metadata?.annotations);
  map('spec.template.spec.nodeSelector', template?.spec?.nodeSelector);
  for (const key of ['initContainers', 'containers'] as const) {
    // Stryker disable next-line ArrayDeclaration: an entry in place of a missing list is not an object, so it has no env either
    (Array.isArray(template?.spec?.[key]) ? template.spec[key] : []).forEach((c: any, i: number) => {
      (Array.isArray(c?.env) ? c.env : []).forEach((e: any, j: number) => {
        if (e?.value !== undefined && typeof e.value !== 'string') {
          out.push({ field: `spec.template.spec.${key}[${i}].env[${j}].value`, value: e.value });
        }
      });
    });
  }
  return out;
}
