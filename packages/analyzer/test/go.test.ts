/** The Go front end against issue 5's client libraries, routers and span creation sites. */
import { describe, expect, it } from 'vitest';
import { analyzedBeforeAll, calleeKinds } from './project.js';

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

const project = analyzedBeforeAll(FILES);

describe('Go front end: client libraries', () => {
  it.each([
    ['database/sql', 'useSQL', 'db'],
    ['net/http', 'useHTTP', 'http'],
    ['grpc-go', 'useGRPC', 'rpc'],
  ])('%s', (_lib, from, kind) => {
    expect(calleeKinds(project, from)).toContain(kind);
  });
});

describe('Go front end: routers', () => {
  it.each([
    ['http.HandleFunc with a method pattern', 'GET /health/{part}'],
    ['ServeMux.HandleFunc without a method', 'HTTP /plain'],
    ['gin', 'POST /gin/:id'],
    ['echo', 'PUT /echo/:id'],
  ])('%s', (_what, span) => {
    expect(project.config.spans[span]).toBeDefined();
  });
});

describe('Go front end: span creation sites', () => {
  it('tracer.Start names the function', () => {
    expect(project.config.spans['go-span']?.source).toBe('spans.go:11');
  });
});
