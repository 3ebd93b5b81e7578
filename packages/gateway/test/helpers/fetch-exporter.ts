/** A minimal TraceExporter for flow tests: POSTs protobuf, retries 5xx forever until shut down. */
import type { TraceExporter } from '../../src/contracts.js';

export class FetchExporter implements TraceExporter {
  queuedBytes = 0;
  private stopped = false;
  constructor(private readonly url: string) {}

  async export(request: Uint8Array, _spans: number): Promise<void> {
    this.queuedBytes += request.byteLength;
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.stopped) throw new Error('exporter shut down');
        const ok = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: request,
        }).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** attempt)));
      }
    } finally {
      this.queuedBytes -= request.byteLength;
    }
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
  }
}
