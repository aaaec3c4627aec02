import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { baseSelection, baseTerms, podSpecJson, renderPodSpec, variantSelection } from './render';
import { DaemonState, errorOf } from './state';
import { AppIndex } from '../app-index';
import type { NodeDaemonProps } from '../node-daemon-props';
import { PlatformProfile } from '../platform-profile';
import { CONFIG_CHECKSUM_ANNOTATION, configsInOtherNamespaces } from '../pod/config-checksum';
import { mergeEnv, Problem } from '../pod/container-model';
import { annotationProblems, labelProblems } from '../pod/pod-template';
import { surgeDeadlock } from '../rules/rollout-rules';
import { and, Dnf, not, overlap } from '../scheduling/node-selection';
import { INT32_MAX } from '../util/bounds';
import { propError } from '../util/errors';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelValueProblem } from '../util/names';
import { BASE_VARIANT, NodeDaemonVariant, VARIANT_LABEL } from '../variant';

// The checks of a NodeDaemon: its identity (when made), its rollout, its variants, its ingress
// policy, and what only the whole app shows (duplicate objects, node ports, platform profiles,
// selector overlaps, host port and path clashes), read from the manifests as written.

/** The app.kubernetes.io labels the library manages, with the prop that sets each. */
const MANAGED_LABELS: { [key: string]: string } = {
  'app.kubernetes.io/name': 'name',
  'app.kubernetes.io/instance': 'instance',
  'app.kubernetes.io/component': 'component',
  'app.kubernetes.io/part-of': 'partOf',
  'app.kubernetes.io/managed-by': '',
};
/** Most node affinity terms the base DaemonSet may need to stay off its variants' nodes. */
const MAX_EXCLUSION_TERMS = 64;

/** Throws the first problem of the daemon's identity props: names, namespace, labels, annotations, adopted selector. */
export function checkIdentity(st: DaemonState, props: NodeDaemonProps, id: string): void {
  const nameProblem = dns1123SubdomainProblem(st.daemon.name) ?? labelValueProblem(st.daemon.name);
  if (nameProblem) {
    throw propError(st.daemon, 'name', st.daemon.name, `${nameProblem} (it is the app.kubernetes.io/name label, so a DNS-1123 subdomain of at most 63 characters)`, props.name === undefined
      ? `pass name: '<a-dns-name>' (the default comes from the construct id '${id}')`
      : 'use lowercase letters, digits, \'-\' and \'.\', at most 63 characters; a longer DaemonSet name goes in daemonSetName');
  }
  const dsProblem = dns1123SubdomainProblem(st.daemon.daemonSetName);
  if (dsProblem) { throw propError(st.daemon, 'daemonSetName', st.daemon.daemonSetName, dsProblem, 'use lowercase letters, digits, \'-\' and \'.\', at most 253 characters'); }
  if (props.containerName !== undefined) {
    const problem = dns1123LabelProblem(props.containerName);
    if (problem) { throw propError(st.daemon, 'containerName', props.containerName, `container name ${problem}`, 'use a lowercase name such as \'prometheus\''); }
  }
  if (props.namespace !== undefined) {
    const problem = dns1123LabelProblem(props.namespace);
    if (problem) { throw propError(st.daemon, 'namespace', props.namespace, problem, 'use an existing namespace name, e.g. \'monitoring\''); }
  }
  const enclosing = st.enclosingNamespace();
  if (enclosing && props.namespace !== undefined && props.namespace !== enclosing.name) {
    throw propError(st.daemon, 'namespace', props.namespace, `conflicts with the enclosing DaemonNamespace '${enclosing.name}'`, 'leave namespace out inside a DaemonNamespace, or create the daemon outside it');
  }
  for (const [prop, value] of [['instance', props.instance], ['component', props.component], ['partOf', props.partOf]] as const) {
    const problem = value === undefined ? undefined : labelValueProblem(value);
    if (problem) { throw propError(st.daemon, prop, value, `is a label value that ${problem}`, 'use a short name such as \'monitoring\''); }
  }
  for (const [prop, labels] of [['labels', props.labels], ['podLabels', props.podLabels]] as const) {
    for (const [key, value] of Object.entries(labels ?? {})) {
      if (Object.prototype.hasOwnProperty.call(MANAGED_LABELS, key) || key === VARIANT_LABEL) {
        const managedBy = MANAGED_LABELS[key];
        throw propError(st.daemon, `${prop}['${key}']`, value, 'is managed by cdk8s-daemons (it identifies the daemon and its DaemonSets)',
          managedBy ? `set it through the '${managedBy}' prop instead` : key === VARIANT_LABEL ? 'remove it: variants are made with addVariant' : 'remove it: cdk8s-daemons always sets it to \'cdk8s-daemons\'');
      }
    }
    const [first] = labelProblems(prop, labels);
    if (first) { throw errorOf(st, first); }
  }
  const [annotationProblem] = annotationProblems('annotations', props.annotations);
  if (annotationProblem) { throw errorOf(st, annotationProblem); }
  const checksum = props.podAnnotations?.[CONFIG_CHECKSUM_ANNOTATION];
  if (checksum !== undefined) { throwChecksumAnnotation(st, checksum); }
  if (props.serviceAccount) {
    const problem = dns1123SubdomainProblem(props.serviceAccount.name);
    if (problem) { throw propError(st.daemon, 'serviceAccount', props.serviceAccount.name, `ServiceAccount name ${problem}`, 'give the name of an existing ServiceAccount, e.g. kplus.ServiceAccount.fromServiceAccountName(this, \'SA\', \'fluentd\')'); }
  }
  if (st.adoptedSelector) { checkAdoptedSelector(st, props); }
}

