/** The version of the gateway package, reported by `/healthz` and the logs. */
export const GATEWAY_VERSION = '0.1.0';
