export { createMongo, pingMongo, type Db, type Collection, type MongoClient } from './create-mongo.js';
