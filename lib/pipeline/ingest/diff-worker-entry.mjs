// The diff worker thread's entry: TypeScript sources are loaded through tsx, as everywhere else in the
// embedded default (see ./diff-worker.ts).
import { register } from "tsx/esm/api";

register();
await import("./diff-worker-thread.ts");
