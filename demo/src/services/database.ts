import { type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { currentRequest, type ServiceRuntime, sleep } from './runtime.js';

/** How long a query waits on a hung database before the client gives up (the dependency timeout). */
export const DB_TIMEOUT_MS = 250;

/** A query timed out: the injected dependency timeout. */
export class DatabaseTimeoutError extends Error {
  constructor(table: string) {
    super(`query on ${table} timed out after ${DB_TIMEOUT_MS} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** A row: every table is keyed by a numeric id. */
export interface Row {
  readonly id: number;
}

/**
 * An embedded, Map-backed table with a database client's spans: one CLIENT span per query, named
 * `{operation} {table}` with the database semantic-convention attributes. Each query costs a little
 * time, like a round trip to a local database.
 */
export class Table<T extends Row> {
  private readonly rows = new Map<number, T>();

  constructor(
    private readonly runtime: ServiceRuntime,
    readonly name: string,
    seed: readonly T[] = [],
  ) {
    for (const row of seed) this.rows.set(row.id, row);
  }

  /** `SELECT * FROM table WHERE id = ?`. */
  get(id: number): Promise<T | undefined> {
    return this.query('SELECT', `SELECT * FROM ${this.name} WHERE id = ?`, () => this.rows.get(id));
  }

  /** `SELECT * FROM table WHERE field = ?`, at most `limit` rows. */
  where<K extends keyof T>(field: K, value: T[K], limit = 50): Promise<T[]> {
    const text = `SELECT * FROM ${this.name} WHERE ${String(field)} = ? LIMIT ${limit}`;
    return this.query('SELECT', text, () => {
      const out: T[] = [];
      for (const row of this.rows.values()) {
        if (row[field] === value) out.push(row);
        if (out.length >= limit) break;
      }
      return out;
    });
  }

  /** `INSERT INTO table`. */
  insert(row: T): Promise<T> {
    return this.query('INSERT', `INSERT INTO ${this.name} VALUES (?)`, () => {
      this.rows.set(row.id, row);
      return row;
    });
  }

  /** `UPDATE table SET … WHERE id = ?`; the updated row, or undefined when there is none. */
  update(id: number, change: (row: T) => T): Promise<T | undefined> {
    return this.query('UPDATE', `UPDATE ${this.name} SET ? WHERE id = ?`, () => {
      const row = this.rows.get(id);
      if (row === undefined) return undefined;
      const next = change(row);
      this.rows.set(id, next);
      return next;
    });
  }

  /** Number of rows (no span: bookkeeping, not a query). */
  get size(): number {
    return this.rows.size;
  }

  private query<R>(operation: string, text: string, run: () => R): Promise<R> {
    const attributes = {
      'db.system.name': 'other_sql',
      'db.namespace': this.runtime.service,
      'db.collection.name': this.name,
      'db.operation.name': operation,
      'db.query.text': text,
      'server.address': 'in-process',
    };
    return this.runtime.tracer.startActiveSpan(
      `${operation} ${this.name}`,
      { kind: SpanKind.CLIENT, attributes },
      async (span) => {
        try {
          await this.roundTrip(span);
          const result = run();
          if (Array.isArray(result)) span.setAttribute('db.response.returned_rows', result.length);
          return result;
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  private async roundTrip(span: Span): Promise<void> {
    const hung = this.runtime.faults.active('dependency_timeout');
    if (hung !== undefined) {
      const request = currentRequest();
      this.runtime.faults.touch(hung, span, ...(request ? [request.serverSpan] : []));
      await sleep(DB_TIMEOUT_MS);
      throw new DatabaseTimeoutError(this.name);
    }
    await sleep(this.runtime.random() < 0.8 ? 1 : 3);
  }
}
