import { runStrategyContract } from '../../test/strategy-contract.js';
import { AutoscopeEngine } from './autoscope-engine.js';

runStrategyContract('autoscope', ({ keepRatio }) => new AutoscopeEngine({ keepRatio, budgetUnit: 'spans' }));
