import { setTimeout as sleep } from 'node:timers/promises';
import type { BranchHandler, Json } from '../tcc/types.js';

type Call = 'try' | 'confirm' | 'cancel';

export interface FakeParticipantBehaviour {
  /** Every try fails with this error. */
  tryError?: Error;
  /** Every try takes this long. */
  tryDelayMs?: number;
  /** The first n confirm calls fail. */
  confirmFailures?: number;
  /** Every call takes this long (to make concurrent workers overlap). */
  callDelayMs?: number;
}

export interface FakeParticipant {
  handler: BranchHandler;
  /** How many times `call` was made for `xid`. */
  count(call: Call, xid: string): number;
  /** When each `call` for `xid` was made (ms since the epoch). */
  times(call: Call, xid: string): number[];
}

/** An in-memory TCC participant recording every call, for tests of the coordinator and recovery. */
export const createFakeParticipant = (behaviour: FakeParticipantBehaviour = {}): FakeParticipant => {
  const calls: { call: Call; xid: string; at: number }[] = [];
  let confirmFailures = behaviour.confirmFailures ?? 0;
  const record = async (call: Call, xid: string) => {
    calls.push({ call, xid, at: Date.now() });
    if (behaviour.callDelayMs) await sleep(behaviour.callDelayMs);
  };
  const select = (call: Call, xid: string) => calls.filter((c) => c.call === call && c.xid === xid);
  return {
    handler: {
      async try(xid: string, _payload: Json) {
        await record('try', xid);
        if (behaviour.tryDelayMs) await sleep(behaviour.tryDelayMs);
        if (behaviour.tryError) throw behaviour.tryError;
      },
      async confirm(xid: string) {
        await record('confirm', xid);
        if (confirmFailures > 0) {
          confirmFailures -= 1;
          throw new Error('participant unavailable');
        }
      },
      async cancel(xid: string) {
        await record('cancel', xid);
      },
    },
    count: (call, xid) => select(call, xid).length,
    times: (call, xid) => select(call, xid).map((c) => c.at),
  };
};

/**
 * Fake participants for one test: a branch per name (e.g. order, stock, payment) whose type is unique to this
 * call, so recovery workers of other tests sharing the database never claim its transactions.
 */
export const createFakeBranches = (behaviours: Record<string, FakeParticipantBehaviour>) => {
  const suffix = crypto.randomUUID().slice(0, 8);
  const participants: Record<string, FakeParticipant> = {};
  const handlers: Record<string, BranchHandler> = {};
  for (const [name, behaviour] of Object.entries(behaviours)) {
    participants[name] = createFakeParticipant(behaviour);
    handlers[`${name}-${suffix}`] = participants[name].handler;
  }
  const branches = Object.keys(behaviours).map((name) => ({ id: name, type: `${name}-${suffix}`, payload: { name } }));
  return { participants, handlers, branches };
};
