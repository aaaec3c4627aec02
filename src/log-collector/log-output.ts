import * as kplus from 'cdk8s-plus-27';
import { valueError } from '../util/errors';
import { dns1123SubdomainProblem } from '../util/names';

/**
 * A credential for a log output, read from a Secret: the collector gets it as an environment
 * variable (`secretKeyRef`) and its configuration refers to that variable, so the ConfigMap never
 * holds it. There is no way to give a credential as plain text.
 */
export class LogSecret {
  /** The value of `key` in `secret` (a cdk8s-plus Secret, or `kplus.Secret.fromSecretName(...)`). */
  public static fromSecret(secret: kplus.ISecret, key: string): LogSecret {
    // Stryker disable next-line StringLiteral: any stand-in for a missing key fails the pattern the same way
    if (!/^[-._a-zA-Z0-9]+$/.test(key ?? '')) {
      throw new Error(`[LogSecret.fromSecret] key = '${key}': is not a Secret data key (letters, digits, '-', '_', '.'). Fix: give the key the credential is stored under, e.g. 'password'`);
    }
    // Stryker disable next-line StringLiteral: any stand-in for a missing name is refused the same way
    const nameProblem = dns1123SubdomainProblem(secret?.name ?? '');
    if (nameProblem) {
      throw valueError('LogSecret.fromSecret', 'secret.name', secret?.name, `Secret name ${nameProblem} (the API server refuses secretKeyRef.name)`, 'name the Secret the credentials are in, in lowercase, e.g. \'es-creds\'');
    }
    return new LogSecret(secret, key);
  }

  /** The Secret. */
  public readonly secret: kplus.ISecret;
  /** The key in it. */
  public readonly key: string;

  private constructor(secret: kplus.ISecret, key: string) {
    this.secret = secret;
    this.key = key;
  }
}

/** TLS to a log backend. */
export interface LogTlsOptions {
  /**
   * Use TLS.
   * @default false
   */
  readonly tls?: boolean;

  /**
   * Verify the backend's certificate (only with TLS). Turning it off is for tests only.
   * @default true
   */
  readonly tlsVerify?: boolean;
}

/** Options of an Elasticsearch or OpenSearch output. */
export interface SearchOutputOptions extends LogTlsOptions {
  /** Host name of the cluster, e.g. `elasticsearch.logging.svc`. */
  readonly host: string;

  /**
   * Port.
   * @default 9200
   */
  readonly port?: number;

  /**
   * Index name prefix; a dated index per day (`<index>-YYYY.MM.DD`, Logstash style).
   * @default 'logs'
   */
  readonly index?: string;

  /**
   * User for basic authentication.
   * @default - no authentication
   */
  readonly user?: string;

  /**
   * Password for basic authentication, from a Secret.
   * @default - none
   */
  readonly password?: LogSecret;
}

/** Options of a Loki output. */
export interface LokiOutputOptions extends LogTlsOptions {
  /** Host name of Loki (or its gateway), e.g. `loki-gateway.logging.svc`. */
  readonly host: string;

  /**
   * Port.
   * @default 3100
   */
  readonly port?: number;

  /**
   * Static labels of every stream (the namespace, pod and container labels are added from the
   * Kubernetes metadata).
   * @default { job: '<collector name>' }
   */
  readonly labels?: { [key: string]: string };

  /**
   * The tenant (`X-Scope-OrgID`) of a multi-tenant Loki.
   * @default - none
   */
  readonly tenantId?: string;

  /**
   * User for basic authentication.
   * @default - none
   */
  readonly user?: string;

  /**
   * Password for basic authentication, from a Secret.
   * @default - none
   */
  readonly password?: LogSecret;

  /**
   * Bearer token, from a Secret.
   * @default - none
   */
  readonly bearerToken?: LogSecret;
}

/** Options of a forward output (to a Fluentd or Fluent Bit aggregator). */
export interface ForwardOutputOptions extends LogTlsOptions {
  /** Host name of the aggregator. */
  readonly host: string;

  /**
   * Port.
   * @default 24224
   */
  readonly port?: number;

  /**
   * Shared key of the forward protocol's authentication, from a Secret (needs TLS).
   * @default - none
   */
  readonly sharedKey?: LogSecret;
}

/** Options of an HTTP output (JSON lines to any endpoint). */
export interface HttpOutputOptions extends LogTlsOptions {
  /** Host name. */
  readonly host: string;

  /**
   * Port.
   * @default - 443 with TLS, 80 without
   */
  readonly port?: number;

