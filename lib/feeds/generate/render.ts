import { identityKey } from "../identity";
import type { FeedFamily, FeedFormat, FeedRecord } from "../types";
import { BRAND_SPECS, BULLET_SPELLINGS, CALIBER_SPECS, CASE_SPELLINGS } from "./catalog";
import { hashSeed, Rng } from "./prng";

type Cell = string | number | boolean | null;
type CellWriter = (record: FeedRecord, rng: Rng, format: FeedFormat) => Cell;

const brandColumns = new Map(BRAND_SPECS.map((spec) => [spec.brand, spec.columnNames]));
const caliberSpellings = new Map(CALIBER_SPECS.map((spec) => [spec.caliber, spec.spellings]));

function money(value: number, thousands: boolean): string {
  const fixed = value.toFixed(2);
  return thousands ? fixed.replace(/\B(?=(\d{3})+(?!\d))/, ",") : fixed;
}

const price: CellWriter = (record, rng, format) => {
  if (format === "json" && rng.chance(0.4)) return record.price;
  const text = money(record.price, record.price >= 1000 && rng.chance(0.6));
  return rng.pick([text, text, `$${text}`, `$${text}`, ` ${text} `, `USD ${text}`]);
};

const title: CellWriter = (record, rng, format) => {
  let text = record.title;
  const roll = rng.next();
  if (roll < 0.05) text = text.replace(/^(\S+)/, "<b>$1</b>");
  else if (roll < 0.08) text = text.replace(/&/g, "&amp;");
  else if (roll < 0.13) text = `  ${text.replace(/ /g, "  ")} `;
  else if (roll < 0.14 && format === "csv") text = text.replace(" ", "\n");
  return text;
};

const upc: CellWriter = (record, rng, format) => {
  if (record.upc === null) return null;
  // Spreadsheets turn UPCs into numbers and drop the leading zero. (Only one: with more gone,
  // 8 digits left would read as an EAN-8.)
  if (record.upc.startsWith("0") && rng.chance(0.5)) {
    const trimmed = record.upc.slice(1);
    return format === "json" && rng.chance(0.5) ? Number(trimmed) : trimmed;
  }
  return record.upc;
};

const stockWords = (inStock: string[], outOfStock: string[]): CellWriter => (record, rng, format) => {
  if (format === "json" && rng.chance(0.3)) return record.inStock;
  return rng.pick(record.inStock ? inStock : outOfStock);
};

const brand: CellWriter = (record, rng) => (record.brand === null ? null : rng.pick(brandColumns.get(record.brand) ?? [record.brand]));
const caliber: CellWriter = (record, rng) =>
  record.caliber === null ? null : rng.pick(caliberSpellings.get(record.caliber) ?? [record.caliber]);
const grain: CellWriter = (record, rng, format) => {
  if (record.grainWeight === null) return null;
  if (format === "json" && rng.chance(0.5)) return record.grainWeight;
  return rng.pick([`${record.grainWeight}`, `${record.grainWeight}`, `${record.grainWeight}gr`, `${record.grainWeight} grain`]);
};
const bullet: CellWriter = (record, rng) =>
  record.bulletType === null ? null : rng.pick(BULLET_SPELLINGS[record.bulletType] ?? [record.bulletType]);
const caseType: CellWriter = (record, rng) => {
  if (record.caseType === null) return null;
  const capitalised = record.caseType[0]?.toUpperCase() + record.caseType.slice(1);
  return rng.pick([capitalised, record.caseType, ...(CASE_SPELLINGS[record.caseType] ?? [])]);
};
const rounds: CellWriter = (record, rng, format) => {
  if (record.roundCount === null) return null;
  return format === "json" && rng.chance(0.5) ? record.roundCount : String(record.roundCount);
};
const url: CellWriter = (record) => record.url;
const sku: CellWriter = (record) => record.sku;

/** A family's columns: CSV header text, JSON/XML key, and how the cell is written. */
interface Layout {
  columns: Array<{ header: string; key: string; write: CellWriter }>;
  csvLineEnd: string;
  jsonWrapper: string | null;
  xmlRoot: string;
  xmlItem: string;
}

const col = (header: string, write: CellWriter, key = header) => ({ header, key, write });

