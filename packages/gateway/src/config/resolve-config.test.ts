import { describe, expect, it } from 'vitest';
import { GatewayConfigError } from '../errors.js';
import { envName, flagName } from './gateway-options.js';
import { resolveGatewayConfig } from './resolve-config.js';

describe('resolveGatewayConfig', () => {
  it('defaults bind 127.0.0.1 on the OTLP ports', () => {
    const c = resolveGatewayConfig({});
    expect([c.http.host, c.http.port, c.grpc.host, c.grpc.port]).toEqual([
      '127.0.0.1',
      4318,
      '127.0.0.1',
      4317,
    ]);
  });

  it('applies flags over env over file', () => {
    const c = resolveGatewayConfig({
      file: { http: { port: 1 }, grpc: { port: 2 }, wal: { fsync: 'never' } },
      env: { AUTOSCOPE_GATEWAY_HTTP_PORT: '3', AUTOSCOPE_GATEWAY_GRPC_PORT: '4' },
      flags: { 'http.port': '5' },
    });
    expect([c.http.port, c.grpc.port, c.wal.fsync]).toEqual([5, 4, 'never']);
  });

  it('collects every problem with its source and path', () => {
    const run = () =>
      resolveGatewayConfig({
        file: { http: { port: 'x', bogus: 1 }, wal: { fsync: 'sometimes' } },
        fileName: 'gw.json',
        env: { AUTOSCOPE_GATEWAY_ASSEMBLY_DECISION_WAIT_MS: '-1' },
        flags: { 'tls.certFile': 'cert.pem' },
      });
    expect(run).toThrow(GatewayConfigError);
    try {
      run();
    } catch (error) {
      const paths = (error as GatewayConfigError).problems.map((p) => p.path);
      expect(paths).toEqual([
        'gw.json: http.port',
        'gw.json: http.bogus',
        'gw.json: wal.fsync',
        'env AUTOSCOPE_GATEWAY_ASSEMBLY_DECISION_WAIT_MS',
        'tls',
      ]);
    }
  });

  it('derives flag and environment names from the path', () => {
    expect(flagName('http.maxRequestBytes')).toBe('http-max-request-bytes');
    expect(envName('assembly.decisionWaitMs')).toBe('AUTOSCOPE_GATEWAY_ASSEMBLY_DECISION_WAIT_MS');
  });
});
