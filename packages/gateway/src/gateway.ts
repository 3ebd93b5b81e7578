import { type AutoscopeConfig, SamplingPipeline } from '@autoscope/core';
import { type ConfigWatch, loadConfigFile, watchConfigFile } from '@autoscope/formats';
import { createAdminApp } from './admin/admin-app.js';
import { createGatewayMetrics } from './admin/gateway-metrics.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { SpanLog, TraceExporter } from './contracts.js';
import type { FlowOptions } from './flow/flow-options.js';
import { MemorySpanLog } from './flow/memory-span-log.js';
import { SpanFlow } from './flow/span-flow.js';
import { type GatewayLogger, silentLogger } from './logging/logger.js';
import type { ReceiverContext } from './receivers/accept-request.js';
import { AdmissionGate } from './receivers/admission-gate.js';
import { createOtlpHttpApp } from './receivers/http-app.js';
import { type HttpListener, listenHttp } from './receivers/http-listener.js';
import { ReceiverStats } from './receivers/receiver-stats.js';
import {
  type BuiltSampler,
  buildSampler,
  outputOf,
  type SamplingOutput,
  type SamplingSettings,
} from './sampling/build-sampler.js';
import { carrySummary } from './sampling/carry-summary.js';
import { SwappableStrategy } from './sampling/swappable-strategy.js';
import { GATEWAY_VERSION } from './version.js';

/** Parts a caller may supply instead of building them from the config (tests, embedding). */
export interface GatewayParts {
  readonly exporter?: TraceExporter;
  readonly log?: SpanLog;
  readonly logger?: GatewayLogger;
}

/** Bound ports (useful with port 0). */
export interface GatewayPorts {
  readonly http: number | undefined;
  readonly grpc: number | undefined;
  readonly admin: number | undefined;
}

interface Closable {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A running gateway: receivers → write-ahead log → trace assembly → sampling → exporter, plus the admin
 * listener and the sampling config watch. `start` binds everything; `stop` shuts down gracefully.
 */
export class Gateway {
  readonly flow: SpanFlow;
  readonly receivers: ReceiverContext;
  private readonly config: GatewayConfig;
  private readonly logger: GatewayLogger;
  private readonly strategy: SwappableStrategy;
  private readonly listeners: { http?: HttpListener; grpc?: Closable; admin?: HttpListener } = {};
  private watch: ConfigWatch | undefined;
  private output: SamplingOutput;
  private stopping: Promise<void> | undefined;
  private readonly metricsRenderer: { render(): string };

  private constructor(
    config: GatewayConfig,
    flow: SpanFlow,
    strategy: SwappableStrategy,
    logger: GatewayLogger,
    output: SamplingOutput,
  ) {
    this.output = output;
    this.config = config;
    this.flow = flow;
    this.strategy = strategy;
    this.logger = logger;
    const gate = new AdmissionGate(config.memory);
    this.receivers = { ingest: flow, gate, stats: new ReceiverStats() };
    this.metricsRenderer = createGatewayMetrics({
      counters: flow.counters,
      state: () => flow.state(),
      receivers: this.receivers.stats,
      summary: () => flow.pipeline.summary,
      inflightRequestBytes: () => gate.inflightBytes,
    });
  }

  /** Builds and starts a gateway. Throws config, log and bind errors (after undoing what was started). */
  static async start(config: GatewayConfig, parts: GatewayParts = {}): Promise<Gateway> {
    const logger = parts.logger ?? silentLogger;
    const samplingConfig = await loadSamplingConfig(config);
    const built = buildSampler(samplingSettings(config), samplingConfig);
    const strategy = new SwappableStrategy(built.strategy);
    const pipeline = new SamplingPipeline(strategy, {
      ...outputOf(built),
      decidedCacheSize: config.assembly.decidedCacheSize,
    });
    const log = parts.log ?? (await openLog(config, logger));
    const exporter = parts.exporter ?? (await import('./exporter-factory.js')).createExporter(config, logger);
    const flow = await SpanFlow.start(flowOptions(config), {
      log,
      exporter,
      pipeline,
      now: () => performance.now(),
      logger,
    });
    const output = outputOf(built);
    const gateway = new Gateway(config, flow, strategy, logger, output);
    try {
      await gateway.listen();
    } catch (error) {
      await gateway.stop();
      throw error;
    }
    gateway.watchSamplingConfig();
    logger.info('gateway started', {
      version: GATEWAY_VERSION,
      ports: gateway.ports,
      sampler: strategy.describe(),
    });
    return gateway;
  }

  /** The bound ports. */
  get ports(): GatewayPorts {
    const { http, grpc, admin } = this.listeners;
    return { http: http?.port, grpc: grpc?.port, admin: admin?.port };
  }

  /** The sampler in use, in one line. */
  describeSampler(): string {
    return this.strategy.describe();
  }

  /** The output options of the sampling pipeline in use. */
  get samplingOutput(): SamplingOutput {
    return { ...this.output };
  }

  /**
   * Applies a new Autoscope config (hot reload): keep ratio and every engine option, span rules and
   * annotations, the structure model, and the output options (`structure`, `annotate`, `timing`). Flags and
   * environment variables still override the file. A config that fails to build keeps the current one.
   */
  reloadSampling(config: AutoscopeConfig | undefined): boolean {
    try {
      const built = buildSampler(samplingSettings(this.config), config);
      this.strategy.swap(built.strategy);
      this.applyOutput(built);
      this.logger.info('sampling config reloaded', { sampler: this.strategy.describe(), ...this.output });
      return true;
    } catch (error) {
      this.logger.error('sampling config rejected; keeping the current one', { error });
      return false;
    }
  }