  /**
   * Path of the request.
   * @default '/'
   */
  readonly uri?: string;

  /**
   * User for basic authentication.
   * @default - none
   */
  readonly user?: string;

  /**
   * Password for basic authentication, from a Secret.
   * @default - none
   */
  readonly password?: LogSecret;
}

/** Options of an OTLP output (an OpenTelemetry Collector gateway, or any OTLP backend). */
export interface OtlpOutputOptions extends LogTlsOptions {
  /** Host name of the OTLP endpoint, e.g. `otel-gateway.observability.svc`. */
  readonly host: string;

  /**
   * Port.
   * @default 4317 for gRPC, 4318 for HTTP
   */
  readonly port?: number;

  /**
   * Base path of OTLP/HTTP (`/v1/logs` is appended). Not for gRPC.
   * @default - none
   */
  readonly path?: string;

  /**
   * User for basic authentication.
   * @default - none
   */
  readonly user?: string;

  /**
   * Password for basic authentication, from a Secret.
   * @default - none
   */
  readonly password?: LogSecret;

  /**
   * Bearer token, from a Secret.
   * @default - none
   */
  readonly bearerToken?: LogSecret;
}

/** The kinds of log outputs. */
export enum LogOutputType {
  /** Elasticsearch. */
  ELASTICSEARCH = 'elasticsearch',
  /** OpenSearch. */
  OPENSEARCH = 'opensearch',
  /** Grafana Loki. */
  LOKI = 'loki',
  /** The forward protocol (Fluentd, Fluent Bit). */
  FORWARD = 'forward',
  /** HTTP POST of JSON lines. */
  HTTP = 'http',
  /** The collector's own stdout (for debugging). */
  STDOUT = 'stdout',
  /** OTLP over gRPC. */
  OTLP = 'otlp',
  /** OTLP over HTTP (protobuf). */
  OTLP_HTTP = 'otlp-http',
}

/**
 * Where a LogCollector sends the logs. Engine-neutral: each engine renders it in its own syntax.
 */
export class LogOutput {
  /** Elasticsearch, Logstash-style dated indices. */
  public static elasticsearch(options: SearchOutputOptions): LogOutput {
    return new LogOutput(LogOutputType.ELASTICSEARCH, options.host, options.port ?? 9200, options, { password: options.password });
  }

  /** OpenSearch, Logstash-style dated indices. */
  public static openSearch(options: SearchOutputOptions): LogOutput {
    return new LogOutput(LogOutputType.OPENSEARCH, options.host, options.port ?? 9200, options, { password: options.password });
  }

  /** Grafana Loki, with Kubernetes labels. */
  public static loki(options: LokiOutputOptions): LogOutput {
    const secrets = { password: options.password, bearerToken: options.bearerToken };
    return new LogOutput(LogOutputType.LOKI, options.host, options.port ?? 3100, options, secrets);
  }

  /** A Fluentd or Fluent Bit aggregator over the forward protocol. */
  public static forward(options: ForwardOutputOptions): LogOutput {
    return new LogOutput(LogOutputType.FORWARD, options.host, options.port ?? 24224, options, { sharedKey: options.sharedKey });
  }

  /** JSON lines over HTTP POST. */
  public static http(options: HttpOutputOptions): LogOutput {
    return new LogOutput(LogOutputType.HTTP, options.host, options.port ?? (options.tls ? 443 : 80), options, { password: options.password });
  }

  /** OTLP over gRPC (OpenTelemetry Collector engine). */
  public static otlp(options: OtlpOutputOptions): LogOutput {
    const secrets = { password: options.password, bearerToken: options.bearerToken };
    return new LogOutput(LogOutputType.OTLP, options.host, options.port ?? 4317, options, secrets);
  }

  /** OTLP over HTTP (the OpenTelemetry Collector engine, and Fluent Bit's opentelemetry output). */
  public static otlpHttp(options: OtlpOutputOptions): LogOutput {
    const secrets = { password: options.password, bearerToken: options.bearerToken };
    return new LogOutput(LogOutputType.OTLP_HTTP, options.host, options.port ?? 4318, options, secrets);
  }

  /** The collector's stdout: for trying a configuration out. */
  public static stdout(): LogOutput {
    return new LogOutput(LogOutputType.STDOUT, '', 0, {}, {});
  }

