/**
 * The TypeScript/JavaScript front end against every feature issue 5 names: call resolution through
 * re-exports, aliases, methods, async/await, callbacks and promise chains; each client library;
 * each web framework; span creation sites. One project, analysed once.
 */
import { describe, expect, it } from 'vitest';
import { analyzedBeforeAll } from './project.js';

const FILES: Record<string, string> = {
  // Front-end features.
  'lib/impl.ts':
    'export function target(): number { return 1; }\nexport function other(): number { return 2; }\n',
  'lib/index.ts': "export { target as reexported } from './impl.js';\nexport * from './impl.js';\n",
  'features.ts': `
import { reexported, other as aliased } from './lib/index.js';
import * as ns from './lib/impl.js';
export function viaReexport() { return reexported(); }
export function viaAlias() { const f = aliased; return f(); }
export function viaNamespace() { return ns.target(); }
class Repo { load() { return 1; } }
export class Service {
  private repo = new Repo();
  run() { return this.repo.load(); }
}
export async function awaiting() { await Promise.resolve(); return await asyncTarget(); }
async function asyncTarget() { return 1; }
export function viaImportAlias() { return aliased(); }
export function callbacks(items: number[]) { items.forEach(() => { reexported(); }); items.map(ns.other); setTimeout(aliased, 1); }
export function chain() { return asyncTarget().then(() => reexported()).catch(() => aliased()).finally(() => viaNamespace()); }
`,
  // Client libraries.
  'clients.ts': `
import { Pool } from 'pg';
import mysql from 'mysql2/promise';
import { MongoClient } from 'mongodb';
import { createClient } from 'redis';
import Redis from 'ioredis';
import { request } from 'undici';
import axios from 'axios';
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { Kafka } from 'kafkajs';
const pool = new Pool();
const redis = createClient();
const ioredis = new Redis();
const kafka = new Kafka({ brokers: [] });
export async function usePg() { return pool.query('select 1'); }
export async function useMysql() { const c = await mysql.createConnection({}); return c.query('select 1'); }
export async function useMongo() { const c = new MongoClient('x'); return c.db('d').collection('c').findOne({}); }
export async function useRedis() { return redis.get('k'); }
export async function useIoredis() { return ioredis.get('k'); }
export async function useFetch() { return fetch('http://x'); }
export async function useUndici() { return request('http://x'); }
export async function useAxios() { return axios.get('http://x'); }
export function useHttp() { return http.request('http://x'); }
const stub = new grpc.Client('x', grpc.credentials.createInsecure());
export function useGrpc() { return stub.makeUnaryRequest('/svc/M', (x) => x, (x) => x, {}, () => {}); }
export async function useKafka() { const p = kafka.producer(); return p.send({ topic: 't', messages: [] }); }
`,
  // Web frameworks.
  'express.ts':
    "import express from 'express';\nconst app = express();\napp.get('/e/:id', (req, res) => { res.send('x'); });\n",
  'fastify.ts': "import Fastify from 'fastify';\nconst f = Fastify();\nf.post('/f', async () => 'x');\n",
  'koa.ts':
    "import Router from '@koa/router';\nconst r = new Router();\nr.put('/k/:id', async (ctx) => { ctx.body = 1; });\n",
  'hono.ts': "import { Hono } from 'hono';\nconst h = new Hono();\nh.delete('/h/:id', (c) => c.text('x'));\n",
  'nest.ts': `
import { Controller, Get, Post } from '@nestjs/common';
@Controller('cats')
export class CatsController {
  @Get(':id') findOne() { return 1; }
  @Post() create() { return 2; }
}
`,
  // Span creation sites.
  'spans.ts': `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
export function active() { return tracer.startActiveSpan('active-span', (span) => { span.end(); return 1; }); }
export function manual() { const span = tracer.startSpan('manual-span'); span.end(); }
`,
};

const project = analyzedBeforeAll(FILES);

describe('TypeScript front end: call resolution', () => {
  it.each([
    ['re-exports', 'viaReexport -> target (mandatory)'],
    ['import aliases', 'viaImportAlias -> other (mandatory)'],
    ['variable aliases', 'viaAlias -> other (mandatory)'],
    ['namespace imports', 'viaNamespace -> target (mandatory)'],
    ['methods through fields', 'Service.run -> Repo.load (mandatory)'],
    ['async/await', 'awaiting -> asyncTarget (mandatory)'],
    ['callbacks (repeated inside forEach)', 'callbacks -> target (repeated)'],
    ['callbacks passed by reference to an iterator', 'callbacks -> other (repeated)'],
    ['promise chains: the promise', 'chain -> asyncTarget (mandatory)'],
    ['promise chains: then', 'chain -> target (mandatory)'],
    ['promise chains: catch', 'chain -> other (conditional)'],
    ['promise chains: finally', 'chain -> viaNamespace (mandatory)'],
  ])('%s', (_what, edge) => {
    expect(project.edges).toContain(edge);
  });
});

describe('TypeScript front end: client libraries', () => {
  it.each([
    ['pg', 'usePg', 'pg.query', 'db'],
    ['mysql2', 'useMysql', 'mysql2.query', 'db'],
    ['mongodb', 'useMongo', 'mongodb.findOne', 'db'],
    ['redis', 'useRedis', 'redis.get', 'cache'],
    ['ioredis', 'useIoredis', 'ioredis.get', 'cache'],
    ['fetch', 'useFetch', 'fetch', 'http'],
    ['undici', 'useUndici', 'undici.request', 'http'],
    ['axios', 'useAxios', 'axios.get', 'http'],
    ['node:http', 'useHttp', 'http.request', 'http'],
    ['@grpc/grpc-js', 'useGrpc', '@grpc/grpc-js.makeUnaryRequest', 'rpc'],
    ['kafkajs', 'useKafka', 'kafkajs.send', 'queue'],
  ])('%s', (_lib, from, client, kind) => {
    expect(project.edges.filter((e) => e.startsWith(`${from} -> `))).toContain(
      `${from} -> ${client} (mandatory)`,
    );
    expect(project.config.spans[from]?.reason).toContain('external_calls');
    expect(project.externals.get(client)).toBe(kind);
  });
  it('does not count constructing a client as a call', () => {
    expect(project.edges).not.toContain('useMongo -> mongodb.MongoClient (mandatory)');
  });
});

describe('TypeScript front end: web frameworks', () => {
  it.each([
    ['express', 'GET /e/:id'],
    ['fastify', 'POST /f'],
    ['koa', 'PUT /k/:id'],
    ['hono', 'DELETE /h/:id'],
    ['NestJS', 'GET /cats/:id'],
    ['NestJS, no path', 'POST /cats'],
  ])('%s', (_framework, span) => {
    expect(project.config.spans[span]).toBeDefined();
  });
});

describe('TypeScript front end: span creation sites', () => {
  it.each(['active-span', 'manual-span'])('%s', (span) => {
    expect(project.config.spans[span]).toBeDefined();
  });
});
