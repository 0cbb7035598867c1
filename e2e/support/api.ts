import { gatewayUrl } from './system.js';

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

/** One JSON call through the gateway, with an optional bearer token. */
export const api = async (
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<ApiResponse> => {
  const res = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }) },
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

/** Signs up a fresh customer (unique email per call) and logs in; returns its token and id. */
export const newCustomer = async (label = 'buyer'): Promise<{ email: string; token: string; id: string }> => {
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@E2E.example.com`;
  const password = 'correct-horse-battery';
  const signup = await api('POST', '/api/v1/customer/signup', { body: { email, password, name: label } });
  if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
  const token = await login(email, password);
  return { email: email.toLowerCase(), token, id: signup.body.data.id };
};

/** Logs in and returns the access token. */
export const login = async (email: string, password: string): Promise<string> => {
  const res = await api('POST', '/api/v1/customer/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return res.body.data.access_token;
};
