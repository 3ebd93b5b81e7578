import type { RcaMethod } from './method.js';

/** Every RCA method the evaluation runs, in report order. */
export const RCA_METHODS: readonly RcaMethod[] = [];
