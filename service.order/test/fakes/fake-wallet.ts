import { AppError } from '@micro-ecommerce/pkg/errors';
import type { WalletDebits } from '../../src/app/ports.js';

interface Wallet {
  balance: bigint;
  frozen: bigint;
  debited: bigint;
}

/** An in-memory WalletService with the participant's semantics (idempotent per xid, empty rollback). */
export class FakeWallet implements WalletDebits {
  readonly wallets = new Map<string, Wallet>();
  readonly calls: { call: 'try' | 'confirm' | 'cancel'; xid: string }[] = [];
  private readonly debits = new Map<string, { customerId: string; amount: bigint; state: 'frozen' | 'debited' | 'cancelled' }>();
  private readonly cancelledBeforeTry = new Set<string>();

  topUp(customerId: string, amount: bigint): void {
    this.wallets.set(customerId, { balance: amount, frozen: 0n, debited: 0n });
  }

  count(call: 'try' | 'confirm' | 'cancel', xid: string): number {
    return this.calls.filter((c) => c.call === call && c.xid === xid).length;
  }

  /** Payment's circuit is never open here: the breaker has tests of its own. */
  ensureReachable(): void {}

  async tryDebit(xid: string, customerId: string, amount: bigint): Promise<void> {
    this.calls.push({ call: 'try', xid });
    if (this.cancelledBeforeTry.has(xid)) throw new AppError('ABORTED', 'cancelled', { reason: 'TRANSACTION_CANCELLED' });
    if (this.debits.has(xid)) return;
    const wallet = this.wallets.get(customerId);
    if (!wallet || wallet.balance < amount)
      throw new AppError('FAILED_PRECONDITION', 'insufficient funds', { reason: 'INSUFFICIENT_FUNDS' });
    wallet.balance -= amount;
    wallet.frozen += amount;
    this.debits.set(xid, { customerId, amount, state: 'frozen' });
  }

  async confirm(xid: string): Promise<void> {
    this.calls.push({ call: 'confirm', xid });
    const debit = this.debits.get(xid);
    if (!debit || debit.state !== 'frozen') return;
    const wallet = this.wallets.get(debit.customerId)!;
    wallet.frozen -= debit.amount;
    wallet.debited += debit.amount;
    debit.state = 'debited';
  }

  async cancel(xid: string): Promise<void> {
    this.calls.push({ call: 'cancel', xid });
    const debit = this.debits.get(xid);
    if (!debit) {
      this.cancelledBeforeTry.add(xid);
      return;
    }
    if (debit.state !== 'frozen') return;
    const wallet = this.wallets.get(debit.customerId)!;
    wallet.frozen -= debit.amount;
    wallet.balance += debit.amount;
    debit.state = 'cancelled';
  }
}