  /**
   * A change of output options needs a new pipeline (it owns them). Its running summary is carried over so
   * metrics keep counting; late spans of traces decided before the change are decided afresh.
   */
  private applyOutput(built: BuiltSampler): void {
    const output = outputOf(built);
    const same = output.structure === this.output.structure && output.annotate === this.output.annotate;
    if (same && output.timing === this.output.timing) return;
    const next = new SamplingPipeline(this.strategy, {
      ...output,
      decidedCacheSize: this.config.assembly.decidedCacheSize,
    });
    carrySummary(this.flow.pipeline.summary, next.summary);
    this.flow.pipeline = next;
    this.output = output;
  }

  /** Prometheus text of every gateway metric. */
  metrics(): string {
    return this.metricsRenderer.render();
  }

  /**
   * Graceful stop: stops accepting (listeners closed, requests in progress finish), decides every trace in
   * memory, exports, releases, closes the log. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async listen(): Promise<void> {
    const c = this.config;
    if (c.http.enabled) {
      const app = createOtlpHttpApp(this.receivers, {
        bearerToken: c.auth.bearerToken,
        maxRequestBytes: c.http.maxRequestBytes,
      });
      this.listeners.http = await listenHttp(app, {
        ...c.http,
        maxBodyBytes: c.http.maxRequestBytes,
        tls: c.tls,
      });
    }
    if (c.grpc.enabled) {
      const { listenGrpc } = await import('./receivers/grpc-receiver.js');
      this.listeners.grpc = await listenGrpc(this.receivers, {
        ...c.grpc,
        bearerToken: c.auth.bearerToken,
        tls: c.tls,
      });
    }
    if (c.admin.enabled) {
      const admin = createAdminApp(
        { metrics: () => this.metrics(), ready: () => this.readiness() },
        GATEWAY_VERSION,
      );
      this.listeners.admin = await listenHttp(admin, {
        ...c.admin,
        maxBodyBytes: 1024,
        tls: { certFile: '', keyFile: '' },
      });
    }
  }

  private readiness(): { ready: boolean; reason: string } {
    if (this.stopping !== undefined) return { ready: false, reason: 'shutting down' };
    const state = this.flow.state();
    if (state.logBytes >= this.config.wal.maxBytes * 0.95)
      return { ready: false, reason: 'write-ahead log nearly full' };
    return { ready: true, reason: state.spilling ? 'catching up with the log' : 'ok' };
  }

  private watchSamplingConfig(): void {
    const file = this.config.sampling.configFile;
    if (file === '') return;
    this.watch = watchConfigFile(file, {
      onChange: (config) => this.reloadSampling(config),
      onError: (error) => this.logger.error('sampling config rejected; keeping the current one', { error }),
    });
  }

  private async shutdown(): Promise<void> {
    this.logger.info('stopping: no new requests; deciding and exporting what is buffered');
    this.watch?.close();
    const { http, grpc, admin } = this.listeners;
    await Promise.all([http?.close(), grpc?.close()]);
    await this.flow.shutdown(this.config.shutdownTimeoutMs);
    await admin?.close();
    this.logger.info('stopped', { counters: this.flow.counters, state: this.flow.state() });
  }
}

async function loadSamplingConfig(config: GatewayConfig): Promise<AutoscopeConfig | undefined> {
  const file = config.sampling.configFile;
  return file === '' ? undefined : loadConfigFile(file);
}

function samplingSettings(config: GatewayConfig): SamplingSettings {
  const s = config.sampling;
  return {
    strategy: s.strategy,
    keepRatio: s.keepRatio > 0 ? s.keepRatio : undefined,
    structure: s.structure === '' ? undefined : s.structure,
    annotate: s.annotate,
  };
}

async function openLog(config: GatewayConfig, logger: GatewayLogger): Promise<SpanLog> {
  const wal = config.wal;
  if (wal.dir === '') {
    logger.warn('wal.dir is empty: accepted data is held in memory only and lost on a crash');
    return new MemorySpanLog(wal.maxBytes);
  }
  const { WriteAheadLog } = await import('./wal/write-ahead-log.js');
  const log = await WriteAheadLog.open(wal.dir, {
    maxBytes: wal.maxBytes,
    segmentBytes: wal.segmentBytes,
    fsync: wal.fsync,
    fsyncIntervalMs: wal.fsyncIntervalMs,
  });
  logger.info('write-ahead log opened', { dir: wal.dir, usedBytes: log.usedBytes, recovery: log.recovery });
  return log;
}

/** The data flow's options from the gateway config. */
export function flowOptions(config: GatewayConfig): FlowOptions {
  const a = config.assembly;
  return {
    decisionWaitMs: a.decisionWaitMs,
    maxWaitMs: a.maxWaitMs,
    decidedCacheSize: a.decidedCacheSize,
    maxSpansPerTrace: a.maxSpansPerTrace,
    maxBufferedSpans: config.memory.maxBufferedSpans,
    maxBufferedBytes: config.memory.maxBufferedBytes,
    maxExportQueueBytes: config.exporter.maxQueueBytes,
    exportBatchSpans: config.exporter.batchSpans,
    tickMs: Math.max(5, Math.min(250, Math.floor(a.decisionWaitMs / 4))),
  };
}
