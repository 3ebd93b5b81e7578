import type { Command } from '../args.js';
import { analyzeCommand } from './analyze.js';
import { demoCommand } from './demo.js';
import { evalCommand } from './eval.js';
import { gatewayCommand } from './gateway.js';
import { learnCommand } from './learn.js';
import { sampleCommand } from './sample.js';

/** Every command, in the order `autoscope --help` lists them. */
export const COMMANDS: readonly Command[] = [
  sampleCommand,
  evalCommand,
  analyzeCommand,
  learnCommand,
  demoCommand,
  gatewayCommand,
];
