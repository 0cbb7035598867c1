import { customerNotFound, publicCustomer, type Customer } from '../domain/customer.js';
import type { CustomerRepository } from './ports.js';

/** One customer's account without its credential; NOT_FOUND (CUSTOMER_NOT_FOUND) for an unknown id. */
export const makeGetCustomer =
  (deps: { repository: CustomerRepository }) =>
  async (customerId: string): Promise<Customer> => {
    const account = await deps.repository.findById(customerId);
    if (account === null) throw customerNotFound(customerId);
    return publicCustomer(account);
  };

export type GetCustomer = ReturnType<typeof makeGetCustomer>;
