/** A surge rollout that can never finish: the new pod needs a host port the old one holds. */
export interface SurgeDeadlock {
  /** The container that binds the port. */
  readonly container: string;
  /** The port's name (or its number when it has none). */
  readonly port: string;
  /** The host port. */
  readonly hostPort: number;
  /** Whether the port is a host port because of hostNetwork (not a declared hostPort). */
  readonly viaHostNetwork: boolean;
}

/** Whether an int-or-percent value of the API is zero (`0`, `'0'`, `'0%'`). */
export function isZeroIntOrPercent(value: unknown): boolean {
  if (value === undefined || value === null) { return true; }
  if (typeof value === 'number') { return value === 0; }
  return /^0+(\.0*)?%?$/.test(String(value));
}

/**
 * The host port that deadlocks a DaemonSet's rolling update, or undefined: with `maxSurge` above
 * zero the controller starts the new pod beside the old one on each node, and a pod that binds a
 * host port (declared, or every declared port with hostNetwork) can never be scheduled there
 * (kubernetes/kubernetes#106417; the API server does not catch it). `podSpec` and `updateStrategy`
 * are plain Kubernetes JSON (a DaemonSet's `spec.template.spec` and `spec.updateStrategy`).
 */
export function surgeDeadlock(podSpec: any, updateStrategy: any): SurgeDeadlock | undefined {
  if ((updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') { return undefined; }
  if (isZeroIntOrPercent(updateStrategy?.rollingUpdate?.maxSurge)) { return undefined; }
  const hostNetwork = podSpec?.hostNetwork === true;
  for (const c of podSpec?.containers ?? []) {
    for (const p of c?.ports ?? []) {
      const hostPort = p?.hostPort ?? (hostNetwork ? p?.containerPort : undefined);
      if (typeof hostPort === 'number' && hostPort > 0) {
        return { container: c.name, port: p.name ?? String(p.containerPort), hostPort, viaHostNetwork: p?.hostPort === undefined };
      }
    }
  }
  return undefined;
}

/** Whether a DaemonSet's rolling update surges: the new pod starts beside the old one on each node (maxSurge above zero). */
export function surges(updateStrategy: any): boolean {
  return (updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && !isZeroIntOrPercent(updateStrategy?.rollingUpdate?.maxSurge);
}
