import * as fs from 'fs';
import * as path from 'path';
import { yamlLibrary } from './preview/manifests';

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
