/** The gateway CLI as a child process (built entry point; tests run after `tsc -b`). */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../../cli/bin/autoscope.js');

export interface ChildGateway {
  readonly child: ChildProcess;
  readonly ports: { http?: number; grpc?: number; admin?: number };
  readonly logs: Record<string, unknown>[];
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
}

export async function spawnGateway(args: string[]): Promise<ChildGateway> {
  const child = spawn(process.execPath, [BIN, 'gateway', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? -1)),
  );
  let buffer = '';
  const started = new Promise<ChildGateway['ports']>((resolvePorts, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let at = buffer.indexOf('\n');
      while (at >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        at = buffer.indexOf('\n');
        try {
          const record = JSON.parse(line) as Record<string, unknown>;
          logs.push(record);
          if (record.msg === 'gateway started') resolvePorts(record.ports as ChildGateway['ports']);
        } catch {
          logs.push({ raw: line });
        }
      }
    });
    void exited.then((code) =>
      reject(new Error(`gateway exited (${code}) before starting: ${JSON.stringify(logs)}`)),
    );
  });
  return { child, ports: await started, logs, exited };
}
