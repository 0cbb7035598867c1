// The bench's customers: real accounts and real wallets, made fast. Signing up 1 000 customers would spend minutes
// of argon2id on two cores, so ONE signup goes through the API, its password hash is copied into the other rows of
// the customer database, and their access tokens are signed with the stage's JWT key exactly as the customer
// service signs them (pkg/src/auth createTokenIssuer, same key, issuer, audience and lifetime). Two of them log in
// through the API to prove the rows are working accounts. Wallets are funded through the payment API, so every
// top-up has its payment row and WalletCredited event like any other.
import { createTokenIssuer, loadSigningKey } from '@micro-ecommerce/pkg/auth';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { api, login } from '../e2e/support/api.js';
import { stageConfig } from '../e2e/support/system.js';

export interface BenchCustomer {
  id: string;
  email: string;
  token: string;
}

const PASSWORD = 'bench-password-not-secret';
const TOPUP_CONCURRENCY = 16;

/** Runs `work` over `items` with at most `limit` at a time. */
const forEachConcurrently = async <T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

const subjectOf = (token: string): unknown => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub;

// One account through the real signup: its argon2id hash is the one every bench customer shares.
const templateHash = async (label: string, pool: ReturnType<typeof createPool>): Promise<string> => {
  const signup = await api('POST', '/api/v1/customer/signup', {
    body: { email: `${label}-template@bench.example.com`, password: PASSWORD, name: `${label} template` },
  });
  if (signup.status !== 202) throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.body)}`);
  const { rows } = await pool.query('SELECT password_hash FROM customers WHERE email = $1', [signup.body.data.email]);
  return rows[0].password_hash as string;
};

/** Creates `count` customers (accounts in the customer database, tokens, wallets topped up with `walletCents`). */
export const createCustomers = async (count: number, walletCents: number): Promise<BenchCustomer[]> => {
  const label = `bench-${Date.now().toString(36)}`;
  const pool = createPool(testConfig().postgres, 'customer');
  let rows: Array<{ id: string; email: string }>;
  try {
    const hash = await templateHash(label, pool);
    ({ rows } = await pool.query(
      `INSERT INTO customers (email, password_hash, name)
       SELECT $1 || '-' || g || '@bench.example.com', $2, 'bench customer ' || g FROM generate_series(1, $3::int) AS g
       RETURNING id, email`,
      [label, hash, count],
    ));
  } finally {
    await pool.end();
  }

  const { jwt } = stageConfig.services.customer;
  const issue = createTokenIssuer({
    key: await loadSigningKey(jwt.private_key_path, jwt.public_key_path),
    issuer: stageConfig.auth.issuer,
    audience: stageConfig.auth.audience,
    ttlSeconds: jwt.ttl_seconds,
  });
  const customers = await Promise.all(
    rows.map(async ({ id, email }) => ({ id, email, token: (await issue({ customerId: id, role: 'customer' })).accessToken })),
  );
  for (const customer of customers.slice(0, 2)) {
    const token = await login(customer.email, PASSWORD);
    if (subjectOf(token) !== customer.id) throw new Error(`login of ${customer.email} names another subject than ${customer.id}`);
  }

  await forEachConcurrently(customers, TOPUP_CONCURRENCY, async (customer) => {
    const topup = await api('POST', '/api/v1/payment/topup', {
      token: customer.token,
      body: { amount_cents: walletCents, card_token: 'tok_visa' },
    });
    if (topup.status !== 201) throw new Error(`topup for ${customer.email}: ${topup.status} ${JSON.stringify(topup.body)}`);
  });
  return customers;
};

/**
 * Staff accounts on the stage: every paid order writes and mails one notification to each of them besides the
 * buyer's, so this number is part of the workload (the stage configures one; a test that left staff accounts
 * behind would make every checkout's background work grow).
 */
export const countStaffAccounts = async (): Promise<number> => {
  const pool = createPool(testConfig().postgres, 'customer');
  try {
    const { rows } = await pool.query<{ count: string }>(`SELECT count(*) FROM customers WHERE role = 'staff'`);
    return Number(rows[0]!.count);
  } finally {
    await pool.end();
  }
};
