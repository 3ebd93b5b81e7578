/** The Python front end against issue 5's client libraries, web frameworks and span creation sites. */
import { describe, expect, it } from 'vitest';
import { analyzedBeforeAll } from './project.js';

const FILES: Record<string, string> = {
  'clients.py': `
import requests
import httpx
import psycopg
import redis
from sqlalchemy import create_engine, text

engine = create_engine("postgresql://x")
cache = redis.Redis()


def use_requests():
    return requests.get("http://x")


def use_httpx():
    with httpx.Client() as client:
        return httpx.post("http://x")


def use_psycopg():
    with psycopg.connect("dbname=x") as conn:
        return conn.execute("select 1")


def use_sqlalchemy():
    return engine.connect()


def use_redis():
    return cache.get("k")
`,
  'flask_app.py': `
from flask import Flask
app = Flask(__name__)


@app.route("/f/<int:id>", methods=["PUT"])
def flask_view(id):
    return "x"


@app.get("/f")
def flask_list():
    return "x"
`,
  'fastapi_app.py': `
from fastapi import FastAPI
api = FastAPI()


@api.delete("/items/{item_id}")
async def remove(item_id: int):
    return None
`,
  'django_urls.py': `
from django.urls import path
from django_views import detail
urlpatterns = [path("d/<int:pk>/", detail)]
`,
  'django_views.py': 'def detail(request, pk):\n    return None\n',
  'spans.py': `
from opentelemetry import trace
tracer = trace.get_tracer(__name__)


@tracer.start_as_current_span("decorated-span")
def decorated():
    return 1


def inline():
    with tracer.start_as_current_span("with-span"):
        decorated()
`,
};

const project = analyzedBeforeAll(FILES);

describe('Python front end: client libraries', () => {
  it.each([
    ['requests', 'use_requests', 'requests.get', 'http'],
    ['httpx', 'use_httpx', 'httpx.post', 'http'],
    ['psycopg', 'use_psycopg', 'psycopg.execute', 'db'],
    ['SQLAlchemy', 'use_sqlalchemy', 'sqlalchemy.connect', 'db'],
    ['redis-py', 'use_redis', 'redis.get', 'cache'],
  ])('%s', (_lib, from, client, kind) => {
    expect(project.edges.filter((e) => e.startsWith(`${from} -> `))).toContain(
      `${from} -> ${client} (mandatory)`,
    );
    expect(project.externals.get(client)).toBe(kind);
    expect(project.config.spans[from]?.reason).toContain('external_calls');
  });
});

describe('Python front end: web frameworks', () => {
  it.each([
    ['Flask route(methods=)', 'PUT /f/<int:id>'],
    ['Flask verb decorator', 'GET /f'],
    ['FastAPI', 'DELETE /items/{item_id}'],
    ['Django', 'GET d/<int:pk>/'],
  ])('%s', (_framework, span) => {
    expect(project.config.spans[span]?.source).toBeDefined();
  });
});

describe('Python front end: span creation sites', () => {
  it('start_as_current_span as a decorator and in a with block', () => {
    expect(project.config.spans['decorated-span']).toBeDefined();
    expect(project.edges).toContain('with-span -> decorated-span (mandatory)');
    expect(project.edges).toContain('inline -> with-span (mandatory)');
  });
});
