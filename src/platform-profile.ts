import { IConstruct } from 'constructs';
import { eksFargateRefusals, gkeAutopilotRefusals, PlatformRefusal, windowsNodesRefusals } from './rules/platform-rules';

const PROFILES = Symbol.for('cdk8s-daemons.PlatformProfiles');

/** The platforms a profile describes. */
export enum Platform {
  /** GKE Autopilot. */
  GKE_AUTOPILOT = 'GKE Autopilot',
  /** EKS with Fargate (and virtual-kubelet) nodes. */
  EKS_FARGATE = 'EKS with Fargate nodes',
  /** A cluster with Windows nodes. */
  WINDOWS_NODES = 'a cluster with Windows nodes',
}

/**
 * What a platform refuses, checked at synth time for every daemon (each DaemonSet, variants
 * included) under the chart or app it is applied to: `PlatformProfile.gkeAutopilot().applyTo(chart)`.
 * Each refusal is reported at the daemon's construct path, naming the field and the platform's rule.
 */
export class PlatformProfile {
  /**
   * GKE Autopilot: no hostNetwork, hostPID, hostIPC or host ports; host paths only under /var/log
   * and read-only; no privileged containers; no capabilities beyond the baseline set.
   */
  public static gkeAutopilot(): PlatformProfile {
    return new PlatformProfile(Platform.GKE_AUTOPILOT, gkeAutopilotRefusals);
  }

  /** EKS with Fargate and virtual-kubelet nodes: every daemon keeps off them. */
  public static eksWithFargate(): PlatformProfile {
    return new PlatformProfile(Platform.EKS_FARGATE, eksFargateRefusals);
  }

  /** A cluster with Windows nodes: every daemon declares its OS by its node selection. */
  public static windowsNodes(): PlatformProfile {
    return new PlatformProfile(Platform.WINDOWS_NODES, windowsNodesRefusals);
  }

  /**
   * The profiles applied to `scope` or any construct above it.
   * @internal
   */
  public static _of(scope: IConstruct): PlatformProfile[] {
    const out: PlatformProfile[] = [];
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      out.push(...((s as any)[PROFILES] ?? []));
    }
    return out;
  }

  /** The platform. */
  public readonly platform: Platform;
  private readonly rules: (podSpec: any) => PlatformRefusal[];

  private constructor(platform: Platform, rules: (podSpec: any) => PlatformRefusal[]) {
    this.platform = platform;
    this.rules = rules;
  }

  /** Checks every daemon under `scope` (a chart, an app, any construct), including those added later. */
  public applyTo(scope: IConstruct): void {
    const existing: PlatformProfile[] = (scope as any)[PROFILES] ?? [];
    if (!(PROFILES in scope)) { Object.defineProperty(scope, PROFILES, { value: existing, writable: true }); }
    if (!existing.some(p => p.platform === this.platform)) { existing.push(this); }
  }

  /**
   * What this platform refuses in a pod spec (plain JSON).
   * @internal
   */
  public _refusals(podSpec: any): PlatformRefusal[] {
    return this.rules(podSpec);
  }
}
