import { FLUENT_BIT_RUNTIME, renderFluentBit } from './fluent-bit';
import { FLUENTD_MONITOR_PORT, FLUENTD_RUNTIME, renderFluentd } from './fluentd';
import { CollectorConfig, EngineRuntime, RenderedConfig } from './log-config';
import { LogOutputType } from './log-output';
import { OTEL_METRICS_PORT, OTEL_RUNTIME, renderOtelCollector } from './otel-collector';

/** The OpenTelemetry Collector image (the contrib distribution: file_log, k8s_attributes, file_storage, basic_auth). */
const OTEL_COLLECTOR_IMAGE = 'otel/opentelemetry-collector-contrib:0.160.0';
/** The fluent-bit image the defaults are written for. */
const FLUENT_BIT_IMAGE = 'fluent/fluent-bit:2.1.8';
/** fluent/fluentd-kubernetes-daemonset images with the output plugins each output needs. */
const FLUENTD_IMAGES: { [type: string]: string } = {
  [LogOutputType.ELASTICSEARCH]: 'fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-elasticsearch8-1.0',
  [LogOutputType.OPENSEARCH]: 'fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-opensearch-1.0',
  [LogOutputType.FORWARD]: 'fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-forward-1.0',
  [LogOutputType.HTTP]: 'fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-forward-1.0',
  [LogOutputType.STDOUT]: 'fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-forward-1.0',
};

/** The engines a LogCollector can run. */
export enum LogEngineType {
  /** Fluent Bit. */
  FLUENT_BIT = 'fluent-bit',
  /** Fluentd. */
  FLUENTD = 'fluentd',
  /** The OpenTelemetry Collector. */
  OTEL_COLLECTOR = 'otel-collector',
}

/**
 * The log collection engine: which program runs, its image, and how the collector's engine-neutral
 * configuration is written for it. A further engine is one more factory here; the configuration
 * model does not change.
 */
export class LogEngine {
  /** Fluent Bit (the default): small, C, Prometheus metrics on its HTTP server (2020). */
  public static fluentBit(image?: string): LogEngine {
    return new LogEngine(LogEngineType.FLUENT_BIT, image, 2020);
  }

  /**
   * Fluentd, with the plugins of the fluent/fluentd-kubernetes-daemonset images (the image is chosen
   * by the output: elasticsearch8, opensearch or forward); metrics from monitor_agent (24220, JSON).
   */
  public static fluentd(image?: string): LogEngine {
    return new LogEngine(LogEngineType.FLUENTD, image, FLUENTD_MONITOR_PORT);
  }

  /**
   * The OpenTelemetry Collector (contrib distribution): the file_log receiver with the container
   * parser, k8s_attributes, memory_limiter and batch, OTLP (gRPC, HTTP) and Loki (its OTLP endpoint)
   * outputs with a persistent queue; its own metrics on 8888 (Prometheus), health on 13133.
   */
  public static openTelemetry(image?: string): LogEngine {
    return new LogEngine(LogEngineType.OTEL_COLLECTOR, image, OTEL_METRICS_PORT);
  }

  /** The engine. */
  public readonly type: LogEngineType;
  /** The image given, if any. */
  public readonly image?: string;
  /** The port of its metrics endpoint. */
  public readonly metricsPort: number;

  private constructor(type: LogEngineType, image: string | undefined, metricsPort: number) {
    this.type = type;
    this.image = image;
    this.metricsPort = metricsPort;
  }

  /**
   * The image for these outputs: the given one, else the engine's default (for fluentd, the image
   * carrying the outputs' plugins; undefined when no one image carries them all).
   * @internal
   */
  public _imageFor(outputs: LogOutputType[]): string | undefined {
    if (this.image !== undefined) { return this.image; }
    if (this.type === LogEngineType.FLUENT_BIT) { return FLUENT_BIT_IMAGE; }
    if (this.type === LogEngineType.OTEL_COLLECTOR) { return OTEL_COLLECTOR_IMAGE; }
    const images = new Set(outputs.map(t => FLUENTD_IMAGES[t]));
    const specific = [...images].filter(i => i !== FLUENTD_IMAGES[LogOutputType.FORWARD]);
    if (images.has(undefined as any) || specific.length > 1) { return undefined; }
    return specific[0] ?? FLUENTD_IMAGES[LogOutputType.FORWARD];
  }

  /**
   * How the engine is started (arguments, where its configuration is mounted) and probed.
   * @internal
   */
  public _runtime(): EngineRuntime {
    return this.type === LogEngineType.FLUENT_BIT ? FLUENT_BIT_RUNTIME : this.type === LogEngineType.OTEL_COLLECTOR ? OTEL_RUNTIME : FLUENTD_RUNTIME;
  }

  /** @internal */
  public _render(config: CollectorConfig, memoryLimitBytes: number): RenderedConfig {
    if (this.type === LogEngineType.OTEL_COLLECTOR) { return renderOtelCollector(config, memoryLimitBytes); }
    return this.type === LogEngineType.FLUENT_BIT ? renderFluentBit(config) : renderFluentd(config);
  }
}
