import { CsvError, parse } from "csv-parse";
import { FeedUnreadableError } from "../types";
import type { RawListing } from "../normalise/record";
import type { SourceEvent } from "./events";
import { hasTitleAndPrice } from "./fields";
import { capRaw, MAX_ROW_CHARS, MAX_VALUE_CHARS } from "./limits";
import { ListingAssembler } from "./listing-assembler";

const DELIMITERS = [",", ";", "\t", "|"] as const;

/** The delimiter of Excel's `sep=` hint, else the one used most often (outside quotes) in the first non-blank line. */
export function sniffDelimiter(headText: string): string {
  const lines = headText.split(/\r\n|\n|\r/).filter((line) => line.trim() !== "");
  const hint = /^sep=(.)$/i.exec(lines[0]?.trim() ?? "");
  if (hint?.[1] !== undefined) return hint[1];
  const firstLine = lines[0] ?? "";
  let best: string = ",";
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of firstLine) {
      if (char === '"') quoted = !quoted;
      else if (char === delimiter && !quoted) count += 1;
    }
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

type Parsed = { kind: "record"; cells: string[]; raw: string } | { kind: "skip"; error: CsvError; raw: string };

interface CsvState {
  delimiter: string;
  header: string[] | null;
  toListing: ((cells: readonly string[]) => RawListing) | null;
  assembler: ListingAssembler;
  row: number;
}

const isBlank = (cells: readonly string[]): boolean => cells.every((cell) => cell.trim() === "");

function unreadable(error: Error, state: CsvState): FeedUnreadableError {
  if (error instanceof CsvError && error.code === "CSV_MAX_RECORD_SIZE") {
    return new FeedUnreadableError(
      `CSV record after row ${state.row} is larger than ${MAX_VALUE_CHARS / 1024 / 1024} MB (an unclosed quote?)`,
    );
  }
  return new FeedUnreadableError(`CSV cannot be read: ${error.message}`);
}

/**
 * CSV rows as listings, streamed through csv-parse (quoted newlines, `""` escapes, CRLF, any of
 * `, ; TAB |` as delimiter). The first non-blank record is the header. Blank records are skipped;
 * rows with the wrong number of cells or over MAX_ROW_CHARS are quarantined. Cells are text:
 * nothing is evaluated, so `=HYPERLINK(...)` stays those characters.
 */
export async function* readCsv(chunks: AsyncIterable<string>, headText: string): AsyncGenerator<SourceEvent> {
  const state: CsvState = { delimiter: sniffDelimiter(headText), header: null, toListing: null, assembler: new ListingAssembler(), row: 0 };
  yield* parseChunks(chunks, state);
}

async function* parseChunks(chunks: AsyncIterable<string>, state: CsvState): AsyncGenerator<SourceEvent> {
  const queue: Parsed[] = [];
  let failure: Error | null = null;
  const parser = parse({
    delimiter: state.delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_VALUE_CHARS,
    raw: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      if (!error) return;
      if (error.code === "CSV_MAX_RECORD_SIZE") {
        failure = error;
        throw error; // csv-parse turns a throwing on_skip into a stream error: stop.
      }
      queue.push({ kind: "skip", error, raw: raw ?? "" });
    },
  });
  // Records arrive synchronously inside write()/end(), in order with the skips above.
  parser.on("data", (data: { record: string[]; raw: string }) => {
    queue.push({ kind: "record", cells: data.record, raw: data.raw });
  });
  const finished = new Promise<void>((resolve) => {
    parser.once("end", resolve);
    parser.once("close", resolve);
    parser.once("error", (error: Error) => {
      failure ??= error;
      resolve();
    });
  });

  for await (const chunk of chunks) {
    parser.write(chunk);
    if (failure) throw unreadable(failure, state);
    yield* drain(queue, state);
  }
  parser.end();
  await finished;
  if (failure) throw unreadable(failure, state);
  yield* drain(queue, state);
}

async function* drain(queue: Parsed[], state: CsvState): AsyncGenerator<SourceEvent> {
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (item.kind === "skip") {
      yield* recover(item, state);
      continue;
    }
    const { cells, raw } = item;
    if (isBlank(cells)) continue;
    // Excel's `sep=;` hint line comes before the header.
    if (state.header === null && /^sep=.?$/i.test(cells[0]?.trim() ?? "") && isBlank(cells.slice(1))) continue;
    if (state.header === null) {
      const header = cells.map((cell) => cell.replace(/^\uFEFF/, "").trim());
      if (!hasTitleAndPrice(header)) {
        throw new FeedUnreadableError(
          `CSV header names no title and price columns (found: ${capRaw(header.join(", ")).slice(0, 300)})`,
        );
      }
      state.header = header;
      state.toListing = state.assembler.forColumns(header);
      yield { kind: "fields", names: header };
      continue;
    }
    state.row += 1;
    yield toEvent(cells, raw, state.header, state);
  }
}

function toEvent(cells: string[], raw: string, header: string[], state: CsvState): SourceEvent {
  const row = state.row;
  const text = raw.replace(/^(?:\r?\n|\r)+/, "").replace(/(?:\r?\n|\r)$/, "");
  if (text.length > MAX_ROW_CHARS) {
    return { kind: "quarantine", row, raw: capRaw(text), reason: `row too large (${text.length} chars, limit ${MAX_ROW_CHARS})` };
  }
  const extraCellsBlank = cells.length > header.length && isBlank(cells.slice(header.length));
  if (cells.length !== header.length && !extraCellsBlank) {
    return {
      kind: "quarantine",
      row,
      raw: capRaw(text),
      reason: `malformed row: expected ${header.length} columns, got ${cells.length}`,
    };
  }
  const listing = state.toListing ? state.toListing(cells) : {};
  return { kind: "row", row, listing, raw: () => capRaw(text) };
}

/**
 * A record csv-parse gave up on. An unclosed quote swallows everything after it, so its first
 * line is quarantined and the lines after it are parsed again: one bad quote loses one row.
 */
async function* recover(item: Extract<Parsed, { kind: "skip" }>, state: CsvState): AsyncGenerator<SourceEvent> {
  const raw = item.raw;
  if (item.error.code === "CSV_QUOTE_NOT_CLOSED" && state.header !== null) {
    const lineEnd = raw.search(/\r?\n|\r/);
    const firstLine = lineEnd === -1 ? raw : raw.slice(0, lineEnd);
    state.row += 1;
    yield { kind: "quarantine", row: state.row, raw: capRaw(firstLine), reason: "malformed row: unclosed quote" };
    if (lineEnd !== -1) {
      const rest = raw.slice(lineEnd).replace(/^\r?\n|^\r/, "");
      yield* parseChunks(
        (async function* () {
          yield rest;
        })(),
        state,
      );
    }
    return;
  }
  state.row += 1;
  const reason = item.error.message.split(":")[0] ?? item.error.code;
  yield { kind: "quarantine", row: state.row, raw: capRaw(raw), reason: `malformed row: ${reason.toLowerCase()}` };
}
