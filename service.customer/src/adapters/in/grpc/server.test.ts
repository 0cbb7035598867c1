import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { GetCustomerRequest, GetCustomerResponse } from '@micro-ecommerce/pkg/gen/customer/v1/customer';
import { describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../../../test/fakes/fake-customer-repository.js';
import { makeGetCustomer } from '../../../app/get-customer.js';
import type { Email } from '../../../domain/email.js';
import { customerGrpcService, toCustomerMessage } from './server.js';

const call = {} as ServerUnaryCall<GetCustomerRequest, GetCustomerResponse>;

describe('customer gRPC service', () => {
  it('answers GetCustomer with the account and rejects a non-UUID id as INVALID_ARGUMENT', async () => {
    const repository = new FakeCustomerRepository();
    const service = customerGrpcService({ getCustomer: makeGetCustomer({ repository }) });
    const created = await repository.create({ email: 'ada@example.com' as Email, passwordHash: 'hashed:x', name: 'Ada', role: 'customer' });
    const response = await service.getCustomer({ customerId: created.id }, call);
    expect(response.customer).toMatchObject({ id: created.id, email: 'ada@example.com', name: 'Ada', role: 'customer', loyaltyPoints: 0n });
    await expect(service.getCustomer({ customerId: 'nope' }, call)).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    await expect(service.getCustomer({ customerId: crypto.randomUUID() }, call)).rejects.toMatchObject({ reason: 'CUSTOMER_NOT_FOUND' });
  });

  it('keeps millisecond precision in created_at', () => {
    const createdAt = new Date('2024-11-21T10:11:12.345Z');
    const message = toCustomerMessage({
      id: 'x',
      email: 'a@b.co' as Email,
      name: '',
      role: 'admin',
      loyaltyPoints: 9_007_199_254_740_993n,
      referralCode: 'ABCD2345',
      referredBy: null,
      createdAt,
      updatedAt: createdAt,
    });
    expect(message.createdAt).toEqual({ seconds: BigInt(Math.floor(createdAt.getTime() / 1000)), nanos: 345_000_000 });
    expect(message.loyaltyPoints).toBe(9_007_199_254_740_993n);
  });
});
