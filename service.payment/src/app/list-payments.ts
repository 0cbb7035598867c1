import type { Payment } from '../domain/payment.js';
import type { Page, WalletStore } from './ports.js';

export type ListPayments = (query: { customerId: string; page: number; pageSize: number }) => Promise<Page<Payment>>;

/** The caller's payment history, newest first; pages count from 1. */
export const makeListPayments =
  (deps: { store: WalletStore }): ListPayments =>
  ({ customerId, page, pageSize }) =>
    deps.store.listPayments(customerId, { offset: (page - 1) * pageSize, limit: pageSize });
