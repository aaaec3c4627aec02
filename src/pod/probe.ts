import { k8s } from 'cdk8s-plus-27';

/**
 * Timing of a probe. Every field is written to the output, so what is in Git is what runs.
 */
export interface ProbeOptions {
  /**
   * Seconds after the container starts before the first probe.
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes
   * @default 0
   */
  readonly initialDelaySeconds?: number;

  /**
   * How often, in seconds, to probe.
   * @default 10
   */
  readonly periodSeconds?: number;

  /**
   * Seconds after which one probe times out.
   * @default 1
   */
  readonly timeoutSeconds?: number;

  /**
   * Consecutive failures after which the probe counts as failed.
   * @default 3
   */
  readonly failureThreshold?: number;

  /**
   * Consecutive successes after which a failed probe counts as successful again. Must be 1 for a
   * liveness probe.
   * @default 1
   */
  readonly successThreshold?: number;
}

/** URI scheme of an HTTP probe. */
export enum ProbeScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS, without certificate verification (as the kubelet does). */
  HTTPS = 'HTTPS',
}

/** Options of an HTTP GET probe. */
export interface HttpGetProbeOptions extends ProbeOptions {
  /** The container port to send the request to (a number from 1 to 65535). */
  readonly port: number;

  /**
   * The scheme.
   * @default ProbeScheme.HTTP
   */
  readonly scheme?: ProbeScheme;
}

/** Options of a TCP socket probe. */
export interface TcpSocketProbeOptions extends ProbeOptions {
  /** The container port to open a connection to (a number from 1 to 65535). */
  readonly port: number;
}

/**
 * A liveness or readiness probe.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
 */
export class Probe {
  /** Probe with an HTTP GET request on `path`; 2xx and 3xx answers count as success. */
  public static httpGet(path: string, options: HttpGetProbeOptions): Probe {
    const httpGet = { path, port: k8s.IntOrString.fromNumber(options.port), scheme: options.scheme ?? ProbeScheme.HTTP };
    return new Probe({ httpGet }, options, options.port, path);
  }

  /** Probe by opening a TCP connection to `port`. */
  public static tcpSocket(options: TcpSocketProbeOptions): Probe {
    return new Probe({ tcpSocket: { port: k8s.IntOrString.fromNumber(options.port) } }, options, options.port);
  }

  /** Probe by running `command` in the container; exit code 0 counts as success. */
  public static exec(command: string[], options: ProbeOptions = {}): Probe {
    return new Probe({ exec: { command } }, options, undefined, undefined, command);
  }

  /** The port the probe targets, if any. */
  public readonly port?: number;
  /** The HTTP path, for an HTTP GET probe. */
  public readonly path?: string;
  /** The command, for an exec probe. */
  public readonly command?: string[];
  /** The timing options as given. */
  public readonly options: ProbeOptions;
  private readonly handler: k8s.Probe;

  private constructor(handler: k8s.Probe, options: ProbeOptions, port?: number, path?: string, command?: string[]) {
    this.handler = handler;
    this.options = options;
    this.port = port;
    this.path = path;
    this.command = command;
  }

  /**
   * Problems with this probe as used in `role` ('livenessProbe' or 'readinessProbe'), empty when valid.
   * @internal
   */
  public _problems(role: string): string[] {
    const problems: string[] = [];
    if (this.port !== undefined && !(Number.isInteger(this.port) && this.port >= 1 && this.port <= 65535)) {
      problems.push(`port ${this.port} must be an integer from 1 to 65535`);
    }
    if (this.path !== undefined && !this.path.startsWith('/')) {
      problems.push(`path '${this.path}' must start with '/'`);
    }
    if (this.command !== undefined && this.command.length === 0) {
      problems.push('command must not be empty');
    }
    const o = this.options;
    const mins: Array<[keyof ProbeOptions, number]> = [
      ['initialDelaySeconds', 0], ['periodSeconds', 1], ['timeoutSeconds', 1], ['failureThreshold', 1], ['successThreshold', 1],
    ];
    for (const [key, min] of mins) {
      const v = o[key];
      if (v !== undefined && !(Number.isInteger(v) && v >= min)) {
        problems.push(`${key} ${v} must be an integer of at least ${min}`);
      }
    }
    if (role === 'livenessProbe' && (o.successThreshold ?? 1) !== 1) {
      problems.push(`successThreshold ${o.successThreshold} must be 1 for a liveness probe (the API server rejects anything else)`);
    }
    return problems;
  }

  /** @internal */
  public _toKube(): k8s.Probe {
    const o = this.options;
    return {
      ...this.handler,
      initialDelaySeconds: o.initialDelaySeconds ?? 0,
      periodSeconds: o.periodSeconds ?? 10,
      timeoutSeconds: o.timeoutSeconds ?? 1,
      failureThreshold: o.failureThreshold ?? 3,
      successThreshold: o.successThreshold ?? 1,
    };
  }
}
