/** @autoscope/demo: six instrumented services, fault injection with ground truth, and the demo run. */

export {
  DemoError,
  DemoInterruptedError,
  DemoNotBuiltError,
  ServiceFailedError,
} from './errors.js';
export { type ClusterOptions, ServiceCluster, serviceEntry } from './orchestrator/cluster.js';
export { type FaultRecord, faultRecords } from './orchestrator/datasets.js';
export {
  demoMix,
  type LoadOptions,
  type LoadRequest,
  type LoadSummary,
  runLoad,
} from './orchestrator/load.js';
export {
  type DemoOptions,
  type DemoResult,
  demoServicesSource,
  LIVE_SAMPLER,
  runDemo,
} from './orchestrator/run-demo.js';
export { DEFAULT_FAULT_TARGETS, faultSchedule } from './orchestrator/schedule.js';
export { formatDemoTable } from './orchestrator/table.js';
export type { ControlMessage, DemoFaultType, FaultOrder, ServiceMessage, ServiceReport } from './protocol.js';
export { DEMO_FAULT_TYPES } from './protocol.js';
export { SERVICES } from './services/catalog/index.js';
