export { withBarrier, type BarrierKey, type BarrierOutcome, type BranchPhase } from './barrier.js';
export {
  createTccCoordinator,
  type TccCoordinator,
  type TccCoordinatorOptions,
  type TccResult,
  type TccRunRequest,
} from './coordinator.js';
export { startTccRecovery, recoverDueTransactions, type TccRecovery, type TccRecoveryOptions } from './recovery.js';
export { readGlobalTx, type GlobalTx } from './global-tx-log.js';
export { backoffDelayMs, type BackoffOptions } from './backoff.js';
export { exitAtStep } from './exit-at-step.js';
export type { Branch, BranchHandler, CrashHook, GlobalTxState, Json, LocalBranch, TccHandlers } from './types.js';
