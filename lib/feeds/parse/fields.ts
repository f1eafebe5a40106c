import type { ListingField } from "../normalise/record";

/** `Product Name`, `product_name`, `PRODUCT-NAME` → `productname`. */
export function normaliseFieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * Dealer column names (normalised) for each listing field, best first: when a row has several
 * (`sale_price` and `price`), the first non-empty one in this order is used.
 */
const SYNONYMS: Record<ListingField, string[]> = {
  sku: ["sku", "dealersku", "skuid", "itemid", "id", "productid", "itemnumber", "itemno", "productcode", "itemcode", "partnumber"],
  upc: ["upc", "upca", "upccode", "gtin", "gtin12", "gtin13", "ean", "ean13", "barcode"],
  title: ["title", "name", "productname", "producttitle", "itemname", "itemtitle", "listingtitle", "description"],
  price: ["saleprice", "price", "ourprice", "currentprice", "priceusd", "cost", "unitprice", "priceamount", "pricevalue", "amount"],
  stock: [
    "instock", "stock", "stockstatus", "availability", "available", "inventory", "quantityavailable", "qtyavailable",
    "stockqty", "stockquantity", "quantity", "onhand", "status",
  ],
  brand: ["brand", "manufacturer", "mfr", "mfg", "make", "brandname", "maker", "vendor"],
  caliber: ["caliber", "calibre", "cal", "gauge", "cartridge", "chambering"],
  grain: ["grain", "grains", "grainweight", "bulletweight", "bulletgrain", "gr"],
  rounds: ["rounds", "roundsperbox", "roundcount", "qty", "count", "rds", "boxcount", "packsize", "quantityperbox", "perbox", "roundsperpackage"],
  bulletType: ["bullettype", "bullet", "projectile", "bulletstyle", "projectiletype"],
  caseType: ["casetype", "casematerial", "case", "casing", "shellcase"],
  url: ["url", "link", "producturl", "productlink", "href", "permalink", "buyurl", "deeplink"],
};

export interface FieldSlot {
  field: ListingField;
  rank: number;
}

const SLOT_BY_NAME = new Map<string, FieldSlot>();
for (const [field, names] of Object.entries(SYNONYMS) as Array<[ListingField, string[]]>) {
  names.forEach((name, rank) => SLOT_BY_NAME.set(name, { field, rank }));
}

/** Which listing field a dealer column feeds, if any. */
export function fieldForName(name: string): FieldSlot | undefined {
  return SLOT_BY_NAME.get(normaliseFieldName(name));
}

/** Whether the dealer's column names can yield listings at all: a title and a price are needed. */
export function hasTitleAndPrice(names: readonly string[]): boolean {
  const fields = new Set(names.map((name) => fieldForName(name)?.field));
  return fields.has("title") && fields.has("price");
}
