import { k8s } from 'cdk8s-plus-27';
import { INT32_MAX, isInt32 } from '../util/bounds';
import { show, valueError } from '../util/errors';

/**
 * Timing of a probe, each a whole number up to 2147483647 (int32). Every field is written to the
 * output, so what is in Git is what runs.
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
 * A liveness or readiness probe. The factories check the handler and the timing as the API server
 * does and throw when it would be rejected; whether the probe suits its role (a liveness probe's
 * successThreshold must be 1) is checked where the probe is used.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
 */
export class Probe {
  /**
   * Probe with an HTTP GET request on `path`; 2xx and 3xx answers count as success.
   * @throws when the path does not start with '/', the port is not 1 to 65535 or a timing is out of range
   */
  public static httpGet(path: string, options: HttpGetProbeOptions): Probe {
    const where = 'Probe.httpGet';
    if (!path.startsWith('/')) {
      throw valueError(where, 'path', path, 'must start with \'/\' (the kubelet requests http://<pod IP>:<port><path>)', `give an absolute path, e.g. ${show(`/${path || 'healthz'}`)}`);
    }
    checkPort(where, options.port);
    checkTiming(where, options);
    const httpGet = { path, port: k8s.IntOrString.fromNumber(options.port), scheme: options.scheme ?? ProbeScheme.HTTP };
    return new Probe({ httpGet }, options, options.port, path);
  }

  /**
   * Probe by opening a TCP connection to `port`.
   * @throws when the port is not 1 to 65535 or a timing is out of range
   */
  public static tcpSocket(options: TcpSocketProbeOptions): Probe {
    const where = 'Probe.tcpSocket';
    checkPort(where, options.port);
    checkTiming(where, options);
    return new Probe({ tcpSocket: { port: k8s.IntOrString.fromNumber(options.port) } }, options, options.port);
  }

  /**
   * Probe by running `command` in the container; exit code 0 counts as success.
   * @throws when the command is empty or a timing is out of range
   */
  public static exec(command: string[], options: ProbeOptions = {}): Probe {
    const where = 'Probe.exec';
    if (command.length === 0) {
      throw valueError(where, 'command', command, 'must not be empty (the API server requires a command)', 'give the program and its arguments, e.g. [\'cat\', \'/tmp/healthy\']');
    }
    checkTiming(where, options);
    return new Probe({ exec: { command: [...command] } }, options, undefined, undefined, [...command]);
  }

  /** The port the probe targets, if any. */
  public readonly port?: number;
  /** The HTTP path, for an HTTP GET probe. */
  public readonly path?: string;
  /** The command, for an exec probe. */
  public readonly command?: string[];
  /** The timing options as given (copied when the probe was made). */
  public readonly options: ProbeOptions;
  private readonly handler: k8s.Probe;

  private constructor(handler: k8s.Probe, options: ProbeOptions, port?: number, path?: string, command?: string[]) {
    this.handler = handler;
    // a copy: the values were checked, later changes to the caller's object must not reach the output
    this.options = { ...options };
    this.port = port;
    this.path = path;
    this.command = command;
  }

  /**
   * Problems with this probe as used in `role` ('livenessProbe' or 'readinessProbe'), empty when it
   * suits the role. Everything else was checked when the probe was made.
   * @internal
   */
  public _problems(role: string): string[] {
    const successThreshold = this.options.successThreshold ?? 1;
    if (role === 'livenessProbe' && successThreshold !== 1) {
      return [`successThreshold ${successThreshold} must be 1 for a liveness probe (the API server rejects anything else)`];
    }
    return [];
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

/** The timing fields with their smallest value (the API server's minimums; each at most INT32_MAX). */
const TIMING_MINIMUMS: Array<[keyof ProbeOptions, number, string]> = [
  ['initialDelaySeconds', 0, 'give whole seconds, 0 to probe as soon as the container starts'],
  ['periodSeconds', 1, 'give whole seconds, e.g. 10'],
  ['timeoutSeconds', 1, 'give whole seconds, e.g. 1'],
  ['failureThreshold', 1, 'give a count, e.g. 3'],
  ['successThreshold', 1, 'give a count, e.g. 1 (a liveness probe takes only 1)'],
];

/** Throws when a timing field is not a whole number from its minimum to INT32_MAX. */
function checkTiming(where: string, options: ProbeOptions): void {
  for (const [field, min, fix] of TIMING_MINIMUMS) {
    const v = options[field];
    if (v !== undefined && !isInt32(v, min)) {
      throw valueError(where, field, v, `must be a whole number from ${min} to ${INT32_MAX}`, fix);
    }
  }
}

/** Throws when `port` is not a port number. */
function checkPort(where: string, port: number): void {
  if (!isInt32(port, 1) || port > 65535) {
    throw valueError(where, 'port', port, 'must be a whole number from 1 to 65535', 'give the container port the probe should reach, e.g. 8080');
  }
}
