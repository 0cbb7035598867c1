import { MongoClient } from 'mongodb';
import { traceMongo } from './trace-mongo.js';

export type { Db, Collection, MongoClient } from 'mongodb';

/**
 * A MongoDB client for `url` (real MongoDB in Kubernetes, the MongoDB-wire server locally). Connection is lazy:
 * the driver connects on the first operation, so a service starts even while the server is still coming up.
 * Commands sent inside a span get a CLIENT span of their own.
 */
export const createMongo = (url: string): MongoClient =>
  traceMongo(
    new MongoClient(url, {
      serverSelectionTimeoutMS: 5000,
      connectTimeoutMS: 5000,
      maxPoolSize: 20,
      appName: 'micro-ecommerce',
      monitorCommands: true,
    }),
  );

/** Pings the server: the readiness check of services that use MongoDB. */
export const pingMongo = async (client: MongoClient): Promise<void> => {
  await client.db('admin').command({ ping: 1 });
};
