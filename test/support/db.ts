import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectDatabase, type Db } from '../../src/db/connect.ts';
import { migrateToLatest, MIGRATIONS_FOLDER } from '../../src/db/migrate.ts';

export interface TestDatabase {
  readonly db: Db;
  /** The SQLite file ('' on PostgreSQL). */
  readonly path: string;
  /** Its DATABASE_URL, for a child process to open the same database. */
  readonly url: string;
  readonly dispose: () => Promise<void>;
}

export type TestDatabaseKind = 'sqlite' | 'postgres';

/**
 * Which engine the database-facing suites run on: SQLite by default; PostgreSQL when
 * TEST_DATABASE=postgres (`npm test` runs those suites a second time that way when
 * TEST_POSTGRES_URL names a server, see test/run.ts).
 */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

/** A fresh database on the engine of this run, migrated to the latest schema. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return testDatabaseKind() === 'postgres' ? createPostgresDatabase() : createSqliteDatabase();
}

/** A real SQLite file in a fresh temp folder. */
export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'bot-db-'));
  const path = join(dir, 'test.db');
  const url = `sqlite:${path}`;
  const db = connectDatabase(url);
  await migrateToLatest(db);
  return {
    db,
    path,
    url,
    dispose: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database on the PostgreSQL server at TEST_POSTGRES_URL, copied from a template
 * migrated once per set of migrations (so a test costs a CREATE DATABASE, not 40 migrations).
 */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) throw new Error('TEST_POSTGRES_URL is not set: start a cluster with scripts/pg-test-cluster.sh start');
  const name = `bot_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, async (admin) => {
    const template = await migratedTemplate(admin, serverUrl);
    await admin.query(`create database ${name} template ${template}`);
  });
  const url = databaseUrl(serverUrl, name);
  const db = connectDatabase(url, { poolSize: 5 });
  return {
    db,
    path: '',
    url,
    dispose: async () => {
      await db.destroy();
      await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)).catch(() => undefined);
    },
  };
}

/** Template creation and copies are serialised across test processes by one advisory lock. */
const TEMPLATE_LOCK = 7_300_001;

async function withAdmin<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function migratedTemplate(admin: pg.Client, serverUrl: string): Promise<string> {
  const template = `bot_template_${migrationsFingerprint()}`;
  const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
  if (found.rowCount === 0) {
    await admin.query(`create database ${template}`);
    const db = connectDatabase(databaseUrl(serverUrl, template), { poolSize: 1 });
    try {
      await migrateToLatest(db);
    } catch (error) {
      await db.destroy();
      await admin.query(`drop database ${template} with (force)`);
      throw error;
    }
    await db.destroy();
  }
  return template;
}

function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  return hash.digest('hex').slice(0, 12);
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
