/** Pure normalisers for dealer feed values (see ../../../shared/DOMAIN.md "Normalising a listing"). */
export { canonicalBrand, findBrand, resolveBrand } from "./brand";
export { bulletTypeFromText, parseBulletType, resolveBulletType } from "./bullet";
export { canonicalCaliber, findCaliber, resolveCaliber } from "./caliber";
export { CALIBERS } from "./caliber-table";
export { caseTypeFromText, parseCaseType, resolveCaseType } from "./case-type";
export { grainFromText, parseGrain, resolveGrain } from "./grain";
export { MAX_PRICE, parsePrice, pricePerRound, type PriceResult } from "./price";
export { LISTING_FIELDS, normaliseListing, type ListingField, type NormaliseResult, type RawListing } from "./record";
export { parseRounds, resolveRounds, roundsFromText } from "./rounds";
export { normaliseSku } from "./sku";
export { parseInStock } from "./stock";
export { cleanCell, collapseWhitespace, plainText } from "./text";
export { normaliseUpc } from "./upc";
export { normaliseUrl } from "./url";