/** Throws the first problem of an adopted selector. */
export function checkAdoptedSelector(st: DaemonState, props: NodeDaemonProps): void {
  const selector = st.adoptedSelector!;
  if (Object.keys(selector).length === 0) {
    throw propError(st.daemon, 'adoptedSelector', {}, 'is empty, and Kubernetes rejects a DaemonSet that selects every pod', 'give the running DaemonSet\'s spec.selector.matchLabels (kubectl get ds NAME -o jsonpath=\'{.spec.selector.matchLabels}\')');
  }
  const [first] = labelProblems('adoptedSelector', selector);
  if (first) { throw errorOf(st, first); }
  const managed: { [key: string]: string } = { 'app.kubernetes.io/name': st.daemon.name, 'app.kubernetes.io/instance': st.daemon.instance, ...(props.labels ?? {}), ...(props.podLabels ?? {}) };
  for (const [key, value] of Object.entries(selector)) {
    if (key === VARIANT_LABEL) {
      throw propError(st.daemon, `adoptedSelector['${key}']`, value, 'is the label cdk8s-daemons gives each variant', 'adopt the selector the running DaemonSet has, without the variant label');
    }
    if (managed[key] !== undefined && managed[key] !== value) {
      throw propError(st.daemon, `adoptedSelector['${key}']`, value, `conflicts with the pods' label ${key}=${managed[key]}, so the DaemonSet would select none of its own pods`, `set the prop that gives ${key} to '${value}', or adopt the selector as it is`);
    }
  }
}

/** The error for a checksum annotation given by hand. */
export function throwChecksumAnnotation(st: DaemonState, value: string): never {
  throw propError(st.daemon, `podAnnotations['${CONFIG_CHECKSUM_ANNOTATION}']`, value, 'is computed by cdk8s-daemons from the ConfigMaps and Secrets the pods use', 'remove it; mount the config with configMapVolumes/secretVolumes or reference it from env, and the checksum follows');
}

