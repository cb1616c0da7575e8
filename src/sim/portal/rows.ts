// Blank ranges the platform accepted. A saved row shows up in 查詢 only after a delay
// (the seed: "新增後，等約2小時才查詢得到"), which is what the driver's later check must live with.

export interface SavedRow {
  readonly id: number;
  /** The logged-in account's own 統一編號 (HeadBan). */
  readonly ubn: string;
  /** The 統一編號 chosen on the row: the head itself or one of its branches (BranchBan). */
  readonly branch: string;
  readonly account: string;
  /** Period key such as '11510'. */
  readonly period: string;
  readonly invoiceType: '07' | '08';
  readonly track: string;
  readonly start: string;
  readonly end: string;
  readonly savedAt: Date;
}

export type NewRow = Omit<SavedRow, 'id'>;

export interface RowStore {
  all(): readonly SavedRow[];
  add(row: NewRow): SavedRow;
  overlapsSaved(row: Pick<SavedRow, 'period' | 'branch' | 'track' | 'start' | 'end'>): boolean;
  /** Removes the rows with these ids among `allowed`; returns how many went. */
  remove(ids: ReadonlySet<number>, allowed: (row: SavedRow) => boolean): number;
  clear(): void;
}

export function createRowStore(): RowStore {
  let rows: SavedRow[] = [];
  let nextId = 1;
  return {
    all: () => rows,
    add(row) {
      const saved = { ...row, id: nextId++ };
      rows.push(saved);
      return saved;
    },
    overlapsSaved(candidate) {
      return rows.some(
        (row) =>
          row.period === candidate.period &&
          row.branch === candidate.branch &&
          row.track === candidate.track &&
          rangesOverlap(row, candidate),
      );
    },
    remove(ids, allowed) {
      const before = rows.length;
      rows = rows.filter((row) => !(ids.has(row.id) && allowed(row)));
      return before - rows.length;
    },
    clear() {
      rows = [];
    },
  };
}

// Equal-width 8-digit strings compare like the numbers they spell.
export function rangesOverlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function isVisible(row: SavedRow, now: Date, delayMs: number): boolean {
  return now.getTime() - row.savedAt.getTime() >= delayMs;
}
