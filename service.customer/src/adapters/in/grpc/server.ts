import type { Customer as CustomerMessage, CustomerServiceService } from '@micro-ecommerce/pkg/gen/customer/v1/customer';
import { AppError } from '@micro-ecommerce/pkg/errors';
import type { AsyncServiceImplementation } from '@micro-ecommerce/pkg/grpc';
import type { GetCustomer } from '../../../app/get-customer.js';
import { isCustomerId, type Customer } from '../../../domain/customer.js';

/** The wire form of an account; the timestamp keeps the database's millisecond precision. */
export const toCustomerMessage = (customer: Customer): CustomerMessage => {
  const millis = customer.createdAt.getTime();
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    role: customer.role,
    loyaltyPoints: customer.loyaltyPoints,
    createdAt: { seconds: BigInt(Math.floor(millis / 1000)), nanos: (millis % 1000) * 1_000_000 },
  };
};

/** customer.v1.CustomerService handlers: validate the request, call the use case, map the answer. */
export const customerGrpcService = (useCases: { getCustomer: GetCustomer }): AsyncServiceImplementation<typeof CustomerServiceService> => ({
  getCustomer: async (request) => {
    if (!isCustomerId(request.customerId)) {
      throw new AppError('INVALID_ARGUMENT', 'customer_id must be a UUID', {
        details: { fields: [{ field: 'customer_id', message: 'must be a UUID' }] },
      });
    }
    return { customer: toCustomerMessage(await useCases.getCustomer(request.customerId)) };
  },
});