/** What only the whole app shows: duplicate objects, node ports, platform profiles, selector overlaps, host clashes. */
export function appProblems(st: DaemonState): Problem[] {
  const index = AppIndex.of(st.daemon);
  const out: Problem[] = [];
  const own: Array<[string, IConstruct | undefined]> = [
    ['daemonSetName', st.daemon.daemonSet],
    ...st.variants.map(v => [`addVariant('${v.node.id}')`, v.daemonSet] as [string, IConstruct]),
    ['name (its ServiceAccount)', st.ownServiceAccount ? st.daemon.serviceAccount as unknown as IConstruct : undefined],
    ...st.services.map(s => [`${s.method}.name`, s.resource] as [string, IConstruct]),
    ['restrictIngress (its NetworkPolicy)', st.ingressPolicy?.policy],
    ['grantApiAccess (its ClusterRole)', st.clusterRole],
  ];
  for (const [prop, c] of own) {
    if (!c) { continue; }
    const o = ApiObject.of(c);
    const others = index.sameObjects(o).map(x => x.node.path).sort();
    if (others.length) {
      out.push({ prop, value: o.name, problem: `makes ${o.kind} '${o.name}'${o.metadata.namespace ? ` in namespace '${o.metadata.namespace}'` : ''}, as does '${others.join('\', \'')}'; one would overwrite the other when applied`, fix: 'give one of them another name (name, daemonSetName or the Service\'s name)' });
    }
  }
  for (const s of st.services) {
    // as written: a node port set by JSON patch counts too
    for (const nodePort of index.nodePortsOf(s.resource)) {
      const others = index.servicesWithNodePort(nodePort, s.resource).map(x => x.node.path).sort();
      if (others.length) {
        out.push({ prop: `${s.method}.nodePorts`, value: nodePort, problem: `is also a node port of the Service at '${others.join('\', \'')}'; a node port is open on every node once (the API server rejects the second)`, fix: 'give each Service its own node port' });
      }
    }
  }
  const profiles = PlatformProfile._of(st.daemon);
  for (const ds of profiles.length ? st.identities() : []) {
    const where = ds.variant ? `addVariant('${ds.variant.node.id}') ` : '';
    // Platform rules read the whole pod spec (privileges, capabilities): render it.
    const podSpec = podSpecJson(renderPodSpec(st, ds));
    for (const profile of profiles) {
      for (const r of profile._refusals(podSpec)) {
        out.push({ prop: `${where}${r.field}`, value: r.value, problem: `${r.rule} (platform profile: ${profile.platform})`, fix: r.fix });
      }
    }
  }
  for (const ds of st.identities()) {
    const source = (ds.variant ?? st.daemon).node.path;
    const overlaps = index.selectorOverlapsOf(source);
    for (const { selecting, selected } of overlaps) {
      const mine = selecting.source === source;
      // When both select each other, each reports its own selector once.
      if (!mine && overlaps.some(o => o.selecting.source === source && o.selected.source === selecting.source)) { continue; }
      out.push({
        prop: mine ? (st.adoptedSelector && !ds.variant ? 'adoptedSelector' : 'name (its selector)') : 'podLabels',
        value: mine ? selecting.selector : selected.podLabels,
        problem: mine
          ? `selects the pods of the DaemonSet at '${selected.source}' too, so both controllers would claim them`
          : `are selected by the DaemonSet at '${selecting.source}' (${JSON.stringify(selecting.selector)}) too, so both controllers would claim these pods`,
        fix: 'give each daemon its own name or instance, and keep adopted selector labels off other daemons\' pods',
      });
    }
    for (const clash of index.hostClashesOf(source)) {
      const other = clash.a.source === source ? clash.b : clash.a;
      out.push({
        prop: clash.kind === 'hostPort' ? 'ports' : 'hostPathMounts',
        value: clash.what,
        problem: `is also used by the DaemonSet at '${other.source}' (${other.ref}), and both can run on one node (${clash.node}), so one of the pods ${clash.kind === 'hostPort' ? 'can never bind it and stays Pending' : 'overwrites the other\'s files'}`,
        fix: clash.kind === 'hostPort' ? 'use another port, or make the two daemons\' node selections exclusive' : 'give each daemon a host path of its own, or mount the shared one read-only',
      });
    }
  }
  return out;
}

/** minReadySeconds, revisionHistoryLimit, and a surge that can never finish. */
export function rolloutProblems(st: DaemonState): Problem[] {
  const out: Problem[] = [];
  for (const [key, v] of [['minReadySeconds', st.minReadySeconds], ['revisionHistoryLimit', st.revisionHistoryLimit]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= INT32_MAX)) {
      out.push({ prop: key, value: v, problem: `must be a whole number from 0 to ${INT32_MAX}`, fix: key === 'minReadySeconds' ? 'give the seconds a new pod must stay ready, e.g. 10' : 'give how many old revisions to keep, e.g. 10' });
    }
  }
  // The rule is the one `cdk8s-daemons check` applies to anybody's YAML, fed with what it reads.
  const deadlock = st.strategy.surges ? surgeDeadlock({
    hostNetwork: st.pod.hostNetwork,
    containers: [st.pod.main, ...st.pod.sidecars].map(c => ({
      name: c.name,
      ports: c.ports.map(p => ({ name: p.name, containerPort: p.number, hostPort: p.hostPort })),
    })),
  }, { type: st.strategy.type, rollingUpdate: { maxSurge: st.strategy.maxSurge!.value } }) : undefined;
  if (deadlock) {
    const how = deadlock.viaHostNetwork ? `port ${deadlock.hostPort} (a host port, because of hostNetwork)` : `host port ${deadlock.hostPort}`;
    out.push({
      prop: 'updateStrategy.maxSurge',
      value: st.strategy.maxSurge!.value,
      problem: `surges a second pod onto each node while the old one still holds ${how}, port '${deadlock.port}' of container '${deadlock.container}', `
        + 'so the new pod can never be scheduled and the rollout hangs for ever (kubernetes/kubernetes#106417; the API server does not catch it)',
      fix: 'use UpdateStrategy.rollingUpdate({ maxUnavailable: ... }) so the old pod frees the port first, or drop the host port',
    });
  }
  return out;
}

