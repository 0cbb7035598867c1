import { describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../test/fakes/fake-customer-repository.js';
import type { Email } from '../domain/email.js';
import { makeGetCustomer } from './get-customer.js';

describe('getCustomer', () => {
  it('returns the account without its hash, or CUSTOMER_NOT_FOUND', async () => {
    const repository = new FakeCustomerRepository();
    const getCustomer = makeGetCustomer({ repository });
    const { id } = await repository.create({ email: 'ada@example.com' as Email, passwordHash: 'hashed:x', name: 'Ada', role: 'admin' });
    const customer = await getCustomer(id);
    expect(customer).toMatchObject({ id, email: 'ada@example.com', role: 'admin' });
    expect(customer).not.toHaveProperty('passwordHash');
    await expect(getCustomer(crypto.randomUUID())).rejects.toMatchObject({ kind: 'NOT_FOUND', reason: 'CUSTOMER_NOT_FOUND' });
  });
});
