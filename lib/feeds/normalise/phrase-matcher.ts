/** A named vocabulary of regex phrases compiled into one alternation: one scan per text. */
export interface PhraseEntry {
  name: string;
  patterns: string[];
}

export interface PhraseMatch {
  name: string;
  start: number;
  end: number;
}

/**
 * Finds vocabulary phrases in lowercased text. At any position the entry listed first wins, so a
 * table lists its specific phrases before the general ones they start with. Phrases must not be
 * glued to letters, digits or a leading dot on either side.
 */
export class PhraseMatcher {
  private readonly names: string[];
  private readonly once: RegExp;
  private readonly every: RegExp;

  constructor(entries: readonly PhraseEntry[]) {
    this.names = entries.map((entry) => entry.name);
    const groups = entries.map((entry) => `(${entry.patterns.join("|")})`).join("|");
    const source = `(?<![\\w.])(?:${groups})(?!\\w)`;
    this.once = new RegExp(source);
    this.every = new RegExp(source, "g");
  }

  first(text: string): PhraseMatch | null {
    return this.toMatch(this.once.exec(text));
  }

  all(text: string): PhraseMatch[] {
    const matches: PhraseMatch[] = [];
    this.every.lastIndex = 0;
    for (let found = this.every.exec(text); found; found = this.every.exec(text)) {
      const match = this.toMatch(found);
      if (match) matches.push(match);
      if (found[0] === "") this.every.lastIndex += 1;
    }
    return matches;
  }

  private toMatch(found: RegExpExecArray | null): PhraseMatch | null {
    if (!found) return null;
    for (let group = 1; group < found.length; group += 1) {
      if (found[group] !== undefined) {
        const name = this.names[group - 1];
        if (name === undefined) return null;
        return { name, start: found.index, end: found.index + found[0].length };
      }
    }
    return null;
  }
}
