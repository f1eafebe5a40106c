import type { FeedFamily } from "../types";
import { normaliseFieldName } from "./fields";

/** Column names only one of the two named families uses (see DOMAIN.md "Feeds"). */
const MARKERS: Record<Exclude<FeedFamily, "generic">, Set<string>> = {
  ammoseek: new Set(["link", "instock", "grain", "casetype", "rounds"]),
  gunengine: new Set(["itemid", "stockstatus", "manufacturer", "bulletweight", "casematerial", "roundsperbox"]),
};
const MIN_MARKERS = 3;

/** The field-naming family of a feed from its column (or key / element) names. */
export function detectFamily(names: readonly string[]): FeedFamily {
  const normalised = names.map(normaliseFieldName);
  let best: FeedFamily = "generic";
  let bestScore = MIN_MARKERS - 1;
  for (const [family, markers] of Object.entries(MARKERS) as Array<[FeedFamily, Set<string>]>) {
    const score = normalised.filter((name) => markers.has(name)).length;
    if (score > bestScore) {
      best = family;
      bestScore = score;
    }
  }
  return best;
}