export const LAYOUTS: Record<FeedFamily, Layout> = {
  ammoseek: {
    columns: [
      col("upc", upc),
      col("title", title),
      col("price", price),
      col("link", url),
      col("in_stock", stockWords(["yes", "1", "true", "Y", "yes"], ["no", "0", "false", "N", "no"])),
      col("brand", brand),
      col("caliber", caliber),
      col("grain", grain),
      col("case_type", caseType),
      col("bullet_type", bullet),
      col("rounds", rounds),
      col("sku", sku),
    ],
    csvLineEnd: "\n",
    jsonWrapper: "products",
    xmlRoot: "products",
    xmlItem: "product",
  },
  gunengine: {
    columns: [
      col("item_id", sku),
      col("upc", upc),
      col("title", title),
      col("price", price),
      col("url", url),
      col("stock_status", stockWords(["in_stock", "available", "limited", "in_stock"], ["out_of_stock", "backorder", "sold out"])),
      col("manufacturer", brand),
      col("caliber", caliber),
      col("bullet_weight", grain),
      col("bullet_type", bullet),
      col("case_material", caseType),
      col("rounds_per_box", rounds),
    ],
    csvLineEnd: "\n",
    jsonWrapper: "items",
    xmlRoot: "inventory",
    xmlItem: "item",
  },
  // Generic feeds carry few columns: caliber, grain, count, bullet and case come from the title.
  generic: {
    columns: [
      col("SKU", sku, "id"),
      col(" Product Name", title, "name"),
      col("UPC", upc, "upc"),
      col("Price ", price, "cost"),
      col("availability", stockWords(["In Stock", "Available", "yes", "In stock"], ["Out of Stock", "Sold Out", "no"]), "availability"),
      col("Product URL", url, "product_url"),
      col("BRAND", brand, "brand"),
    ],
    csvLineEnd: "\r\n",
    jsonWrapper: null,
    xmlRoot: "feed",
    xmlItem: "entry",
  },
};

function csvCell(value: Cell): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function xmlText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function renderRow(record: FeedRecord, layout: Layout, format: FeedFormat): string {
  // Seeded by identity, not by feed seed: an unchanged listing renders the same bytes in every version.
  const rng = new Rng(hashSeed("render", identityKey(record)));
  const cells = layout.columns.map((column) => [column, column.write(record, rng, format)] as const);
  if (format === "csv") return cells.map(([, value]) => csvCell(value)).join(",") + layout.csvLineEnd;
  if (format === "json") {
    const item: Record<string, Cell> = {};
    for (const [column, value] of cells) if (value !== null) item[column.key] = value;
    return JSON.stringify(item);
  }
  const fields = cells
    .filter(([, value]) => value !== null)
    .map(([column, value]) => {
      const text = String(value);
      const body = /[<&]/.test(text) && rng.chance(0.5) ? `<![CDATA[${text}]]>` : xmlText(text);
      return `<${column.key}>${body}</${column.key}>`;
    });
  return `  <${layout.xmlItem}>${fields.join("")}</${layout.xmlItem}>\n`;
}

const ROWS_PER_CHUNK = 256;

/** A feed as text chunks, one batch of rows at a time: any number of records in bounded memory. */
export function* renderFeedChunks(
  records: Iterable<FeedRecord>,
  format: FeedFormat,
  family: FeedFamily,
): Generator<string> {
  const layout = LAYOUTS[family];
  if (format === "csv") yield layout.columns.map((column) => csvCell(column.header)).join(",") + layout.csvLineEnd;
  else if (format === "json") {
    yield layout.jsonWrapper === null
      ? "[\n"
      : `{"generated_at":"2026-01-01T00:00:00Z","count_hint":null,"${layout.jsonWrapper}":[\n`;
  } else yield `<?xml version="1.0" encoding="UTF-8"?>\n<${layout.xmlRoot}>\n`;

  let batch: string[] = [];
  let first = true;
  for (const record of records) {
    const row = renderRow(record, layout, format);
    batch.push(format === "json" ? `${first ? "" : ",\n"}${row}` : row);
    first = false;
    if (batch.length >= ROWS_PER_CHUNK) {
      yield batch.join("");
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join("");

  if (format === "json") yield layout.jsonWrapper === null ? "\n]\n" : "\n]}\n";
  else if (format === "xml") yield `</${layout.xmlRoot}>\n`;
}

export function renderFeed(records: Iterable<FeedRecord>, format: FeedFormat, family: FeedFamily): string {
  return [...renderFeedChunks(records, format, family)].join("");
}
