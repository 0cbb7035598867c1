import { createPool } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { Email } from '../../../domain/email.js';
import { PostgresCustomerRepository } from './customer-repository.js';
import { PostgresLoyaltyLedger } from './loyalty-ledger.js';

// Real PostgreSQL (customer database, shared and persistent): unique emails and event ids per run.
const pool = createPool(testConfig().postgres, 'customer');
const repository = new PostgresCustomerRepository(pool);
const group = `loyalty-ledger-test-${crypto.randomUUID()}`;
const ledger = new PostgresLoyaltyLedger(pool, group);

afterAll(async () => {
  await pool.query('DELETE FROM processed_messages WHERE consumer_group = $1', [group]);
  await pool.end();
});

const newCustomer = () =>
  repository.create({ email: `loyal-${crypto.randomUUID()}@ledger-int.test` as Email, passwordHash: 'x', name: 'Loyal', role: 'customer' });
const points = async (id: string) => (await repository.findById(id))?.loyaltyPoints;
const processed = async (eventId: string) =>
  (await pool.query('SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2', [group, eventId])).rowCount;

describe('PostgresLoyaltyLedger', () => {
  it('credits an event once however often it is delivered', async () => {
    const { id } = await newCustomer();
    const eventId = `OrderPaid:${crypto.randomUUID()}`;
    expect(await ledger.awardOnce(eventId, id, 37)).toBe('AWARDED');
    expect(await ledger.awardOnce(eventId, id, 37)).toBe('DUPLICATE');
    expect(await points(id)).toBe(37n);
    expect(await ledger.awardOnce(`OrderPaid:${crypto.randomUUID()}`, id, 3)).toBe('AWARDED');
    expect(await points(id)).toBe(40n);
  });

  it('settles an event for an unknown or malformed customer id without crediting', async () => {
    const unknown = `OrderPaid:${crypto.randomUUID()}`;
    expect(await ledger.awardOnce(unknown, crypto.randomUUID(), 10)).toBe('CUSTOMER_NOT_FOUND');
    expect(await ledger.awardOnce(`OrderPaid:${crypto.randomUUID()}`, 'not-a-uuid', 10)).toBe('CUSTOMER_NOT_FOUND');
    expect(await processed(unknown)).toBe(1);
  });

  it('keeps no processed record when the credit fails, so a redelivery can still apply it', async () => {
    const { id } = await newCustomer();
    const eventId = `OrderPaid:${crypto.randomUUID()}`;
    // The balance CHECK (>= 0) rejects the update after the record was inserted in the same transaction.
    await expect(ledger.awardOnce(eventId, id, -1)).rejects.toThrow();
    expect(await processed(eventId)).toBe(0);
    expect(await ledger.awardOnce(eventId, id, 5)).toBe('AWARDED');
    expect(await points(id)).toBe(5n);
  });
});
