import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, newCustomer } from '../support/api.js';
import { gatewayUrl, startSystem, type RunningSystem } from '../support/system.js';

// Attacks on accounts through the edge: replaying tokens after the owner changed the password, locking the owner out
// with wrong passwords, and asking sign-up who is registered. Before token versions, refresh rotation,
// per-address throttling and the uniform sign-up answer, each of these worked.

let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(() => system?.stop());

/** A login sent from the loopback address `from` (127.0.0.0/8), so the edge sees distinct clients. */
const loginFrom = (from: string, email: string, password: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const body = JSON.stringify({ email, password });
    const req = request(`${gatewayUrl}/api/v1/customer/login`, {
      method: 'POST',
      localAddress: from,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });

describe('an attacker holding a stolen session', () => {
  it('cannot change the credentials without the password, and loses every token once the owner changes them', async () => {
    const owner = await newCustomer('victim');
    const session = (await api('POST', '/api/v1/customer/login', { body: { email: owner.email, password: 'correct-horse-battery' } })).body
      .data;
    // The thief has the access and refresh tokens, not the password.
    const takeover = await api('PUT', '/api/v1/customer/me', {
      token: session.access_token,
      body: { email: `thief-${owner.id}@e2e.example.com` },
    });
    expect({ status: takeover.status, field: takeover.body.error?.details?.fields?.[0]?.field }).toEqual({
      status: 400,
      field: 'current_password',
    });

    const change = await api('PUT', '/api/v1/customer/me', {
      token: owner.token,
      body: { password: 'new-horse-battery', current_password: 'correct-horse-battery' },
    });
    expect(change.status).toBe(200);
    const replayedAccess = await api('GET', '/api/v1/customer/me', { token: session.access_token });
    expect({ status: replayedAccess.status, code: replayedAccess.body.error?.code }).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
    const replayedRefresh = await api('POST', '/api/v1/customer/token', { body: { refresh_token: session.refresh_token } });
    expect({ status: replayedRefresh.status, code: replayedRefresh.body.error?.code }).toEqual({
      status: 401,
      code: 'INVALID_REFRESH_TOKEN',
    });
    expect((await api('GET', '/api/v1/customer/me', { token: await login(owner.email, 'new-horse-battery') })).status).toBe(200);
  });

  it('ends the whole session when a spent refresh token comes back (one of two holders is a thief)', async () => {
    const owner = await newCustomer('rotated');
    const first = (await api('POST', '/api/v1/customer/login', { body: { email: owner.email, password: 'correct-horse-battery' } })).body
      .data;
    const second = (await api('POST', '/api/v1/customer/token', { body: { refresh_token: first.refresh_token } })).body.data;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const replay = await api('POST', '/api/v1/customer/token', { body: { refresh_token: first.refresh_token } });
    expect({ status: replay.status, code: replay.body.error?.code }).toEqual({ status: 401, code: 'REFRESH_TOKEN_REUSED' });
    expect((await api('POST', '/api/v1/customer/token', { body: { refresh_token: second.refresh_token } })).status).toBe(401);
  });
});

describe('a stranger', () => {
  it('cannot lock the owner out with wrong passwords from another address', async () => {
    const owner = await newCustomer('lockout');
    const attempts = [];
    for (let i = 0; i < 12; i++) attempts.push(await loginFrom('127.0.0.2', owner.email, `guess-${i}-battery`));
    // The attacker's own address is slowed down...
    expect(attempts.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attempts.slice(5).every((status) => status === 429)).toBe(true);
    // ...the owner, from theirs, is not.
    expect(await loginFrom('127.0.0.3', owner.email, 'correct-horse-battery')).toBe(200);
  });

  it('learns nothing from sign-up about which addresses are registered', async () => {
    const owner = await newCustomer('registered');
    const fresh = `fresh-${crypto.randomUUID().slice(0, 8)}@e2e.example.com`;
    const forNew = await api('POST', '/api/v1/customer/signup', { body: { email: fresh, password: 'some-horse-battery' } });
    const forTaken = await api('POST', '/api/v1/customer/signup', { body: { email: owner.email, password: 'some-horse-battery' } });
    expect({ status: forTaken.status, body: forTaken.body.data }).toEqual({ status: forNew.status, body: { email: owner.email } });
    expect(forNew.body.data).toEqual({ email: fresh });
    // And nothing of the owner's account changed: the owner's password still works, the attacker's does not.
    expect((await api('POST', '/api/v1/customer/login', { body: { email: owner.email, password: 'some-horse-battery' } })).status).toBe(
      401,
    );
    expect((await api('POST', '/api/v1/customer/login', { body: { email: owner.email, password: 'correct-horse-battery' } })).status).toBe(
      200,
    );
  });
});
