import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, type Db } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface TestDatabase {
  readonly db: Db;
  readonly path: string;
  readonly dispose: () => Promise<void>;
}

/** A real SQLite file in a fresh temp folder, migrated to the latest schema. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'bot-db-'));
  const path = join(dir, 'test.db');
  const db = connectDatabase(`sqlite:${path}`);
  await migrateToLatest(db);
  return {
    db,
    path,
    dispose: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
