import type { Tracer } from '@opentelemetry/api';

/** A document collection whose queries are CLIENT spans named `{op} {collection}`. */
export class Collection {
  constructor(
    private readonly tracer: Tracer,
    readonly collection: string,
  ) {}

  find(id: string): Promise<unknown> {
    return this.exec('find', id);
  }

  save(doc: unknown): Promise<unknown> {
    return this.exec('save', doc);
  }

  private exec(op: string, arg: unknown): Promise<unknown> {
    return this.tracer.startActiveSpan(`${op} ${this.collection}`, async (span) => {
      span.end();
      return arg;
    });
  }
}

/** A key-value bucket whose name is only known at run time: its span name is a glob. */
export class Bucket {
  constructor(
    private readonly tracer: Tracer,
    private readonly bucket: string,
  ) {}

  get(key: string): string | undefined {
    const span = this.tracer.startSpan(`GET kv:${this.bucket}`);
    span.end();
    return key;
  }
}

/** An audit span per kind: the kinds are a union type. */
export function audit(tracer: Tracer, kind: 'login' | 'logout'): void {
  tracer.startSpan(`audit ${kind}`).end();
}

const JOB = 'reindex';

/** A constant part, and a name with no known part at all (not a span name). */
export function job(tracer: Tracer, a: string, b: string): void {
  tracer.startSpan(`${JOB} job`).end();
  tracer.startSpan(`${a} ${b}`).end();
}