/** The variants: their names, node selections (exclusive, within the daemon's) and overrides. */
export function variantProblems(st: DaemonState): Problem[] {
  if (!st.variants.length) { return []; } // nothing below applies, and the base's selection costs a DNF product
  const out: Problem[] = [];
  const s = st.pod.scheduling;
  const base = baseSelection(st );
  const full = new Map<NodeDaemonVariant, Dnf>();
  for (const v of st.variants) {
    const o = v.options;
    const where = `addVariant('${v.node.id}')`;
    const variantProblem = dns1123LabelProblem(v.name);
    if (variantProblem || v.name === BASE_VARIANT) {
      out.push({ prop: where, value: v.name, problem: v.name === BASE_VARIANT ? `'${BASE_VARIANT}' is the base DaemonSet's variant label` : `variant name ${variantProblem}`, fix: 'give the variant an id such as \'gpu\' or \'arm64\'' });
      continue;
    }
    const dsName = `${st.daemon.daemonSetName}-${v.name}`;
    const dsProblem = dns1123SubdomainProblem(dsName);
    if (dsProblem) { out.push({ prop: where, value: dsName, problem: `makes a DaemonSet name that ${dsProblem}`, fix: 'use a shorter variant id or daemonSetName' }); }
    if (!Object.keys(o.nodeSelector ?? {}).length && !(o.requiredNodeAffinity?.length)) {
      out.push({ prop: `${where}.nodeSelector`, value: {}, problem: 'selects no nodes of its own: a variant takes over the nodes it selects from the base DaemonSet', fix: 'give nodeSelector (e.g. { \'example.com/gpu\': \'nvidia\' }) or requiredNodeAffinity' });
      continue;
    }
    const selectorProblems = labelProblems(`${where}.nodeSelector`, o.nodeSelector);
    if (selectorProblems.length) {
      out.push(...selectorProblems);
      continue;
    }
    for (const [key, value] of Object.entries(o.nodeSelector ?? {})) {
      const prior = s.nodeSelector[key];
      if (prior !== undefined && prior !== value) {
        out.push({ prop: `${where}.nodeSelector['${key}']`, value, problem: `contradicts the daemon's nodeSelector ${key}=${prior}, so the variant selects no node`, fix: 'select nodes the daemon runs on' });
      }
    }
    if (o.image !== undefined) {
      const [imageProblem] = st.pod.main.problemsWith({ image: o.image });
      if (imageProblem) { out.push({ ...imageProblem, prop: `${where}.${imageProblem.prop}` }); }
    }
    const env = o.env ? mergeEnv(st.pod.main.env, Object.entries(o.env).map(([name, value]) => ({ name, value }))) : undefined;
    for (const p of st.pod.main.problemsWith({ resources: o.resources, env })) {
      out.push({ ...p, prop: `${where}.${p.prop}` });
    }
    const selection = and(base, variantSelection(v));
    if (selection.length === 0) {
      out.push({ prop: where, value: describe(variantSelection(v)), problem: `selects no node the daemon itself runs on (${describe(base)})`, fix: 'select a subset of the daemon\'s nodes' });
      continue;
    }
    const excluded = not(variantSelection(v));
    if (typeof excluded === 'string') {
      out.push({ prop: `${where}.requiredNodeAffinity`, value: excluded, problem: 'uses Gt or Lt, whose opposite a node selector cannot write exactly (it must also hold for labels that are not integers), so the base DaemonSet could not stay off these nodes', fix: 'select the variant\'s nodes with In, NotIn, Exists or DoesNotExist' });
      continue;
    }
    if (st.adoptedSelector && Object.entries(st.adoptedSelector).every(([k, val]) => st.podLabelsOf(v.name, v.options.image)[k] === val)) {
      out.push({ prop: where, value: st.adoptedSelector, problem: 'has pods that the adopted selector of the base DaemonSet also selects, so two DaemonSets would fight over them', fix: 'keep the adopted selector\'s labels out of labels and podLabels (the base pods carry them anyway)' });
    }
    for (const [other, otherSelection] of full) {
      const both = overlap(selection, otherSelection);
      if (both) {
        out.push({
          prop: where,
          value: describe(variantSelection(v)),
          problem: `overlaps variant '${other.node.id}' (${describe(variantSelection(other))}): a node with ${both.map(r => r.toString()).join(' AND ') || 'any labels'} would run a pod of each`,
          fix: 'make the variants\' node selections exclusive, e.g. add a NotIn requirement to one of them',
        });
      }
    }
    full.set(v, selection);
  }
  if (st.variants.length && !out.length) {
    const terms = baseTerms(st );
    if (typeof terms !== 'string' && terms.length > MAX_EXCLUSION_TERMS) {
      out.push({ prop: 'addVariant', value: terms.length, problem: `makes the base DaemonSet need ${terms.length} node affinity terms to stay off the variants' nodes`, fix: 'select the variants\' nodes with one label each (e.g. nodeSelector { \'example.com/hardware\': \'gpu\' })' });
    } else if (typeof terms !== 'string' && terms.length === 0) {
      out.push({ prop: 'addVariant', value: st.variants.map(v => v.node.id), problem: 'the variants take every node the base DaemonSet could run on, so it would run no pod (and an empty node affinity is rejected)', fix: 'leave one kind of node to the base, or select the base\'s nodes with the daemon\'s own nodeSelector' });
    }
  }
  return out;
}

