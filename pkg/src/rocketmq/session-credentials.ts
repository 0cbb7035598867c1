import type { SessionCredentials } from 'rocketmq-client-nodejs';
import type { z } from 'zod';
import type { rocketmqSchema } from '../config/index.js';

/**
 * The client option that signs every request as the configured broker user (both keys set), or none. One key
 * without the other is a configuration mistake that would otherwise surface as the broker's "no permission".
 */
export const sessionCredentialsOf = (config: z.infer<typeof rocketmqSchema>): { sessionCredentials?: SessionCredentials } => {
  const { access_key: accessKey, secret_key: accessSecret } = config;
  if (accessKey === undefined && accessSecret === undefined) return {};
  if (accessKey === undefined || accessSecret === undefined)
    throw new Error('rocketmq.access_key and rocketmq.secret_key go together: set both or neither');
  return { sessionCredentials: { accessKey, accessSecret } };
};
