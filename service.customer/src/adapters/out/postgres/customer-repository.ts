import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { CustomerRepository } from '../../../app/ports.js';
import {
  customerNotFound,
  isCustomerId,
  publicCustomer,
  type Customer,
  type CustomerAccount,
  type Role,
} from '../../../domain/customer.js';
import type { Email } from '../../../domain/email.js';

interface CustomerRow {
  id: string;
  email: string;
  password_hash: string;
  name: string;
  role: Role;
  loyalty_points: bigint;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, email, password_hash, name, role, loyalty_points, created_at, updated_at';
const UNIQUE_VIOLATION = '23505';

const toAccount = (row: CustomerRow): CustomerAccount => ({
  id: row.id,
  email: row.email as Email,
  passwordHash: row.password_hash,
  name: row.name,
  role: row.role,
  loyaltyPoints: row.loyalty_points,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const isEmailTaken = (error: unknown): boolean =>
  (error as { code?: string }).code === UNIQUE_VIOLATION && (error as { constraint?: string }).constraint === 'customers_email_key';

const emailTaken = (email: string, cause: unknown) =>
  new AppError('ALREADY_EXISTS', `an account with email ${email} already exists`, {
    reason: 'EMAIL_TAKEN',
    details: { field: 'email' },
    cause,
  });

/** Accounts in the `customers` table of the customer database. */
export class PostgresCustomerRepository implements CustomerRepository {
  constructor(private readonly pool: Pool) {}

  async create(account: { email: Email; passwordHash: string; name: string; role: Role }): Promise<Customer> {
    try {
      const { rows } = await this.pool.query<CustomerRow>(
        `INSERT INTO customers (email, password_hash, name, role) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [account.email, account.passwordHash, account.name, account.role],
      );
      return publicCustomer(toAccount(rows[0]!));
    } catch (error) {
      throw isEmailTaken(error) ? emailTaken(account.email, error) : error;
    }
  }

  async findByEmail(email: string): Promise<CustomerAccount | null> {
    // lower(email) matches the unique index, so the lookup uses it.
    const { rows } = await this.pool.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE lower(email) = lower($1)`, [email]);
    return rows[0] === undefined ? null : toAccount(rows[0]);
  }

  async findById(id: string): Promise<CustomerAccount | null> {
    // PostgreSQL would reject a malformed uuid with 22P02; such an id simply names no customer.
    if (!isCustomerId(id)) return null;
    const { rows } = await this.pool.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE id = $1`, [id]);
    return rows[0] === undefined ? null : toAccount(rows[0]);
  }

  async update(id: string, changes: { email?: Email; name?: string; passwordHash?: string; role?: Role }): Promise<Customer> {
    if (!isCustomerId(id)) throw customerNotFound(id);
    // Column names come from this fixed list, never from input; values are always parameters.
    const columns: [string, unknown][] = [
      ['email', changes.email],
      ['name', changes.name],
      ['password_hash', changes.passwordHash],
      ['role', changes.role],
    ];
    const values: unknown[] = [];
    const assignments = ['updated_at = now()'];
    for (const [column, value] of columns) {
      if (value === undefined) continue;
      values.push(value);
      assignments.push(`${column} = $${values.length}`);
    }
    values.push(id);
    try {
      const { rows } = await this.pool.query<CustomerRow>(
        `UPDATE customers SET ${assignments.join(', ')} WHERE id = $${values.length} RETURNING ${COLUMNS}`,
        values,
      );
      if (rows[0] === undefined) throw customerNotFound(id);
      return publicCustomer(toAccount(rows[0]));
    } catch (error) {
      throw isEmailTaken(error) ? emailTaken(changes.email ?? '', error) : error;
    }
  }
}
