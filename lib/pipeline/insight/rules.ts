/**
 * DOMAIN.md "Insights", made precise.
 *
 * OVERPRICED / UNDERPRICED: a listing matched HIGH or MEDIUM, with a price per round, against its canonical
 * SKU's published benchmark; delta = (dealer ppr − median) / median, exact. |delta| ≥ 15% with a HIGH
 * benchmark → severity HIGH; else |delta| ≥ 8% (HIGH or MEDIUM benchmark) → MEDIUM.
 *
 * STOCK_OPPORTUNITY, two kinds:
 * - out of stock: an active listing (matched HIGH/MEDIUM) is out of stock, the dealer has no in-stock listing
 *   of that canonical SKU, and its benchmark is published — at least 2 other sellers have it in stock
 *   (benchmarks count in-stock listings only). Severity HIGH with 3+ sellers (HIGH benchmark), else MEDIUM.
 * - not carried: a canonical SKU in one of the dealer's calibers (of its active listings) that none of its
 *   active listings is matched to, with 3+ sellers in stock (HIGH benchmark). Severity LOW: an assortment
 *   suggestion, not a problem.
 *
 * ATTRIBUTE_GAP: an active listing missing caliber, grain or round count that is not benchmarked for it
 * (unmatched, matched only LOW, or without a price per round). A listing the UPC matched and that has a price
 * per round is benchmarked despite a missing grain: no gap then. Severity LOW.
 */
export const PRICE_HIGH_DELTA_PCT = 15;
export const PRICE_MEDIUM_DELTA_PCT = 8;
