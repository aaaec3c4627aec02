import * as fs from 'fs';
import * as path from 'path';
import { podSpecJson, renderPodSpec } from './daemon/render';
import type { DaemonState } from './daemon/state';
import type { Problem } from './pod/container-model';
import { UpdateStrategyType } from './rollout/update-strategy';
import { yamlLibrary } from './rules/manifests';
import { propError } from './util/errors';

/** Options of `NodeDaemon.toStaticPod`. */
export interface StaticPodOptions {
  /**
   * Namespace of the mirror pod the kubelet creates in the API server.
   * @default - the daemon's namespace, else 'kube-system'
   */
  readonly namespace?: string;
}

/**
 * A daemon rendered as a static Pod: a manifest for a kubelet's manifest directory
 * (`/etc/kubernetes/manifests`), which the kubelet runs without the API server. Never part of the
 * synthesized charts, so GitOps tools do not apply it: write it with `writeTo` and place it on the
 * nodes with your node provisioning.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
 */
export class StaticPod {
  /** @internal */
  public static _of(name: string, manifest: object): StaticPod {
    return new StaticPod(name, manifest);
  }

  /** The Pod's name (the kubelet appends the node name to the mirror pod's). */
  public readonly name: string;
  /** The file name in the manifest directory: `<name>.yaml`. */
  public readonly fileName: string;
  /** The manifest, as YAML. */
  public readonly yaml: string;

  private constructor(name: string, manifest: object) {
    this.name = name;
    this.fileName = `${name}.yaml`;
    this.yaml = yamlLibrary().stringify(manifest, { sortMapEntries: true });
  }

  /** Writes the manifest to `<directory>/<name>.yaml` (creating the directory) and returns the file's path. */
  public writeTo(directory: string): string {
    fs.mkdirSync(directory, { recursive: true });
    const file = path.join(directory, this.fileName);
    fs.writeFileSync(file, this.yaml);
    return file;
  }
}

/** What a static Pod cannot have of a daemon: variants, API access, ConfigMaps and Secrets, node selection, DaemonSet settings. */
export function staticPodProblems(st: DaemonState): Problem[] {
  const out: Problem[] = [];
  const refuse = (prop: string, value: unknown, problem: string, fix: string) => out.push({ prop, value, problem: `${problem}, which a static Pod cannot have`, fix });
  if (st.variants.length) {
    refuse('addVariant', st.variants.map(v => v.node.id), 'splits the daemon into DaemonSets per node group', 'put a different manifest on each kind of node instead');
  }
  if (st.grants.length) { refuse('grantApiAccess', st.grants.length, 'needs a ServiceAccount token from the API server', 'drop the API access, or keep it a DaemonSet'); }
  if (!st.ownServiceAccount) { refuse('serviceAccount', st.daemon.serviceAccount.name, 'names a ServiceAccount', 'leave serviceAccount out'); }
  for (const ref of st.pod.configReferences()) {
    refuse(ref.source, ref.name, `uses ${ref.kind} '${ref.name}' of the API server`, 'put the file on the node and mount it with hostPathMounts');
  }
  const s = st.pod.scheduling;
  if (Object.keys(s.nodeSelector).length || s.requiredNodeTerms.length || s.preferredNodeTerms.length) {
    refuse('nodeSelector', s.nodeSelector, 'selects nodes (the kubelet runs the manifests of its own directory)', 'place the file only on the nodes that should run it');
  }
  if (st.strategy.type === UpdateStrategyType.ON_DELETE) { refuse('updateStrategy', 'OnDelete', 'is a DaemonSet update strategy', 'leave updateStrategy out'); }
  if ((st.minReadySeconds ?? 0) > 0) { refuse('minReadySeconds', st.minReadySeconds, 'is a DaemonSet rollout setting', 'leave minReadySeconds out'); }
  return out;
}

/**
 * The daemon as a static Pod, once it has no problem (`problems`: the daemon's own) and nothing a
 * static Pod cannot have.
 */
export function renderStaticPod(st: DaemonState, options: StaticPodOptions, problems: Problem[]): StaticPod {
  const [first] = [...problems, ...staticPodProblems(st)];
  if (first) { throw propError(st.daemon, first.prop, first.value, first.problem, first.fix); }
  const ds = st.baseIdentity();
  const { serviceAccountName: _sa, automountServiceAccountToken: _token, ...spec } = podSpecJson(renderPodSpec(st, ds));
  const annotations = st.pod.renderedAnnotations();
  return StaticPod._of(st.daemon.daemonSetName, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: st.daemon.daemonSetName,
      namespace: options.namespace ?? st.daemon.namespace ?? 'kube-system',
      labels: { ...ds.podLabels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec,
  });
}
