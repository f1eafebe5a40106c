import type { ListingField, RawListing } from "../normalise/record";
import { fieldForName, type FieldSlot as Slot } from "./fields";

/**
 * Folds a row's `(name, value)` pairs into a RawListing by meaning, caching the name lookups
 * (a feed repeats the same few names on every row). Blank values never win over a filled one;
 * among filled ones the better-ranked synonym wins.
 */
export class ListingAssembler {
  private readonly slots = new Map<string, Slot | null>();

  private slot(name: string): Slot | null {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = fieldForName(name) ?? null;
      if (this.slots.size < 10_000) this.slots.set(name, slot);
    }
    return slot;
  }

  /** A folder for rows that all have these column names (a CSV header): lookups done once. */
  forColumns(names: readonly string[]): (cells: readonly string[]) => RawListing {
    const slots = names.map((name) => this.slot(name));
    return (cells) => {
      const listing: RawListing = {};
      const ranks: Partial<Record<ListingField, number>> = {};
      for (let i = 0; i < slots.length; i += 1) {
        const slot = slots[i];
        const value = cells[i];
        if (!slot || value === undefined || value.trim() === "") continue;
        const held = ranks[slot.field];
        if (held === undefined || slot.rank < held) {
          listing[slot.field] = value;
          ranks[slot.field] = slot.rank;
        }
      }
      return listing;
    };
  }

  assemble(entries: Iterable<readonly [string, string]>): RawListing {
    const listing: RawListing = {};
    const ranks: Partial<Record<ListingField, number>> = {};
    for (const [name, value] of entries) {
      const slot = this.slot(name);
      if (slot === null || value.trim() === "") continue;
      const held = ranks[slot.field];
      if (held === undefined || slot.rank < held) {
        listing[slot.field] = value;
        ranks[slot.field] = slot.rank;
      }
    }
    return listing;
  }
}
