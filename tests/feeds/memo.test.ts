import { expect, test } from "vitest";
import { canonicalBrand } from "@/lib/feeds/normalise";
import { memoByValue } from "@/lib/feeds/normalise/memo";

test("a remembered column parser computes each distinct value once, null and undefined included, and stays bounded", () => {
  const seen: Array<string | null | undefined> = [];
  const parse = memoByValue((value: string | null | undefined) => {
    seen.push(value);
    return value == null ? null : value.trim().toUpperCase();
  }, 3);
  expect([parse(" a "), parse(" a "), parse(null), parse(null), parse(undefined), parse(undefined)]).toEqual(["A", "A", null, null, null, null]);
  expect(seen).toEqual([" a ", null, undefined]);
  // Full (3 values): the fourth distinct value starts the cache over.
  expect(parse("b")).toBe("B");
  expect(parse(" a ")).toBe("A");
  expect(seen).toEqual([" a ", null, undefined, "b", " a "]);
});

test("the remembered brand parser answers as before, on repeats too", () => {
  for (let i = 0; i < 3; i++) {
    expect(canonicalBrand("Federal Premium")).toBe("Federal");
    expect(canonicalBrand("n/a")).toBeNull();
    expect(canonicalBrand(null)).toBeNull();
  }
});
