export { withBarrier, type BarrierKey, type BarrierOutcome, type BranchPhase } from './barrier.js';
