import { AppError } from '@micro-ecommerce/pkg/errors';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../test/fakes/fake-customer-repository.js';
import { FakePasswordHasher } from '../../test/fakes/fake-password-hasher.js';
import type { Email } from '../domain/email.js';
import { makeSeedAdmins } from './seed-admins.js';

let repository: FakeCustomerRepository;
let hasher: FakePasswordHasher;
let seedAdmins: ReturnType<typeof makeSeedAdmins>;

beforeEach(() => {
  repository = new FakeCustomerRepository();
  hasher = new FakePasswordHasher();
  seedAdmins = makeSeedAdmins({ repository, hasher });
});

describe('seedAdmins', () => {
  it('creates a missing admin with the normalised email', async () => {
    expect(await seedAdmins([{ email: ' Root@Example.com', password: 'admin password' }])).toEqual({ 'root@example.com': 'created' });
    expect(await repository.findByEmail('root@example.com')).toMatchObject({ role: 'admin', passwordHash: 'hashed:admin password' });
  });

  it('is idempotent: a second run neither rehashes nor writes', async () => {
    const admins = [{ email: 'root@example.com', password: 'admin password' }];
    await seedAdmins(admins);
    const writes = repository.writes;
    const hashes = hasher.hashed.length;
    expect(await seedAdmins(admins)).toEqual({ 'root@example.com': 'unchanged' });
    expect(repository.writes).toBe(writes);
    expect(hasher.hashed.length).toBe(hashes);
  });

  it('resets the password when the configured one changed', async () => {
    await seedAdmins([{ email: 'root@example.com', password: 'old admin password' }]);
    expect(await seedAdmins([{ email: 'root@example.com', password: 'new admin password' }])).toEqual({ 'root@example.com': 'updated' });
    expect((await repository.findByEmail('root@example.com'))?.passwordHash).toBe('hashed:new admin password');
  });

  it('promotes an existing customer with that email and gives it the configured password', async () => {
    const { id } = await repository.create({
      email: 'root@example.com' as Email,
      passwordHash: 'hashed:squatter',
      name: 'Sq',
      role: 'customer',
    });
    expect(await seedAdmins([{ email: 'root@example.com', password: 'admin password' }])).toEqual({ 'root@example.com': 'updated' });
    expect(repository.accounts.get(id)).toMatchObject({ role: 'admin', passwordHash: 'hashed:admin password', name: 'Sq' });
  });

  it('retries once when another replica inserted the admin first', async () => {
    const racing = new FakeCustomerRepository();
    let first = true;
    const originalFind = racing.findByEmail.bind(racing);
    racing.findByEmail = async (email) => {
      if (first) {
        first = false;
        // The other replica wins between our lookup and our insert.
        await racing.create({ email: email as Email, passwordHash: 'hashed:admin password', name: '', role: 'admin' });
        return null;
      }
      return originalFind(email);
    };
    const outcome = await makeSeedAdmins({ repository: racing, hasher })([{ email: 'root@example.com', password: 'admin password' }]);
    expect(outcome).toEqual({ 'root@example.com': 'unchanged' });
    expect(racing.accounts.size).toBe(1);
  });

  it('refuses a malformed admin entry, naming it', async () => {
    const error = (await seedAdmins([
      { email: 'root@example.com', password: 'admin password' },
      { email: 'nope', password: 'admin password' },
    ]).catch((e: unknown) => e)) as AppError;
    expect(error.details).toEqual({ fields: [{ field: 'admins.1.email', message: expect.any(String) }] });
  });
});
