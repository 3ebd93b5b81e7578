/**
 * Known client libraries: a call is external when what it calls resolves (through imports) to one of
 * these modules. Matching is on the resolved module or package, never on the called name.
 */
import type { ExternalKind } from './model.js';

/** One client library. */
export interface ClientLibrary {
  /** Short name used in client span names (`pg.query`). */
  readonly name: string;
  readonly external: ExternalKind;
}

const table = new Map<string, ClientLibrary>();
function add(external: ExternalKind, name: string, modules: readonly string[]): void {
  for (const m of modules) table.set(m, { name, external });
}

// JavaScript / TypeScript (module specifiers; subpaths fall back to their package).
add('db', 'pg', ['pg', 'pg-pool', 'postgres']);
add('db', 'mysql', ['mysql', 'mysql2', 'mysql2/promise']);
add('db', 'mongodb', ['mongodb', 'mongoose']);
add('cache', 'redis', ['redis', '@redis/client', 'ioredis']);
add('http', 'http', ['node:http', 'http', 'node:https', 'https', 'undici', 'axios', 'node-fetch', 'got']);
add('rpc', 'grpc', ['@grpc/grpc-js']);
add('queue', 'kafka', ['kafkajs']);
// Python (top-level packages).
add('http', 'requests', ['requests', 'httpx', 'aiohttp', 'urllib3']);
add('db', 'sqlalchemy', ['sqlalchemy', 'psycopg', 'psycopg2', 'pymysql', 'sqlite3', 'pymongo', 'asyncpg']);
add('cache', 'redis', ['redis']);
add('queue', 'kafka', ['kafka', 'confluent_kafka', 'pika']);
add('rpc', 'grpc', ['grpc']);
// Java (packages or fully qualified types, matched by prefix).
add('db', 'jdbc', ['java.sql', 'javax.sql', 'org.springframework.jdbc']);
add('db', 'jpa', ['org.springframework.data', 'javax.persistence', 'jakarta.persistence']);
add('http', 'http', [
  'org.springframework.web.client',
  'org.springframework.web.reactive.function.client',
  'java.net.http',
  'okhttp3',
]);
add('rpc', 'feign', ['org.springframework.cloud.openfeign', 'feign']);
add('cache', 'redis', ['org.springframework.data.redis', 'redis.clients.jedis', 'io.lettuce']);
add('queue', 'kafka', ['org.apache.kafka', 'org.springframework.kafka']);
// Go (import paths).
add('db', 'sql', ['database/sql', 'github.com/jmoiron/sqlx', 'gorm.io/gorm', 'github.com/jackc/pgx/v5']);
add('http', 'http', ['net/http']);
add('rpc', 'grpc', ['google.golang.org/grpc']);
add('cache', 'redis', ['github.com/redis/go-redis/v9', 'github.com/go-redis/redis/v8']);
add('queue', 'kafka', ['github.com/segmentio/kafka-go', 'github.com/IBM/sarama']);

/**
 * The client library a module belongs to: exact match, else the longest known prefix at a `/` or `.`
 * boundary (`mysql2/promise`, `org.springframework.data.jpa.repository.JpaRepository`).
 */
export function clientLibrary(module: string): ClientLibrary | undefined {
  const exact = table.get(module);
  if (exact !== undefined) return exact;
  for (let end = module.length; end > 0; end--) {
    const ch = module[end];
    if (ch !== '/' && ch !== '.') continue;
    const hit = table.get(module.slice(0, end));
    if (hit !== undefined) return hit;
  }
  return undefined;
}
