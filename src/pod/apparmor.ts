import { Problem } from './container-model';
import { valueError } from '../util/errors';

/** The pod annotation that sets a container's AppArmor profile in Kubernetes 1.27 (before the securityContext field of 1.30). */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * The AppArmor profile a container runs under. Kubernetes 1.27 sets it with the pod annotation
 * `container.apparmor.security.beta.kubernetes.io/<container>`, which the library writes for you.
 * @see https://kubernetes.io/docs/tutorials/security/apparmor/
 */
export class AppArmorProfile {
  /** The container runtime's default profile (`runtime/default`): what Pod Security "baseline" allows. */
  public static runtimeDefault(): AppArmorProfile {
    return new AppArmorProfile('runtime/default');
  }

  /** No AppArmor confinement (`unconfined`): Pod Security "baseline" refuses it. */
  public static unconfined(): AppArmorProfile {
    return new AppArmorProfile('unconfined');
  }

  /**
   * A profile loaded on the node (`localhost/<name>`).
   * @param name the profile's name as the node's AppArmor knows it, e.g. `k8s-apparmor-example-deny-write`
   */
  public static localhost(name: string): AppArmorProfile {
    if (typeof name !== 'string' || name === '' || /\s/.test(name)) {
      throw valueError('AppArmorProfile.localhost', 'name', name, 'must be the name of a profile loaded on the node, without spaces', 'give the profile\'s name, e.g. \'k8s-apparmor-example-deny-write\'');
    }
    return new AppArmorProfile(`localhost/${name}`);
  }

  /** The annotation value: `runtime/default`, `unconfined` or `localhost/<name>`. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/**
 * Why an AppArmor annotation value is refused, or undefined when it is valid: the 1.27 API server takes
 * '' (the runtime's default), runtime/default, unconfined and anything starting with localhost/
 * (ValidateAppArmorProfileFormat); the kubelet then refuses to start a pod whose localhost/ profile has
 * no name ("invalid empty AppArmor profile name").
 */
export function appArmorValueProblem(value: unknown): string | undefined {
  if (value === '' || value === 'runtime/default' || value === 'unconfined') { return undefined; }
  if (typeof value !== 'string' || !value.startsWith('localhost/')) {
    return 'is not an AppArmor profile: runtime/default, unconfined or localhost/<profile>';
  }
  return value.slice('localhost/'.length).trim() === ''
    ? 'names no profile after localhost/: the kubelet refuses to start the pod ("invalid empty AppArmor profile name")'
    : undefined;
}

export function appArmorAnnotationProblems(annotations: { [key: string]: unknown } | undefined, containers: string[], prop: string): Problem[] {
  const out: Problem[] = [];
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) { continue; }
    const container = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
    if (!containers.includes(container)) {
      out.push({
        prop: `${prop}['${key}']`,
        value,
        problem: `names container '${container}', which the pod does not have (${containers.map(c => `'${c}'`).join(', ') || 'none'}), and the API server refuses it ("container not found")`,
        fix: 'set the profile on the container itself (securityContext.appArmorProfile), or name one of its containers',
      });
    }
    const valueProblem = appArmorValueProblem(value);
    if (valueProblem) {
      out.push({ prop: `${prop}['${key}']`, value, problem: valueProblem, fix: 'use AppArmorProfile.runtimeDefault(), .unconfined() or .localhost(name) on the container\'s securityContext' });
    }
  }
  return out;
}
