import { benchmark } from "./benchmark";
import { benchmarkRefresh } from "./benchmark-refresh";
import { embeddings } from "./embeddings";
import { feedIngest } from "./feed-ingest";
import { insight } from "./insight";
import { maintenance } from "./maintenance";
import { scheduler } from "./scheduler";
import { skuMatch } from "./sku-match";

/** Every function the app serves, in pipeline order. */
export const functions = [scheduler, feedIngest, skuMatch, benchmark, insight, embeddings, benchmarkRefresh, maintenance];
