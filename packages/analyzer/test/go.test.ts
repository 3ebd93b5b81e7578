/** The Go front end against issue 5's client libraries, routers and span creation sites. */
import type { AutoscopeConfig } from '@autoscope/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeProject, edgesOf, externalsOf } from './project.js';

const FILES: Record<string, string> = {
  'clients.go': `package main

import (
	"context"
	"database/sql"
	"net/http"

	"google.golang.org/grpc"
)

func useSQL(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "select 1")
	return err
}

func useHTTP() (*http.Response, error) {
	return http.Get("http://x")
}

func useGRPC(ctx context.Context, conn *grpc.ClientConn) error {
	return conn.Invoke(ctx, "/svc/M", nil, nil)
}
`,
  'routes.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func health(w http.ResponseWriter, r *http.Request) {}

func routes() {
	http.HandleFunc("GET /health/{part}", health)
	mux := http.NewServeMux()
	mux.HandleFunc("/plain", health)
	g := gin.Default()
	g.POST("/gin/:id", func(c *gin.Context) {})
	e := echo.New()
	e.PUT("/echo/:id", func(c echo.Context) error { return nil })
}
`,
  'spans.go': `package main

import (
	"context"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("t")

func traced(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "go-span")
	defer span.End()
}
`,
};

let config: AutoscopeConfig;
let externals: Map<string, string>;
let edges: string[];
beforeAll(async () => {
  const result = await analyzeProject(FILES);
  expect(result.problems).toEqual([]);
  config = result.config;
  externals = externalsOf(config);
  edges = edgesOf(config);
});

describe('Go front end: client libraries', () => {
  it.each([
    ['database/sql', 'useSQL', 'db'],
    ['net/http', 'useHTTP', 'http'],
    ['grpc-go', 'useGRPC', 'rpc'],
  ])('%s', (_lib, from, kind) => {
    const out = edges
      .filter((e) => e.startsWith(`${from} -> `))
      .map((e) => e.split(' -> ')[1]!.split(' (')[0]!);
    expect(out.map((span) => externals.get(span))).toContain(kind);
  });
});

describe('Go front end: routers', () => {
  it.each([
    ['http.HandleFunc with a method pattern', 'GET /health/{part}'],
    ['ServeMux.HandleFunc without a method', 'HTTP /plain'],
    ['gin', 'POST /gin/:id'],
    ['echo', 'PUT /echo/:id'],
  ])('%s', (_what, span) => {
    expect(config.spans[span]).toBeDefined();
  });
});

describe('Go front end: span creation sites', () => {
  it('tracer.Start names the function', () => {
    expect(config.spans['go-span']?.source).toBe('spans.go:11');
  });
});
