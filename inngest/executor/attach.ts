import type { IncomingEvent } from "./types";

/** What the client middleware hands sent events to. */
export interface EventSink {
  send(events: ReadonlyArray<IncomingEvent>): Promise<string[]>;
}

// On globalThis: Next.js may load this module more than once, and every copy must see the executor.
const slot = globalThis as typeof globalThis & { __dealerPipelineExecutor?: EventSink };

export function attachExecutor(sink: EventSink): void {
  slot.__dealerPipelineExecutor = sink;
}

/** Detaches `sink` (or whatever is attached, when called without one). */
export function detachExecutor(sink?: EventSink): void {
  if (!sink || slot.__dealerPipelineExecutor === sink) delete slot.__dealerPipelineExecutor;
}

export function attachedExecutor(): EventSink | undefined {
  return slot.__dealerPipelineExecutor;
}
