import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../testing/index.js';
import { createMongo, pingMongo } from './index.js';

const config = testConfig();
const client = createMongo(config.mongodb.url);
const collection = client
  .db('test')
  .collection<{ _id?: unknown; title: string; category: string; stock: number; tags?: string[] }>(
    `products_${crypto.randomUUID().slice(0, 8)}`,
  );
afterAll(async () => {
  await collection.drop().catch(() => {});
  await client.close();
});

describe('mongodb', () => {
  it('answers ping', async () => {
    await expect(pingMongo(client)).resolves.toBeUndefined();
  });

  it('inserts, finds, updates and counts documents through the driver', async () => {
    const { insertedIds } = await collection.insertMany([
      { title: 'Red Shirt', category: 'apparel', stock: 3 },
      { title: 'Blue Mug', category: 'kitchen', stock: 10 },
      { title: 'Green Shirt', category: 'apparel', stock: 7 },
    ]);
    const shirts = await collection.find({ category: 'apparel' }).sort({ title: 1 }).toArray();
    expect(shirts.map((d) => d.title)).toEqual(['Green Shirt', 'Red Shirt']);

    await collection.updateOne({ _id: insertedIds[1] }, { $set: { tags: ['sale'] }, $inc: { stock: -4 } });
    const mug = await collection.findOne({ _id: insertedIds[1] });
    expect(mug).toMatchObject({ stock: 6, tags: ['sale'] });

    const found = await collection.find({ title: { $regex: 'shirt', $options: 'i' } }).toArray();
    expect(found).toHaveLength(2);
    expect(await collection.countDocuments({ stock: { $gte: 5 } })).toBe(2);
  });

  it('rejects a duplicate on a unique index with code 11000', async () => {
    await collection.createIndex({ title: 1 }, { unique: true });
    await expect(collection.insertOne({ title: 'Red Shirt', category: 'x', stock: 1 })).rejects.toMatchObject({ code: 11000 });
  });
});
