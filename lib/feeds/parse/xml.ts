import { decodeHTML } from "entities";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { FeedUnreadableError } from "../types";
import type { SourceEvent } from "./events";
import { fieldForName } from "./fields";
import { capRaw, MAX_ITEM_DEPTH, MAX_ROW_CHARS, MAX_VALUE_CHARS } from "./limits";
import { ListingAssembler } from "./listing-assembler";

/** Element names that hold one listing each. */
const ITEM_NAMES = new Set(["product", "item", "entry", "offer", "listing", "record", "row", "ammo", "ammunition"]);

const localName = (name: string): string => {
  const colon = name.indexOf(":");
  return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
};

interface OpenItem {
  name: string;
  row: number | null; // null while it is only a candidate (see readXml)
  fields: Array<[string, string]>;
  path: string[]; // field path of the open descendants
  texts: string[]; // text buffer per open descendant
  size: number;
  skipReason: string | null;
  undefinedEntity: boolean;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (char) => (char === "<" ? "&lt;" : char === ">" ? "&gt;" : "&amp;"));
}

function fragment(item: OpenItem): string {
  return capRaw(`<${item.name}>${item.fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join("")}</${item.name}>`);
}

/** `&name;` references left in the text that no HTML entity explains: a DTD-declared entity we refused to expand. */
function foreignEntity(item: OpenItem): string | null {
  for (const [, value] of item.fields) {
    for (const match of value.matchAll(/&([A-Za-z_][\w.-]*);/g)) {
      if (decodeHTML(match[0]) === match[0]) return match[0];
    }
  }
  return null;
}

/**
 * XML items as listings, streamed through saxes. Items are the repeated elements named
 * `product`, `item`, `entry`, `offer`... at any depth below the root (the first one found fixes the
 * name and depth); failing that, a child of the root whose leaf children name a title or price.
 * An item's child elements (and attributes) are its fields; deeper elements are flattened
 * (`<stock><status>` → `stock_status`).
 *
 * Entities: saxes never reads external entities and does not expand DTD-declared ones, so XXE and
 * billion-laughs payloads cannot run. An item that uses an entity we did not expand is quarantined;
 * HTML named entities in text are kept as text for the title cleaner to decode. Other
 * well-formedness errors quarantine the item they occur in.
 */
