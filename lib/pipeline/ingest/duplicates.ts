/**
 * Duplicate identities within one feed: the last row of an identity wins, every earlier one is
 * quarantined pointing at the winner. Pure; remembers one row number per identity.
 */
export interface Superseded {
  row: number;
  key: string;
  reason: string;
}

export class DuplicateTracker {
  private readonly latest = new Map<string, number>();
  private readonly superseded: Array<{ row: number; key: string }> = [];

  /** Records that `row` carries `key`; a row seen earlier with the same key is superseded. */
  see(key: string, row: number): void {
    const earlier = this.latest.get(key);
    if (earlier !== undefined) this.superseded.push({ row: earlier, key });
    this.latest.set(key, row);
  }

  has(key: string): boolean {
    return this.latest.has(key);
  }

  get identities(): number {
    return this.latest.size;
  }

  /** The superseded rows, each with the row that finally won its identity. */
  result(): Superseded[] {
    return this.superseded.map(({ row, key }) => ({
      row,
      key,
      reason: `duplicate identity ${key} (also row ${this.latest.get(key) ?? row})`,
    }));
  }
}
