import Papa from "papaparse";
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

interface CsvState {
  delimiter: string;
  /** The record separator: the first line break of the feed ("\r\n", "\n" or "\r"); null until one is seen. */
  newline: string | null;
  header: string[] | null;
  toListing: ((cells: readonly string[]) => RawListing) | null;
  assembler: ListingAssembler;
  row: number;
}

/** One record as papaparse read it: its cells, its text (line break included) and whether its quotes were broken. */
interface CsvRecord {
  cells: string[];
  raw: string;
  /** Why its quotes are broken: unclosed, or a closing quote followed by more text; null when they are not. */
  brokenQuotes: string | null;
}

const isBlank = (cells: readonly string[]): boolean => cells.every((cell) => cell.trim() === "");

/**
 * CSV rows as listings, streamed through papaparse (quoted newlines, `""` escapes, CRLF, LF or CR
 * records, any of `, ; TAB |` as delimiter; a quote inside an unquoted cell is text). The first
 * non-blank record is the header. Blank records are skipped; rows with the wrong number of cells or
 * over MAX_ROW_CHARS are quarantined. Cells are text: nothing is evaluated, so `=HYPERLINK(...)`
 * stays those characters.
 */
export async function* readCsv(chunks: AsyncIterable<string>, headText: string): AsyncGenerator<SourceEvent> {
  const state: CsvState = {
    delimiter: sniffDelimiter(headText),
    newline: null,
    header: null,
    toListing: null,
    assembler: new ListingAssembler(),
    row: 0,
  };
  // Text not yet read as whole records: the tail of the chunks so far.
  let pending = "";
  for await (const chunk of chunks) {
    pending += chunk;
    state.newline ??= firstLineBreak(pending, false);
    if (state.newline === null) {
      if (pending.length > MAX_VALUE_CHARS) throw tooLarge(state);
      continue;
    }
    pending = yield* readRecords(pending, state, false);
    if (pending.length > MAX_VALUE_CHARS) throw tooLarge(state);
  }
  state.newline ??= firstLineBreak(pending, true) ?? "\n";
  yield* readRecords(pending, state, true);
}

function tooLarge(state: CsvState): FeedUnreadableError {
  return new FeedUnreadableError(`CSV record after row ${state.row} is larger than ${MAX_VALUE_CHARS / 1024 / 1024} MB (an unclosed quote?)`);
}

/**
 * The feed's record separator: its first line break outside quotes. null while the text could still
 * change the answer (no line break yet, or a CR that may be the start of a CRLF).
 */
function firstLineBreak(text: string, final: boolean): string | null {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 10) return "\n";
    else if (c === 13) {
      if (i + 1 < text.length) return text.charCodeAt(i + 1) === 10 ? "\r\n" : "\r";
      return final ? "\r" : null;
    }
  }
  return null;
}

/**
 * Yields the events of the whole records in `text` (all of it when `final`) and returns the rest.
 * A record with broken quotes that runs past its first line has swallowed the lines after it (an
 * unclosed quote): that line is quarantined and the text after it read again, so one bad quote loses
 * one row.
 */
function* readRecords(text: string, state: CsvState, final: boolean): Generator<SourceEvent, string> {
  const newline = state.newline!;
  let from = 0;
  for (;;) {
    let restart = -1;
    for (const record of parseRecords(text.slice(from), state, final)) {
      if (record.brokenQuotes !== null) {
        const lineEnd = record.raw.indexOf(newline);
        const swallowed = lineEnd !== -1 && lineEnd + newline.length < record.raw.length;
        state.row += 1;
        const raw = capRaw(swallowed ? record.raw.slice(0, lineEnd) : withoutLineBreak(record.raw));
        yield { kind: "quarantine", row: state.row, raw, reason: `malformed row: ${swallowed ? "unclosed quote" : record.brokenQuotes}` };
        if (swallowed) {
          restart = from + lineEnd + newline.length;
          break;
        }
      } else {
        if (record.raw.length > MAX_VALUE_CHARS) throw tooLarge(state);
        const event = recordEvent(record, state);
        if (event) yield event;
      }
      from += record.raw.length;
    }
    if (restart === -1) return text.slice(from);
    from = restart;
  }
}

/** What papaparse's low-level Parser passes to `step`: one record, wrapped (`Papa.parse` unwraps it). */
interface ParserStep {
  data: string[][];
  errors: Papa.ParseError[];
  meta: { cursor: number };
}

function quoteProblem(errors: readonly Papa.ParseError[]): string | null {
  if (errors.some((e) => e.code === "MissingQuotes")) return "unclosed quote";
  return errors.some((e) => e.code === "InvalidQuotes") ? "text after a closing quote" : null;
}

/** The whole records at the start of `text` (every record when `final`), in order and contiguous. */
function parseRecords(text: string, state: CsvState, final: boolean): CsvRecord[] {
  const records: CsvRecord[] = [];
  let start = 0;
  const parser = new Papa.Parser({
    delimiter: state.delimiter,
    newline: state.newline as Papa.ParseConfig["newline"],
    step: ((result: ParserStep) => {
      const end = result.meta.cursor;
      records.push({ cells: result.data[0] ?? [], raw: text.slice(start, end), brokenQuotes: quoteProblem(result.errors) });
      start = end;
    }) as unknown as Papa.ParseConfig["step"],
  });
  parser.parse(text, 0, !final);
  return records;
}

function withoutLineBreak(raw: string): string {
  if (raw.endsWith("\r\n")) return raw.slice(0, -2);
  return raw.endsWith("\n") || raw.endsWith("\r") ? raw.slice(0, -1) : raw;
}

/** A record's event: the header's field names, a row, or a quarantined row; null for a blank record or a `sep=` hint. */
function recordEvent({ cells, raw }: CsvRecord, state: CsvState): SourceEvent | null {
  if (isBlank(cells)) return null;
  // Excel's `sep=;` hint line comes before the header.
  if (state.header === null && /^sep=.?$/i.test(cells[0]?.trim() ?? "") && isBlank(cells.slice(1))) return null;
  if (state.header === null) {
    const header = cells.map((cell) => cell.replace(/^\uFEFF/, "").trim());
    if (!hasTitleAndPrice(header)) {
      throw new FeedUnreadableError(`CSV header names no title and price columns (found: ${capRaw(header.join(", ")).slice(0, 300)})`);
    }
    state.header = header;
    state.toListing = state.assembler.forColumns(header);
    return { kind: "fields", names: header };
  }
  state.row += 1;
  return toEvent(cells, withoutLineBreak(raw), state.header, state);
}

function toEvent(cells: string[], text: string, header: string[], state: CsvState): SourceEvent {
  const row = state.row;
  if (text.length > MAX_ROW_CHARS) {
    return { kind: "quarantine", row, raw: capRaw(text), reason: `row too large (${text.length} chars, limit ${MAX_ROW_CHARS})` };
  }
  const extraCellsBlank = cells.length > header.length && isBlank(cells.slice(header.length));
  if (cells.length !== header.length && !extraCellsBlank) {
    return { kind: "quarantine", row, raw: capRaw(text), reason: `malformed row: expected ${header.length} columns, got ${cells.length}` };
  }
  const listing = state.toListing ? state.toListing(cells) : {};
  return { kind: "row", row, listing, raw: rawText(text) };
}

// Not an arrow in the object literal: under tsx (the diff worker) a function named by its property is wrapped
// in a naming call (esbuild's keepNames) on every row, ~3% of a CSV parse.
function rawText(text: string): () => string {
  return () => capRaw(text);
}
