import { sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SweepContext } from './rule.ts';
import { DATABASE_RULES, FILE_RULES } from './rules.ts';
import { diagnosticsFiles } from './rules/diagnostics-files.ts';
import { describeSettings } from './settings.ts';
import { RETENTION_LANE } from './sweep.ts';

/**
 * Every table, with the column its rows' age is read from (null: rows have no age). A Record
 * over the schema, so a new table cannot be left out of the report.
 */
const AGE_COLUMNS: Readonly<Record<keyof Database, string | null>> = {
  owners: 'created_at',
  stores: 'created_at',
  store_periods: 'created_at',
  period_ranges: 'created_at',
  conversations: 'updated_at',
  webhook_inbox: 'received_at',
  jobs: 'created_at',
  push_log: 'sent_at',
  outbox: 'created_at',
  credential_forms: 'created_at',
  images: 'created_at',
  captcha_requests: 'queued_at',
  held_replies: 'created_at',
  platform_sessions: 'saved_at',
  full_lists: 'created_at',
  lane_leases: null,
};

export interface TableReport {
  /** A table, or `diagnostics files`. */
  readonly name: string;
  readonly rows: number;
  readonly oldest: Date | null;
  /** Where `oldest` comes from. */
  readonly ageColumn: string | null;
}

export interface PendingReport {
  readonly rule: string;
  readonly table: string;
  readonly change: string;
  /** Rows (files) the next sweep would change, were it now. */
  readonly rows: number;
}

export interface DataReport {
  readonly at: Date;
  readonly tables: readonly TableReport[];
  readonly pending: readonly PendingReport[];
  /** Until when the retention lease says the database was swept (null: no sweep yet, or it lapsed). */
  readonly sweptUntil: Date | null;
  readonly settings: readonly (readonly [string, string])[];
}

/** What the bot holds and what the next sweep would change; reads only. */
export async function dataReport(ctx: SweepContext): Promise<DataReport> {
  const tables: TableReport[] = [];
  for (const [name, ageColumn] of Object.entries(AGE_COLUMNS)) {
    const oldest = ageColumn ? sql`min(${sql.ref(ageColumn)})` : sql`null`;
    const { rows } = await sql<{ n: number | string; oldest: string | null }>`select count(*) as n, ${oldest} as oldest from ${sql.table(name)}`.execute(ctx.db);
    const row = rows[0];
    tables.push({ name, rows: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null, ageColumn });
  }
  const files = await diagnosticsFiles(ctx.dataDir);
  const oldestFile = files.reduce<Date | null>((oldest, file) => (oldest && oldest <= file.writtenAt ? oldest : file.writtenAt), null);
  tables.push({ name: 'diagnostics files', rows: files.length, oldest: oldestFile, ageColumn: 'file time' });

  const pending: PendingReport[] = [];
  for (const rule of [...FILE_RULES, ...DATABASE_RULES]) pending.push({ rule: rule.key, table: rule.table, change: rule.change, rows: await rule.pending(ctx) });

  const lease = await ctx.db.selectFrom('lane_leases').select('expires_at').where('lane', '=', RETENTION_LANE).executeTakeFirst();
  const sweptUntil = lease && lease.expires_at > ctx.now.toISOString() ? new Date(lease.expires_at) : null;
  return { at: ctx.now, tables, pending, sweptUntil, settings: describeSettings(ctx.settings) };
}

/** The report as text for a terminal: one table of what is held, one of what the next sweep changes. */
export function formatDataReport(report: DataReport): string {
  const lines: string[] = [];
  lines.push(`Data held by the bot, ${stamp(report.at)} UTC`, '');
  lines.push(
    ...columns(
      ['Table', 'Rows', 'Oldest (UTC)', 'Age', 'Age from'],
      report.tables.map((table) => [table.name, String(table.rows), table.oldest ? stamp(table.oldest) : '-', table.oldest ? age(report.at, table.oldest) : '-', table.ageColumn ?? '-']),
      [false, true, false, true, false],
    ),
  );
  lines.push('');
  lines.push(
    report.sweptUntil
      ? `Next sweep of the database: after ${stamp(report.sweptUntil)} UTC (a worker swept it within RETENTION_SWEEP_EVERY).`
      : 'Next sweep of the database: at the next worker check (no sweep within RETENTION_SWEEP_EVERY).',
  );
  lines.push('What it will change, were it now:', '');
  lines.push(
    ...columns(
      ['Table', 'Rows', 'Change', 'Rule'],
      report.pending.map((item) => [item.table, String(item.rows), item.change, item.rule]),
      [false, true, false, false],
    ),
  );
  const total = report.pending.reduce((sum, item) => sum + item.rows, 0);
  lines.push('', `In all: ${total} row${total === 1 ? '' : 's'} (files) to reduce or remove.`, '');
  lines.push('Settings:', ...report.settings.map(([name, value]) => `  ${name}=${value}`));
  return `${lines.join('\n')}\n`;
}

function columns(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (row: readonly string[]) =>
    row
      .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i] ?? 0) : i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)];
}

function stamp(instant: Date): string {
  return instant.toISOString().slice(0, 16).replace('T', ' ');
}

/** How long ago, roughly: 45m, 5h, 12d, 400d. */
function age(now: Date, then: Date): string {
  const ms = Math.max(0, now.getTime() - then.getTime());
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)}h`;
  return `${Math.floor(ms / 86_400_000)}d`;
}
