/** A seeded pseudo-random generator in [0, 1), so a failing fuzz case can be replayed. */
export { mulberry32 as random } from '@autoscope/core';
