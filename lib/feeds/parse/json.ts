import Tokenizer from "@streamparser/json/tokenizer.js";
import TokenParser from "@streamparser/json/tokenparser.js";
import type { ParsedTokenInfo } from "@streamparser/json/utils/types/parsedTokenInfo.js";
import TokenType from "@streamparser/json/utils/types/tokenType.js";
import { FeedUnreadableError } from "../types";
import type { SourceEvent } from "./events";
import { capRaw, MAX_ITEM_DEPTH, MAX_ROW_CHARS, MAX_VALUE_CHARS } from "./limits";
import { ListingAssembler } from "./listing-assembler";

/** Keys of a top-level object that hold the item array. */
const WRAPPER_KEYS = new Set(["products", "items", "data", "listings", "records", "results", "entries", "offers", "rows", "inventory"]);

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const isOpen = (token: TokenType) => token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET;
const isClose = (token: TokenType) => token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET;

function scalarText(value: JsonValue): string | null {
  if (value === null) return "";
  if (typeof value === "object") return null;
  return String(value);
}

/**
 * An item's fields as `(name, text)` pairs. Nested objects are flattened one level
 * (`{"stock": {"status": "in"}}` → `stock_status`), arrays contribute their first scalar.
 */
export function flattenItem(item: { [key: string]: JsonValue }): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(item)) {
    const text = scalarText(value);
    if (text !== null) {
      entries.push([key, text]);
    } else if (Array.isArray(value)) {
      const first = value.map(scalarText).find((entry) => entry !== null);
      if (first != null) entries.push([key, first]);
    } else if (value !== null && typeof value === "object") {
      for (const [inner, innerValue] of Object.entries(value)) {
        const innerText = scalarText(innerValue);
        if (innerText !== null) entries.push([`${key}_${inner}`, innerText]);
      }
    }
  }
  return entries;
}

/** One item being read: tokens go to its own TokenParser unless it is being skipped. */
interface OpenItem {
  row: number;
  startOffset: number;
  parser: TokenParser | null;
  value: JsonValue | undefined;
  skipReason: string | null;
}

/**
 * JSON items as listings: a top-level array, or the array under `products` / `items` / `data`
 * (and a few other wrapper keys) of a top-level object. The document is tokenized as a stream by
 * @streamparser/json; only the tokens of one item at a time are assembled (each by its own
 * TokenParser), everything else is dropped, so memory stays bounded by the largest item.
 * Items deeper than MAX_ITEM_DEPTH or longer than MAX_ROW_CHARS are skipped token by token and
 * quarantined. Broken JSON syntax cannot be resynchronised: the feed is unreadable.
 */
