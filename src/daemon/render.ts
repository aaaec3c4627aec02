import { k8s } from 'cdk8s-plus-27';
import { DaemonSetIdentity, DaemonState } from './state';
import { AppIndex } from '../app-index';
import type { LazySpecProps } from '../output/synth-memo';
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from '../pod/config-checksum';
import { evaluatePodSecurity, PodSecurityLevel, PodSecurityViolation } from '../pod/pod-security';
import { NodeSelectorTerm } from '../scheduling/node-affinity';
import { and, Dnf, EVERY_NODE, not, selectionOf } from '../scheduling/node-selection';
import { unsatisfiableReason } from '../scheduling/satisfiability';
import type { NodeDaemonVariant } from '../variant';

// Rendering of a NodeDaemon's DaemonSets through the typed Kubernetes 1.27 classes: node selection of
// the base and of each variant, the pod spec, and the DaemonSet spec (lazily, so later calls count).

/** The props of one DaemonSet object: its metadata, and its spec rendered when the app is synthesized. */
export function daemonSetProps(st: DaemonState, ds: DaemonSetIdentity): LazySpecProps<k8s.DaemonSetSpec> {
  return {
    metadata: st.metadataFor(ds.name),
    spec: () => renderSpec(st, ds),
  };
}

/** The variant's selection of nodes, as given (without the daemon's own). */
export function variantSelection(v: NodeDaemonVariant): Dnf {
  return selectionOf(v.options.nodeSelector ?? {}, v.options.requiredNodeAffinity?.map(t => t.requirements));
}

/** The base's own selection (nodeSelector and required terms). */
export function baseSelection(st: DaemonState): Dnf {
  const s = st.pod.scheduling;
  return selectionOf(s.nodeSelector, s.requiredNodeTerms.length ? s.requiredNodeTerms.map(t => t.requirements) : undefined);
}

/** Required terms of the base DaemonSet: its own, minus every variant's nodes. */
export function baseTerms(st: DaemonState): Dnf | string {
  const s = st.pod.scheduling;
  let terms: Dnf = s.requiredNodeTerms.length ? s.requiredNodeTerms.map(t => t.requirements) : EVERY_NODE;
  for (const v of st.variants) {
    const excluded = not(variantSelection(v));
    if (typeof excluded === 'string') { return excluded; }
    terms = and(terms, excluded);
  }
  return terms.filter(t => !unsatisfiableReason(t, s.nodeSelector));
}

/** The scheduling part of one DaemonSet's pod spec: the daemon's, with the variants' nodes split off. */
export function schedulingFor(st: DaemonState, ds: DaemonSetIdentity): k8s.PodSpec {
  const s = st.pod.scheduling;
  const rendered = s.render();
  let required: Dnf | undefined;
  let nodeSelector = rendered.nodeSelector;
  let tolerations = rendered.tolerations;
  if (ds.variant) {
    const o = ds.variant.options;
    nodeSelector = { ...(nodeSelector ?? {}), ...(o.nodeSelector ?? {}) };
    const own: Dnf = s.requiredNodeTerms.length ? s.requiredNodeTerms.map(t => t.requirements) : EVERY_NODE;
    required = and(own, o.requiredNodeAffinity?.length ? o.requiredNodeAffinity.map(t => t.requirements) : EVERY_NODE);
    tolerations = [...(tolerations ?? []), ...(o.tolerations ?? []).map(t => t._toKube())];
  } else if (st.variants.length) {
    const terms = baseTerms(st );
    required = typeof terms === 'string' ? [] : terms;
  }
  let affinity = rendered.affinity;
  if (required !== undefined) {
    const termsJson = required.filter(t => t.length).map(t => NodeSelectorTerm.of(...t)._toKube());
    const nodeAffinity: k8s.NodeAffinity = {
      ...(affinity?.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: termsJson.length ? { nodeSelectorTerms: termsJson } : undefined,
    };
    const hasNodeAffinity = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
      || nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    affinity = hasNodeAffinity || affinity?.podAffinity || affinity?.podAntiAffinity
      ? { ...(affinity ?? {}), nodeAffinity: hasNodeAffinity ? nodeAffinity : undefined } : undefined;
  }
  return {
    ...rendered,
    nodeSelector: nodeSelector && Object.keys(nodeSelector).length ? nodeSelector : undefined,
    tolerations: tolerations?.length ? tolerations : undefined,
    affinity,
    containers: [],
  };
}

/** One DaemonSet's pod spec. */
export function renderPodSpec(st: DaemonState, ds: DaemonSetIdentity): k8s.PodSpec {
  const { containers: _none, ...scheduling } = schedulingFor(st, ds);
  const o = ds.variant?.options;
  return st.pod.renderPodSpec({
    serviceAccountName: st.daemon.serviceAccount.name,
    automountToken: st.automountToken,
    scheduling,
    main: o ? {
      image: o.image,
      args: o.args,
      env: o.env ? Object.entries(o.env).map(([name, value]) => ({ name, value })) : undefined,
      resources: o.resources,
    } : undefined,
  });
}

/** One DaemonSet's spec, after the daemon's own checks (a direct toJson() skips the validations). */
export function renderSpec(st: DaemonState, ds: DaemonSetIdentity): k8s.DaemonSetSpec {
  // Within one synth scope, the app-wide rules and the YAML read the same spec: render it once.
  const memo = AppIndex.synthMemo(st.daemon);
  const key = ds.variant ?? st;
  const known = memo?.get(key) as k8s.DaemonSetSpec | undefined;
  if (known) { return known; }
  // Construct validations run when a chart or app is synthesized; a direct toJson() call skips them,
  // so the daemon's own final checks also guard rendering: no invalid spec is ever written.
  st.guard();
  const checksum = configChecksum(AppIndex.of(st.daemon), st.daemon.namespace, st.pod.configReferences());
  const allAnnotations = st.pod.renderedAnnotations(); // a fresh object
  if (checksum) { allAnnotations[CONFIG_CHECKSUM_ANNOTATION] = checksum; }
  const spec: k8s.DaemonSetSpec = {
    selector: { matchLabels: { ...ds.selector } },
    template: {
      metadata: { labels: { ...ds.podLabels }, annotations: Object.keys(allAnnotations).length ? allAnnotations : undefined },
      spec: renderPodSpec(st, ds),
    },
    updateStrategy: st.strategy._toKube(),
    minReadySeconds: st.minReadySeconds ?? 0,
    revisionHistoryLimit: st.revisionHistoryLimit ?? 10,
  };
  memo?.set(key, spec);
  return spec;
}

/** The Pod Security evaluation of the base DaemonSet's pod, as written. */
export function podSecurity(st: DaemonState): { level: PodSecurityLevel; violations: PodSecurityViolation[] } {
  const ds = st.baseIdentity();
  return evaluatePodSecurity(podSpecJson(renderPodSpec(st, ds)), { labels: ds.podLabels, annotations: st.pod.renderedAnnotations() });
}

/** A PodSpec as plain JSON (quantities and int-or-strings resolved), for the analysis rules. */
export function podSpecJson(spec: k8s.PodSpec): any {
  return k8s.KubePod.manifest({ spec }).spec;
}
