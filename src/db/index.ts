export * from './schema';
export { openDatabase, rows, type Database, type Db, type Tx, type DbOrTx, type OpenOptions } from './connection';
export { migrateDatabase } from './migrate';
export { createSealer, loadEncryptionKey, type Sealer } from './sealer';
export { DbLockedError } from './errors';
