import { gatewayUrl, stageConfig } from './system.js';

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

/** One JSON call through the gateway, with an optional bearer token and extra headers (e.g. traceparent). */
export const api = async (
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> => {
  const res = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(options.rawBody !== undefined
      ? { body: options.rawBody }
      : options.body === undefined
        ? {}
        : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text, the assertion will show it
  }
  return { status: res.status, body, headers: res.headers };
};

/**
 * Signs up a fresh customer (unique email per call), with another's referral code if given, and logs in; returns
 * its token and id.
 */
export const newCustomer = async (label = 'buyer', referralCode?: string): Promise<{ email: string; token: string; id: string }> => {
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@E2E.example.com`;
  const password = 'correct-horse-battery';
  const body = { email, password, name: label, ...(referralCode === undefined ? {} : { referral_code: referralCode }) };
  const signup = await api('POST', '/api/v1/customer/signup', { body });
  if (signup.status !== 202) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
  const token = await login(email, password);
  // Sign-up names no account (it answers a taken address the same way): the id comes from /me.
  const me = await api('GET', '/api/v1/customer/me', { token });
  return { email: email.toLowerCase(), token, id: me.body.data.id };
};

/** A fresh customer whose wallet was topped up with `amountCents` (a test card), failing otherwise. */
export const newFundedCustomer = async (label: string, amountCents: number): Promise<{ email: string; token: string; id: string }> => {
  const customer = await newCustomer(label);
  const topUp = await api('POST', '/api/v1/payment/topup', {
    token: customer.token,
    body: { amount_cents: amountCents, card_token: 'tok_visa' },
  });
  if (topUp.status !== 201) throw new Error(`top-up failed: ${topUp.status} ${JSON.stringify(topUp.body)}`);
  return customer;
};

/** Logs in and returns the access token. */
export const login = async (email: string, password: string): Promise<string> => {
  const res = await api('POST', '/api/v1/customer/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return res.body.data.access_token;
};

/** Logs in as the stage's first admin account (config services.customer.admins). */
export const loginAdmin = (): Promise<string> => {
  const admin = stageConfig.services.customer.admins[0];
  return login(admin.email, admin.password);
};

/** A product created through the API, with the ids a test needs. */
export interface CreatedProduct {
  id: string;
  title: string;
  variants: Array<{ sku_id: string; name: string }>;
}

/** Creates a product (unique title from `label`) with the given variants as the admin, failing the test otherwise. */
export const newProduct = async (
  adminToken: string,
  variants: Array<{ name: string; price_cents: number; stock: number }>,
  label = 'E2E Item',
): Promise<CreatedProduct> => {
  const res = await api('POST', '/api/v1/product', {
    token: adminToken,
    body: { title: `${label} ${crypto.randomUUID().slice(0, 6)}`, body: `${label}, made for end-to-end tests.`, category: 'e2e', variants },
  });
  if (res.status !== 201) throw new Error(`creating a product failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as CreatedProduct;
};

/** Creates a product with a single SKU and returns the SKU id. */
export const newSku = async (adminToken: string, priceCents: number, stock: number, label?: string): Promise<string> =>
  (await newProduct(adminToken, [{ name: 'only', price_cents: priceCents, stock }], label)).variants[0]!.sku_id;
