import { MongoClient } from 'mongodb';

export type { Db, Collection, MongoClient } from 'mongodb';

/**
 * A MongoDB client for `url` (real MongoDB in Kubernetes, the MongoDB-wire server locally). Connection is lazy:
 * the driver connects on the first operation, so a service starts even while the server is still coming up.
 */
export const createMongo = (url: string): MongoClient =>
  new MongoClient(url, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    maxPoolSize: 20,
    appName: 'micro-ecommerce',
  });

/** Pings the server: the readiness check of services that use MongoDB. */
export const pingMongo = async (client: MongoClient): Promise<void> => {
  await client.db('admin').command({ ping: 1 });
};
