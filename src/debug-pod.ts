/**
 * Options of `NodeDaemon.addDebugPod`: a Pod next to a daemon pod, for looking at what it writes.
 */
export interface DebugPodOptions {
  /**
   * Name of the Pod.
   * @default - `<daemon name>-debug-<id in kebab-case>`
   */
  readonly name?: string;

  /**
   * The image, with a shell and the tools to look around.
   * @default 'busybox:1.36'
   */
  readonly image?: string;

  /**
   * The command keeping it alive for `kubectl exec`.
   * @default ['sleep', 'infinity']
   */
  readonly command?: string[];

  /**
   * Only next to the daemon pod on this node (`kubernetes.io/hostname`).
   * @default - next to any daemon pod
   */
  readonly nodeName?: string;

  /**
   * Run as root, to read files only root may read (the daemon's root-owned logs).
   * @default false
   */
  readonly runAsRoot?: boolean;
}