  /** The kind. */
  public readonly type: LogOutputType;
  /** The host ('' for stdout). */
  public readonly host: string;
  /** The port (0 for stdout). */
  public readonly port: number;
  /** Whether TLS is on. */
  public readonly tls: boolean;
  /** Whether the certificate is verified. */
  public readonly tlsVerify: boolean;
  /** Basic-auth user, if any. */
  public readonly user?: string;
  /** Index prefix (Elasticsearch, OpenSearch). */
  public readonly index?: string;
  /** Static labels (Loki). */
  public readonly labels?: { [key: string]: string };
  /** Tenant (Loki). */
  public readonly tenantId?: string;
  /** Request path (HTTP). */
  public readonly uri?: string;
  /** Base path (OTLP/HTTP). */
  public readonly path?: string;
  /** Credentials by role (`password`, `bearerToken`, `sharedKey`). */
  public readonly secrets: { [role: string]: LogSecret };

  private constructor(type: LogOutputType, host: string, port: number, options: any, secrets: { [role: string]: LogSecret | undefined }) {
    const where = `LogOutput.${type === LogOutputType.OPENSEARCH ? 'openSearch' : type === LogOutputType.OTLP_HTTP ? 'otlpHttp' : type}`;
    this.type = type;
    this.host = host;
    this.port = port;
    this.tls = options.tls ?? false;
    this.tlsVerify = options.tlsVerify ?? true;
    this.user = options.user;
    this.index = options.index;
    this.labels = options.labels;
    this.tenantId = options.tenantId;
    this.uri = options.uri;
    this.path = options.path;
    this.secrets = {};
    for (const [role, value] of Object.entries(secrets)) {
      if (value === undefined) { continue; }
      if (!(value instanceof LogSecret)) {
        throw new Error(`[${where}] ${role} = ${typeof value === 'string' ? "'<redacted>'" : typeof value}: is given as plain ${typeof value}, which would land in the ConfigMap. Fix: store it in a Secret and pass LogSecret.fromSecret(secret, '${role}')`);
      }
      this.secrets[role] = value;
    }
    const problem = this.problem();
    if (problem) { throw new Error(`[${where}] ${problem[0]} = ${JSON.stringify(problem[1])}: ${problem[2]}. Fix: ${problem[3]}`); }
  }

  private problem(): [string, unknown, string, string] | undefined {
    if (this.type === LogOutputType.STDOUT) { return undefined; }
    if (!/^[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?$/.test(this.host) && !/^[0-9a-fA-F:]+$/.test(this.host)) {
      return ['host', this.host, 'is not a host name or IP address', 'give the backend\'s DNS name, e.g. \'elasticsearch.logging.svc\''];
    }
    if (!(Number.isInteger(this.port) && this.port >= 1 && this.port <= 65535)) {
      return ['port', this.port, 'must be an integer from 1 to 65535', 'give the backend\'s port'];
    }
    if (this.index !== undefined && !/^[a-z0-9][-a-z0-9_.]*$/.test(this.index)) {
      return ['index', this.index, 'is not an index name (lowercase letters, digits, \'-\', \'_\', \'.\')', 'use a name such as \'logs\''];
    }
    if (this.path !== undefined && (this.type !== LogOutputType.OTLP_HTTP || !/^\/[-A-Za-z0-9._~/]*$/.test(this.path))) {
      return this.type !== LogOutputType.OTLP_HTTP
        ? ['path', this.path, 'is a base path of OTLP/HTTP, which gRPC does not have', 'leave path out, or use LogOutput.otlpHttp']
        : ['path', this.path, 'must be a URL path starting with \'/\'', 'write it as \'/otlp\''];
    }
    if (this.uri !== undefined && !this.uri.startsWith('/')) {
      return ['uri', this.uri, 'must start with \'/\'', 'write the request path, e.g. \'/logs\''];
    }
    for (const [key, value] of Object.entries(this.labels ?? {})) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key)) { return ['labels', key, 'is not a Loki label name', 'use letters, digits and \'_\', not starting with a digit']; }
      if (/["\n]/.test(value)) { return [`labels['${key}']`, value, 'holds a quote or a newline', 'use a plain value']; }
    }
    if ((this.secrets.password || this.user !== undefined) && !(this.secrets.password && this.user !== undefined)) {
      return [this.user === undefined ? 'password' : 'user', this.user ?? '<secret>', 'is half of basic authentication', 'give both user and password'];
    }
    if (this.secrets.sharedKey && !this.tls) {
      return ['sharedKey', '<secret>', 'would be sent in the clear: the forward protocol\'s shared key needs TLS', 'set tls: true'];
    }
    return undefined;
  }
}
