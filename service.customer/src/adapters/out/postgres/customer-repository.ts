import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { AccountChanges, CustomerRepository, NewAccount } from '../../../app/ports.js';
import {
  customerNotFound,
  isCustomerId,
  publicCustomer,
  type Customer,
  type CustomerAccount,
  type Role,
} from '../../../domain/customer.js';
import type { Email } from '../../../domain/email.js';
import { newReferralCode } from '../../../domain/referral-code.js';

interface CustomerRow {
  id: string;
  email: string;
  password_hash: string;
  name: string;
  role: Role;
  loyalty_points: bigint;
  referral_code: string;
  referred_by: string | null;
  token_version: number;
  seeded: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, email, password_hash, name, role, loyalty_points, referral_code, referred_by, token_version, seeded, created_at, updated_at';
const UNIQUE_VIOLATION = '23505';

const toAccount = (row: CustomerRow): CustomerAccount => ({
  id: row.id,
  email: row.email as Email,
  passwordHash: row.password_hash,
  name: row.name,
  role: row.role,
  loyaltyPoints: row.loyalty_points,
  referralCode: row.referral_code,
  referredBy: row.referred_by,
  tokenVersion: row.token_version,
  seeded: row.seeded,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const violates = (error: unknown, constraint: string): boolean =>
  (error as { code?: string }).code === UNIQUE_VIOLATION && (error as { constraint?: string }).constraint === constraint;
const isEmailTaken = (error: unknown): boolean => violates(error, 'customers_email_key');
// A fresh code meets a taken one about once in 10^11 draws at a million accounts: drawing again is enough.
const REFERRAL_CODE_DRAWS = 5;

const emailTaken = (email: string, cause: unknown) =>
  new AppError('ALREADY_EXISTS', `an account with email ${email} already exists`, {
    reason: 'EMAIL_TAKEN',
    details: { field: 'email' },
    cause,
  });

/** Accounts in the `customers` table of the customer database. */
export class PostgresCustomerRepository implements CustomerRepository {
  constructor(private readonly pool: Pool) {}

  create(account: NewAccount): Promise<Customer> {
    return this.insert(account, 1);
  }

  private async insert(account: NewAccount, draw: number): Promise<Customer> {
    try {
      const { rows } = await this.pool.query<CustomerRow>(
        `INSERT INTO customers (email, password_hash, name, role, referral_code, referred_by, seeded)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [
          account.email,
          account.passwordHash,
          account.name,
          account.role,
          newReferralCode(),
          account.referredBy ?? null,
          account.seeded ?? false,
        ],
      );
      return publicCustomer(toAccount(rows[0]!));
    } catch (error) {
      if (violates(error, 'customers_referral_code_key') && draw < REFERRAL_CODE_DRAWS) return this.insert(account, draw + 1);
      throw isEmailTaken(error) ? emailTaken(account.email, error) : error;
    }
  }

  async findByReferralCode(code: string): Promise<CustomerAccount | null> {
    const { rows } = await this.pool.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE referral_code = $1`, [code]);
    return rows[0] === undefined ? null : toAccount(rows[0]);
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

  async update(id: string, changes: AccountChanges): Promise<Customer> {
    if (!isCustomerId(id)) throw customerNotFound(id);
    // Column names come from this fixed list, never from input; values are always parameters.
    const columns: [string, unknown][] = [
      ['email', changes.email],
      ['name', changes.name],
      ['password_hash', changes.passwordHash],
      ['role', changes.role],
    ];
    const values: unknown[] = [];
    const assignments = ['updated_at = now()', ...(changes.revokeTokens === true ? ['token_version = token_version + 1'] : [])];
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