export async function* readJson(chunks: AsyncIterable<string>): AsyncGenerator<SourceEvent> {
  const assembler = new ListingAssembler();
  const out: SourceEvent[] = [];
  const tokenizer = new Tokenizer();

  let depth = 0;
  let root: "array" | "object" | null = null;
  let itemDepth: number | null = null; // depth at which items sit, once the item array is found
  let inItemArray = false;
  let sawItemArray = false;
  let expectKey = false;
  let lastKey: string | null = null;
  let row = 0;
  let item: OpenItem | null = null;
  let sentFields = false;
  let charsSinceToken = 0;

  const finishItem = (open: OpenItem) => {
    item = null;
    const value = open.value;
    if (open.skipReason !== null || value === undefined) {
      out.push({ kind: "quarantine", row: open.row, raw: "", reason: open.skipReason ?? "malformed JSON item" });
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      out.push({ kind: "quarantine", row: open.row, raw: capRaw(JSON.stringify(value)), reason: "item is not an object" });
      return;
    }
    const entries = flattenItem(value);
    if (!sentFields) {
      sentFields = true;
      out.push({ kind: "fields", names: entries.map(([name]) => name) });
    }
    out.push({ kind: "row", row: open.row, listing: assembler.assemble(entries), raw: () => capRaw(JSON.stringify(value)) });
  };

  const feedItem = (open: OpenItem, info: ParsedTokenInfo) => {
    if (open.skipReason !== null || open.parser === null) return;
    if (info.offset - open.startOffset > MAX_ROW_CHARS) {
      open.skipReason = `row too large (over ${MAX_ROW_CHARS} chars)`;
    } else if (itemDepth !== null && depth - itemDepth > MAX_ITEM_DEPTH) {
      open.skipReason = `nesting too deep (over ${MAX_ITEM_DEPTH} levels)`;
    } else {
      try {
        open.parser.write(info);
        return;
      } catch (error) {
        open.skipReason = `malformed JSON item: ${(error as Error).message}`;
      }
    }
    open.parser = null;
    open.value = undefined;
  };

  tokenizer.onToken = (info: ParsedTokenInfo) => {
    charsSinceToken = 0;
    const { token } = info;

    if (item !== null) {
      if (isOpen(token)) depth += 1;
      if (isClose(token)) depth -= 1;
      feedItem(item, info);
      if (depth === itemDepth) finishItem(item);
      return;
    }

    if (depth === 0) {
      if (root !== null) throw new FeedUnreadableError("malformed JSON: content after the end of the document");
      if (token === TokenType.LEFT_BRACKET) {
        root = "array";
        itemDepth = 1;
        inItemArray = true;
        sawItemArray = true;
      } else if (token === TokenType.LEFT_BRACE) {
        root = "object";
        expectKey = true;
      } else {
        throw new FeedUnreadableError("JSON feed is not an array or object of items");
      }
      depth = 1;
      return;
    }

    if (inItemArray && depth === itemDepth) {
      if (token === TokenType.COMMA) return;
      if (token === TokenType.RIGHT_BRACKET) {
        inItemArray = false;
        depth -= 1;
        return;
      }
      row += 1;
      const parser = new TokenParser({ paths: ["$"] });
      const open: OpenItem = { row, startOffset: info.offset, parser, value: undefined, skipReason: null };
      parser.onValue = ({ value }) => {
        open.value = value as JsonValue;
      };
      item = open;
      if (isOpen(token)) depth += 1;
      feedItem(open, info);
      if (depth === itemDepth) finishItem(open);
      return;
    }

    // Outside the item array: wrapper keys at the top of an object, or metadata we skip.
    if (root === "object" && depth === 1) {
      if (expectKey && token === TokenType.STRING) {
        lastKey = String(info.value);
        expectKey = false;
        return;
      }
      if (token === TokenType.COMMA) {
        expectKey = true;
        return;
      }
      if (token === TokenType.COLON) return;
      if (token === TokenType.RIGHT_BRACE) {
        depth = 0;
        return;
      }
      if (token === TokenType.LEFT_BRACKET && !sawItemArray && lastKey !== null && WRAPPER_KEYS.has(lastKey.toLowerCase())) {
        itemDepth = 2;
        inItemArray = true;
        sawItemArray = true;
        depth = 2;
        return;
      }
    }
    if (isOpen(token)) depth += 1;
    if (isClose(token)) depth -= 1;
  };

  const malformed = (error: unknown): Error => {
    if (error instanceof FeedUnreadableError) return error;
    return new FeedUnreadableError(`malformed JSON near row ${row}: ${(error as Error).message}`);
  };

  for await (const chunk of chunks) {
    try {
      tokenizer.write(chunk);
    } catch (error) {
      throw malformed(error);
    }
    charsSinceToken += chunk.length;
    if (charsSinceToken > MAX_VALUE_CHARS) {
      throw new FeedUnreadableError(`JSON value after row ${row} is larger than ${MAX_VALUE_CHARS / 1024 / 1024} MB`);
    }
    yield* out.splice(0);
  }
  try {
    tokenizer.end();
  } catch (error) {
    throw malformed(error);
  }
  yield* out.splice(0);
  if (depth !== 0 || root === null) throw new FeedUnreadableError(`malformed JSON: the document ends early (after row ${row})`);
  if (!sawItemArray) {
    throw new FeedUnreadableError(
      `JSON object has no item array (expected a top-level array or one under ${[...WRAPPER_KEYS].slice(0, 3).join(", ")}...)`,
    );
  }
}
