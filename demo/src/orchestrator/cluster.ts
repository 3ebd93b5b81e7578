import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoNotBuiltError, ServiceFailedError } from '../errors.js';
import {
  type ControlMessage,
  type FaultOrder,
  isServiceMessage,
  type ServiceMessage,
  type ServiceReport,
} from '../protocol.js';
import type { SampledProcessorKind } from '../telemetry/sampled-processor.js';

/** How one service process is started. */
export interface ClusterOptions {
  readonly services: readonly string[];
  /** Per service: where its full stream goes (absent: not written). */
  readonly fullPath?: (service: string) => string;
  /** Per service: where its sampled stream goes (absent: not written). */
  readonly sampledPath?: (service: string) => string;
  readonly processor: SampledProcessorKind;
  readonly configPath?: string;
  /** How long a service may take to start or to stop (default 15 s). */
  readonly timeoutMs?: number;
  /** Node flags for the service processes (e.g. `--cpu-prof` to profile them); default none. */
  readonly execArgv?: readonly string[];
}

interface Member {
  readonly name: string;
  readonly child: ChildProcess;
  stderr: string;
  port: number;
  report?: ServiceReport;
}

const MAX_STDERR = 8_192;

/**
 * The demo's services as child processes, each the leader of its own process group. `start` resolves
 * when every service listens and knows its peers; `stop` asks each to flush and exit and collects their
 * reports; `kill` ends every process group at once (also from an `exit` handler, so nothing outlives
 * the orchestrator even when it fails). A service also exits by itself when its IPC channel closes.
 */
export class ServiceCluster {
  private readonly members: Member[] = [];
  private readonly onExit = () => this.kill();
  private readonly timeoutMs: number;

  constructor(private readonly options: ClusterOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Starts every service and tells each where the others listen. */
  async start(): Promise<Readonly<Record<string, number>>> {
    process.on('exit', this.onExit);
    for (const name of this.options.services) this.members.push(this.spawn(name));
    await Promise.all(this.members.map((m) => this.ready(m)));
    const ports = this.ports();
    for (const m of this.members) this.send(m, { type: 'peers', ports });
    return ports;
  }

  /** Where each service listens. */
  ports(): Record<string, number> {
    return Object.fromEntries(this.members.map((m) => [m.name, m.port]));
  }

  /** Process ids of the services (for checks that none is left behind). */
  pids(): number[] {
    return this.members.flatMap((m) => (m.child.pid === undefined ? [] : [m.child.pid]));
  }

  /** Sends a fault order to the service it targets. */
  inject(fault: FaultOrder): void {
    const member = this.members.find((m) => m.name === fault.service);
    if (member === undefined)
      throw new ServiceFailedError(fault.service, `no service named ${fault.service}`);
    this.send(member, { type: 'fault', fault });
  }

  /** Asks every service to flush and exit; resolves their reports. Kills whatever does not stop in time. */
  async stop(): Promise<Record<string, ServiceReport>> {
    const stopped = this.members.map((m) => this.stopped(m));
    for (const m of this.members) this.send(m, { type: 'stop' });
    try {
      await Promise.all(stopped);
    } finally {
      this.kill();
      process.off('exit', this.onExit);
    }
    return Object.fromEntries(this.members.map((m) => [m.name, m.report!]));
  }

  /** Kills every service's process group and resolves once each has exited (and been reaped). */
  async close(): Promise<void> {
    const exits = this.members
      .filter((m) => m.child.exitCode === null && m.child.signalCode === null)
      .map((m) => new Promise<void>((resolve) => m.child.once('exit', () => resolve())));
    this.kill();
    await Promise.all(exits);
    process.off('exit', this.onExit);
  }

  /** Kills every service's process group now (synchronous; safe to call twice). */
  kill(): void {
    for (const m of this.members) {
      if (m.child.exitCode !== null || m.child.signalCode !== null || m.child.pid === undefined) continue;
      try {
        process.kill(-m.child.pid, 'SIGKILL');
      } catch {
        m.child.kill('SIGKILL');
      }
    }
  }

  private spawn(name: string): Member {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DEMO_SERVICE: name,
      DEMO_PROCESSOR: this.options.processor,
      DEMO_FULL_PATH: this.options.fullPath?.(name) ?? '',
      DEMO_SAMPLED_PATH: this.options.sampledPath?.(name) ?? '',
      DEMO_CONFIG_PATH: this.options.configPath ?? '',
    };
    // Plain node flags: a test runner's loader or resolve conditions must not reach the compiled services.
    delete env.NODE_OPTIONS;
    const child = fork(serviceEntry(), [], {
      env,
      execArgv: [...(this.options.execArgv ?? [])],
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const member: Member = { name, child, stderr: '', port: 0 };
    child.stderr?.on('data', (chunk: Buffer) => {
      member.stderr = (member.stderr + chunk.toString('utf8')).slice(-MAX_STDERR);
    });
    return member;
  }

  private ready(m: Member): Promise<void> {
    return this.await(m, 'start', (message, resolve) => {
      if (message.type !== 'ready') return false;
      m.port = message.port;
      resolve();
      return true;
    });
  }

  private stopped(m: Member): Promise<void> {
    return this.await(m, 'stop', (message, resolve) => {
      if (message.type !== 'stopped') return false;
      m.report = message.report;
      m.child.once('exit', () => resolve());
      if (m.child.exitCode !== null) resolve();
      return true;
    });
  }

  /** Waits for the message `accept` takes; rejects on a failure message, an early exit or the timeout. */
  private await(
    m: Member,
    phase: string,
    accept: (message: ServiceMessage, resolve: () => void) => boolean,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        cleanup();
        reject(new ServiceFailedError(m.name, `${m.name} failed to ${phase}: ${why}${this.tail(m)}`));
      };
      const timer = setTimeout(() => fail(`no answer in ${this.timeoutMs} ms`), this.timeoutMs);
      const onMessage = (message: unknown) => {
        if (!isServiceMessage(message)) return;
        if (message.type === 'failed') fail(message.message);
        else if (accept(message, done)) clearTimeout(timer);
      };
      // 'close', not 'exit': 'exit' can come before the last IPC messages (a service sends 'stopped' and
      // exits at once), 'close' only once the IPC channel and stdio are closed, so every message was read.
      const onClose = (code: number | null, signal: string | null) => {
        if (m.report === undefined || phase !== 'stop') fail(`exited (${code ?? signal})`);
      };
      const done = () => {
        cleanup();
        resolve();
      };
      const cleanup = () => {
        clearTimeout(timer);
        m.child.off('message', onMessage);
        m.child.off('close', onClose);
      };
      m.child.on('message', onMessage);
      m.child.on('close', onClose);
    });
  }

  private send(m: Member, message: ControlMessage): void {
    if (m.child.connected) m.child.send(message);
  }

  private tail(m: Member): string {
    return m.stderr === '' ? '' : `\n--- ${m.name} stderr ---\n${m.stderr.trimEnd()}`;
  }
}

/**
 * The compiled service entry point. Running from source (tests), `import.meta.url` is under `src/`;
 * child processes need the compiled JavaScript under `dist/` (built by `npm ci` / `tsc -b`).
 */
export function serviceEntry(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const compiled = join(here, '..', 'services', 'service-main.js');
  if (existsSync(compiled)) return compiled;
  const fromSource = join(here, '..', '..', 'dist', 'services', 'service-main.js');
  if (existsSync(fromSource)) return fromSource;
  throw new DemoNotBuiltError(fromSource);
}
