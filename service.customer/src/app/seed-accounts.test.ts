import { AppError } from '@micro-ecommerce/pkg/errors';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../test/fakes/fake-customer-repository.js';
import { FakePasswordHasher } from '../../test/fakes/fake-password-hasher.js';
import type { Email } from '../domain/email.js';
import { makeSeedAccounts, type AccountSeed } from './seed-accounts.js';

let repository: FakeCustomerRepository;
let hasher: FakePasswordHasher;
let seed: ReturnType<typeof makeSeedAccounts>;
const seedAdmins = (admins: AccountSeed[]) => seed({ admins, staff: [] });

beforeEach(() => {
  repository = new FakeCustomerRepository();
  hasher = new FakePasswordHasher();
  seed = makeSeedAccounts({ repository, hasher });
});

describe('seedAccounts: admins', () => {
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

  it('resets the password when the configured one changed, revoking the tokens of the old one', async () => {
    await seedAdmins([{ email: 'root@example.com', password: 'old admin password' }]);
    expect(await seedAdmins([{ email: 'root@example.com', password: 'new admin password' }])).toEqual({ 'root@example.com': 'updated' });
    expect(await repository.findByEmail('root@example.com')).toMatchObject({ passwordHash: 'hashed:new admin password', tokenVersion: 1 });
  });

  it('never adopts an account someone signed up with: no role, no password, whatever the email', async () => {
    const { id } = await repository.create({
      email: 'root@example.com' as Email,
      passwordHash: 'hashed:squatter',
      name: 'Sq',
      role: 'customer',
    });
    expect(await seedAdmins([{ email: 'root@example.com', password: 'admin password' }])).toEqual({ 'root@example.com': 'not_adopted' });
    expect(repository.accounts.get(id)).toMatchObject({ role: 'customer', passwordHash: 'hashed:squatter', name: 'Sq' });
  });

  it('moves a seeded account to the role the configuration now gives it', async () => {
    await seed({ admins: [{ email: 'root@example.com', password: 'admin password' }], staff: [] });
    expect(await seed({ admins: [], staff: [{ email: 'root@example.com', password: 'admin password' }] })).toEqual({
      'root@example.com': 'updated',
    });
    expect(await repository.findByEmail('root@example.com')).toMatchObject({ role: 'staff', seeded: true });
  });

  it('retries once when another replica inserted the admin first', async () => {
    const racing = new FakeCustomerRepository();
    let first = true;
    const originalFind = racing.findByEmail.bind(racing);
    racing.findByEmail = async (email) => {
      if (first) {
        first = false;
        // The other replica wins between our lookup and our insert.
        await racing.create({ email: email as Email, passwordHash: 'hashed:admin password', name: '', role: 'admin', seeded: true });
        return null;
      }
      return originalFind(email);
    };
    const outcome = await makeSeedAccounts({ repository: racing, hasher })({
      admins: [{ email: 'root@example.com', password: 'admin password' }],
      staff: [],
    });
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

describe('seedAccounts: staff', () => {
  it('creates staff accounts with role staff beside the admins, idempotently', async () => {
    const accounts = {
      admins: [{ email: 'root@example.com', password: 'admin password' }],
      staff: [{ email: 'Packer@Example.com', password: 'staff password' }],
    };
    expect(await seed(accounts)).toEqual({ 'root@example.com': 'created', 'packer@example.com': 'created' });
    expect(await repository.findByEmail('packer@example.com')).toMatchObject({ role: 'staff', passwordHash: 'hashed:staff password' });
    const writes = repository.writes;
    expect(await seed(accounts)).toEqual({ 'root@example.com': 'unchanged', 'packer@example.com': 'unchanged' });
    expect(repository.writes).toBe(writes);
  });

  it('gives an existing account the staff role the configuration names', async () => {
    await seedAdmins([{ email: 'packer@example.com', password: 'staff password' }]);
    expect(await seed({ admins: [], staff: [{ email: 'packer@example.com', password: 'staff password' }] })).toEqual({
      'packer@example.com': 'updated',
    });
    expect((await repository.findByEmail('packer@example.com'))?.role).toBe('staff');
  });

  it('refuses an email configured both as admin and as staff, before writing anything', async () => {
    const both = { email: 'root@example.com', password: 'admin password' };
    const error = (await seed({ admins: [both], staff: [{ ...both, email: 'ROOT@example.com' }] }).catch((e: unknown) => e)) as AppError;
    expect(error.details).toEqual({ fields: [{ field: 'staff.0.email', message: 'is configured both as admin and as staff' }] });
    expect(repository.accounts.size).toBe(0);
  });

  it('names a malformed staff entry', async () => {
    const error = (await seed({ admins: [], staff: [{ email: 'packer@example.com', password: 'short' }] }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error.details).toEqual({ fields: [{ field: 'staff.0.password', message: expect.any(String) }] });
  });
});
