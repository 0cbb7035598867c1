import { randomUUID } from 'node:crypto';
import type { DebitOutcome, DebitRequest, Page, WalletStore } from '../../src/app/ports.js';
import { canFreeze, emptyWallet, type Wallet } from '../../src/domain/wallet.js';
import type { Payment } from '../../src/domain/payment.js';
import { debitNotFound, insufficientFunds } from '../../src/domain/payment-errors.js';

/** WalletStore in memory, with the barrier's rules per xid, for use-case tests. */
export class InMemoryWalletStore implements WalletStore {
  readonly wallets = new Map<string, Wallet>();
  readonly payments: Payment[] = [];
  /** Phases recorded per xid, as the barrier table would hold them. */
  private readonly barrier = new Map<string, Set<string>>();
  /** Idempotency-Key → payment id. */
  private readonly keys = new Map<string, string>();

  private wallet(customerId: string): Wallet {
    const wallet = this.wallets.get(customerId) ?? emptyWallet(customerId);
    this.wallets.set(customerId, wallet);
    return wallet;
  }

  private phases(xid: string): Set<string> {
    const phases = this.barrier.get(xid) ?? new Set<string>();
    this.barrier.set(xid, phases);
    return phases;
  }

  getWallet(customerId: string): Promise<Wallet> {
    return Promise.resolve({ ...this.wallet(customerId) });
  }

  listPayments(customerId: string, page: { offset: number; limit: number }): Promise<Page<Payment>> {
    const mine = this.payments.filter((p) => p.customerId === customerId).reverse();
    return Promise.resolve({ items: mine.slice(page.offset, page.offset + page.limit), total: mine.length });
  }

  findTopUpByKey(customerId: string, key: string): Promise<Payment | null> {
    const id = this.keys.get(`${customerId}/${key}`);
    const payment = this.payments.find((p) => p.id === id);
    return Promise.resolve(payment === undefined ? null : { ...payment });
  }

  async insertPendingTopUp(topUp: { customerId: string; amountCents: number; idempotencyKey: string | null }) {
    const existing = topUp.idempotencyKey === null ? null : await this.findTopUpByKey(topUp.customerId, topUp.idempotencyKey);
    if (existing !== null) return { payment: existing, created: false };
    this.wallet(topUp.customerId);
    const payment: Payment = {
      id: randomUUID(),
      customerId: topUp.customerId,
      kind: 'TOPUP',
      amountCents: topUp.amountCents,
      status: 'PENDING',
      reference: null,
      orderId: null,
      shortfallCents: 0,
      failureReason: null,
      createdAt: new Date(),
    };
    this.payments.push(payment);
    if (topUp.idempotencyKey !== null) this.keys.set(`${topUp.customerId}/${topUp.idempotencyKey}`, payment.id);
    return { payment: { ...payment }, created: true };
  }

  completeTopUp(paymentId: string, reference: string): Promise<Payment> {
    const payment = this.payments.find((p) => p.id === paymentId && p.status === 'PENDING')!;
    Object.assign(payment, { status: 'SUCCEEDED', reference });
    this.wallet(payment.customerId).balanceCents += payment.amountCents;
    return Promise.resolve({ ...payment });
  }

  failTopUp(paymentId: string, failureReason: string): Promise<Payment> {
    const payment = this.payments.find((p) => p.id === paymentId && p.status === 'PENDING')!;
    Object.assign(payment, { status: 'FAILED', failureReason });
    return Promise.resolve({ ...payment });
  }

  tryDebit(request: DebitRequest): Promise<DebitOutcome> {
    const phases = this.phases(request.xid);
    if (phases.has('try')) return Promise.resolve(phases.has('cancel-before-try') ? 'suspended' : 'duplicate');
    const wallet = this.wallet(request.customerId);
    if (!canFreeze(wallet, request.amountCents)) return Promise.reject(insufficientFunds(wallet.balanceCents, request.amountCents));
    phases.add('try');
    wallet.balanceCents -= request.amountCents;
    wallet.frozenCents += request.amountCents;
    this.payments.push({
      id: randomUUID(),
      customerId: request.customerId,
      kind: 'DEBIT',
      amountCents: request.amountCents,
      status: 'PENDING',
      reference: request.xid,
      orderId: null,
      shortfallCents: 0,
      failureReason: null,
      createdAt: new Date(),
    });
    return Promise.resolve('applied');
  }

  confirmDebit(xid: string): Promise<DebitOutcome> {
    const phases = this.phases(xid);
    if (phases.has('confirm')) return Promise.resolve('duplicate');
    const debit = this.payments.find((p) => p.kind === 'DEBIT' && p.reference === xid);
    if (debit === undefined) return Promise.reject(debitNotFound(xid));
    phases.add('confirm');
    const wallet = this.wallet(debit.customerId);
    wallet.frozenCents -= debit.amountCents;
    wallet.debitedCents += debit.amountCents;
    debit.status = 'SUCCEEDED';
    return Promise.resolve('applied');
  }

  cancelDebit(xid: string): Promise<DebitOutcome> {
    const phases = this.phases(xid);
    if (phases.has('cancel')) return Promise.resolve('duplicate');
    phases.add('cancel');
    if (!phases.has('try')) {
      phases.add('try').add('cancel-before-try');
      return Promise.resolve('empty-rollback');
    }
    const debit = this.payments.find((p) => p.kind === 'DEBIT' && p.reference === xid)!;
    const wallet = this.wallet(debit.customerId);
    wallet.frozenCents -= debit.amountCents;
    wallet.balanceCents += debit.amountCents;
    debit.status = 'CANCELLED';
    return Promise.resolve('applied');
  }
}