/** Ports exposed after restrictIngress that its NetworkPolicy would silently block. */
export function ingressProblems(st: DaemonState): Problem[] {
  if (!st.ingressPolicy || st.ingressPolicy.explicit) { return []; }
  // The default of restrictIngress, evaluated now: the Services' ports, or every declared port without Services.
  const allowed = st.ingressPolicy.ports;
  const viaServices = st.services.length > 0;
  const expected = viaServices ? st.services.flatMap(sv => sv.exposedPorts().map(p => p.name)) : st.daemon.ports.map(p => p.name);
  const missing = [...new Set(expected)].filter(n => !allowed.includes(n));
  if (!missing.length) { return []; }
  return [{
    prop: 'restrictIngress',
    value: missing,
    problem: `the NetworkPolicy allows only ${allowed.map(n => `'${n}'`).join(', ')}, but the ${viaServices ? 'Services also expose' : 'daemon also declares'} ${missing.map(n => `'${n}'`).join(', ')} (exposed or added after restrictIngress), which the policy would silently block`,
    fix: 'call restrictIngress after exposing and declaring every port, or list the ports it allows with its ports option',
  }];
}

/** A node selection as text: `every node`, or its terms joined by OR. */
function describe(selection: Dnf): string {
  if (selection.length === 1 && selection[0].length === 0) { return 'every node'; }
  return selection.map(t => t.map(r => r.toString()).join(' AND ')).join(' OR ');
}

/** ConfigMaps and Secrets the pods use that the app defines only in other namespaces (pods cannot use them). */
export function configNamespaceProblems(st: DaemonState): Problem[] {
  const namespace = st.daemon.namespace;
  return configsInOtherNamespaces(AppIndex.of(st.daemon), namespace, st.pod.configReferences()).map(({ ref, namespaces }) => ({
    prop: ref.source,
    value: ref.name,
    problem: `names a ${ref.kind} this app defines in namespace ${namespaces.map(n => `'${n}'`).join(', ')}, but the daemon runs in '${namespace ?? '(none)'}' and pods can only use their own namespace's ${ref.kind}s`,
    fix: `define the ${ref.kind} in the daemon's namespace (e.g. set its metadata.namespace to '${namespace ?? 'default'}')`,
  }));
}
