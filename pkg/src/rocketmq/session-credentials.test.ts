import { describe, expect, it } from 'vitest';
import { sessionCredentialsOf } from './session-credentials.js';

const config = { endpoints: '127.0.0.1:8081', namespace: '' };

describe('sessionCredentialsOf', () => {
  it('signs nothing where the broker does not authenticate', () => {
    expect(sessionCredentialsOf(config)).toEqual({});
  });

  it("signs as the configured user with the client's field names", () => {
    expect(sessionCredentialsOf({ ...config, access_key: 'order', secret_key: 's3cret' })).toEqual({
      sessionCredentials: { accessKey: 'order', accessSecret: 's3cret' },
    });
  });

  it('refuses one key without the other', () => {
    expect(() => sessionCredentialsOf({ ...config, access_key: 'order' })).toThrow(/go together/);
    expect(() => sessionCredentialsOf({ ...config, secret_key: 's3cret' })).toThrow(/go together/);
  });
});