export async function* readXml(chunks: AsyncIterable<string>): AsyncGenerator<SourceEvent> {
  const assembler = new ListingAssembler();
  const out: SourceEvent[] = [];
  const parser = new SaxesParser({ xmlns: false, position: true });

  let depth = 0;
  let sawRoot = false;
  let rootHasChildren = false;
  let itemName: string | null = null;
  let itemDepth = 0;
  let item: OpenItem | null = null;
  let row = 0;
  let sentFields = false;
  let firstError: string | null = null;
  let charsSinceEvent = 0;

  const startItem = (name: string, attributes: Record<string, string>, confirmed: boolean): OpenItem => {
    const fields = Object.entries(attributes).map(([key, value]) => [localName(key), value] as [string, string]);
    return { name, row: confirmed ? ++row : null, fields, path: [], texts: [], size: 0, skipReason: null, undefinedEntity: false };
  };

  const emit = (open: OpenItem) => {
    const rowNumber = open.row ?? ++row;
    if (open.skipReason !== null) {
      out.push({ kind: "quarantine", row: rowNumber, raw: fragment(open), reason: open.skipReason });
      return;
    }
    const entity = open.undefinedEntity ? foreignEntity(open) : null;
    if (entity !== null) {
      out.push({
        kind: "quarantine",
        row: rowNumber,
        raw: fragment(open),
        reason: `undefined XML entity ${entity} (entity expansion is disabled)`,
      });
      return;
    }
    if (!sentFields) {
      sentFields = true;
      out.push({ kind: "fields", names: open.fields.map(([name]) => name) });
    }
    out.push({ kind: "row", row: rowNumber, listing: assembler.assemble(open.fields), raw: () => fragment(open) });
  };

  /** Candidates (`row === null`) are root children, so at depth 2. */
  const itemDepthOf = (open: OpenItem): number => (open.row === null ? 2 : itemDepth);

  /** A root child that is not a known item element becomes an item if it looks like one. */
  const looksLikeItem = (candidate: OpenItem): boolean => {
    const fields = new Set(candidate.fields.map(([name]) => fieldForName(name)?.field));
    return fields.has("title") || fields.has("price");
  };

  /** Counts an item's markup and text against MAX_ROW_CHARS; false once it is too large. */
  const withinSize = (open: OpenItem, chars: number): boolean => {
    open.size += chars;
    if (open.size <= MAX_ROW_CHARS) return true;
    open.skipReason = `row too large (over ${MAX_ROW_CHARS} chars)`;
    open.texts = [];
    open.path = [];
    return false;
  };

  const addText = (text: string) => {
    charsSinceEvent = 0;
    if (item === null || item.skipReason !== null || item.texts.length === 0) return;
    if (withinSize(item, text.length)) item.texts[item.texts.length - 1] += text;
  };

  parser.on("opentag", (tag: SaxesTagPlain) => {
    charsSinceEvent = 0;
    depth += 1;
    const name = localName(tag.name);
    if (depth === 1) {
      sawRoot = true;
      if (name === "html") throw new FeedUnreadableError("feed is an HTML page, not a product feed");
      return;
    }
    if (depth === 2) rootHasChildren = true;

    const isItem = itemName === null ? ITEM_NAMES.has(name) : name === itemName && depth === itemDepth;
    if (isItem && (item === null || item.row === null)) {
      itemName = name;
      itemDepth = depth;
      item = startItem(name, tag.attributes, true);
      return;
    }
    if (item === null) {
      if (itemName === null && depth === 2) item = startItem(name, tag.attributes, false);
      return;
    }
    if (item.skipReason !== null) return;
    if (depth - itemDepthOf(item) > MAX_ITEM_DEPTH) {
      item.skipReason = `nesting too deep (over ${MAX_ITEM_DEPTH} levels)`;
      item.texts = [];
      item.path = [];
      return;
    }
    const attributes = Object.entries(tag.attributes);
    const markup = attributes.reduce((sum, [key, value]) => sum + key.length + value.length, name.length);
    if (!withinSize(item, markup)) return;
    const path = item.path.length === 0 ? name : `${item.path[item.path.length - 1]}_${name}`;
    item.path.push(path);
    item.texts.push("");
    for (const [key, value] of attributes) item.fields.push([`${path}_${localName(key)}`, value]);
    const href = tag.attributes.href ?? tag.attributes.value;
    if (href !== undefined) item.fields.push([path, href]);
  });

  parser.on("closetag", () => {
    charsSinceEvent = 0;
    const closing = depth;
    depth -= 1;
    if (item === null) return;
    if (closing === itemDepthOf(item)) {
      const done = item;
      item = null;
      if (done.row !== null) emit(done);
      else if (itemName === null && looksLikeItem(done)) {
        itemName = done.name;
        itemDepth = 2;
        emit(done);
      }
      return;
    }
    if (item.skipReason !== null || item.path.length === 0) return;
    const path = item.path.pop();
    const text = item.texts.pop();
    if (path !== undefined && text !== undefined && text.trim() !== "") item.fields.push([path, text]);
  });

  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("error", (error: Error) => {
    const message = error.message.replace(/^\d+:\d+:\s*/, "");
    if (item !== null && item.row !== null) {
      if (message === "undefined entity.") item.undefinedEntity = true;
      else if (message.startsWith("unclosed tag")) return; // the document ended inside the item: see below
      else item.skipReason ??= `malformed XML: ${message.replace(/\.$/, "")}`;
    } else {
      firstError ??= error.message;
    }
  });

  const write = (text: string | null) => {
    try {
      if (text === null) parser.close();
      else parser.write(text);
    } catch (error) {
      if (error instanceof FeedUnreadableError) throw error;
      throw new FeedUnreadableError(`XML cannot be read: ${(error as Error).message}`);
    }
  };

  for await (const chunk of chunks) {
    write(chunk);
    charsSinceEvent += chunk.length;
    if (charsSinceEvent > MAX_VALUE_CHARS) {
      throw new FeedUnreadableError(`XML text after row ${row} is larger than ${MAX_VALUE_CHARS / 1024 / 1024} MB`);
    }
    yield* out.splice(0);
  }
  write(null);
  const unfinished = item as OpenItem | null;
  if (unfinished !== null && unfinished.row !== null) {
    unfinished.skipReason ??= "truncated XML item (the feed ends inside it)";
    emit(unfinished);
  }
  yield* out.splice(0);

  if (!sawRoot) throw new FeedUnreadableError(`XML has no root element${firstError ? ` (${firstError})` : ""}`);
  if (row === 0 && rootHasChildren) {
    throw new FeedUnreadableError(
      firstError ? `XML is not well-formed: ${firstError}` : "XML has no product, item or entry elements",
    );
  }
}
