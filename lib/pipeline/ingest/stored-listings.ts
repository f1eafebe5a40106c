/**
 * What the parse step compares each row with: the dealer's active listings by identity, with their
 * content hash. A row whose identity is active with the same hash is unchanged and is not staged;
 * the active listings of the run's feed that the feed no longer has are the vanished ones. Pure.
 */

export interface StoredListing {
  hash: string;
  /** Stored under the run's feed (a dealer's other feeds never vanish with this one). */
  ofFeed: boolean;
}

export class StoredListings {
  constructor(private readonly byIdentity: ReadonlyMap<string, StoredListing>) {}

  /** From `[identityKey, contentHash, ofRunFeed]` rows as JSON text (how the database hands them over). */
  static fromJson(text: string): StoredListings {
    const rows = JSON.parse(text) as Array<[string, string, boolean]>;
    return new StoredListings(new Map(rows.map(([key, hash, ofFeed]) => [key, { hash, ofFeed }])));
  }

  /** Active with this exact content: nothing to write. */
  unchanged(identityKey: string, contentHash: string): boolean {
    return this.byIdentity.get(identityKey)?.hash === contentHash;
  }

  /** An active listing of the dealer has this identity. */
  has(identityKey: string): boolean {
    return this.byIdentity.has(identityKey);
  }

  /** The run's feed's active identities that `seen` does not have. */
  vanished(seen: (identityKey: string) => boolean): string[] {
    const gone: string[] = [];
    for (const [key, listing] of this.byIdentity) if (listing.ofFeed && !seen(key)) gone.push(key);
    return gone;
  }
}
