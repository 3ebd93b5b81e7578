import type { Attributes } from '@opentelemetry/api';

/**
 * Why the start attributes say the operation already failed, or undefined. Checked: an HTTP response
 * status >= 500 (`http.response.status_code`, old `http.status_code`), a non-zero gRPC status
 * (`rpc.grpc.status_code`), `error.type`, `exception.type`, `error: true`, `otel.status_code: ERROR`.
 */
export function startError(attributes: Attributes): string | undefined {
  const status = attributes['http.response.status_code'] ?? attributes['http.status_code'];
  if (typeof status === 'number' && status >= 500) return `http_status_${status}`;
  if (typeof status === 'string' && Number(status) >= 500) return `http_status_${status}`;
  const grpc = attributes['rpc.grpc.status_code'];
  if (typeof grpc === 'number' && grpc !== 0) return `grpc_status_${grpc}`;
  if (hasText(attributes['error.type'])) return 'error.type';
  if (hasText(attributes['exception.type'])) return 'exception.type';
  if (attributes.error === true) return 'error';
  if (attributes['otel.status_code'] === 'ERROR') return 'otel.status_code';
  return undefined;
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}
