// Exact JSON for tests and the conformance runner: the repository's reference data (tests/data)
// and golden files hold integers beyond 2**53 (seeds, int64 draws).

import { readFileSync } from "node:fs";

import { isInteger, isSafeNumber, parse } from "lossless-json";

/** Integers beyond 2**53 as bigints, every other number as a number. */
function exactNumber(text: string): number | bigint {
  return isInteger(text) && !isSafeNumber(text) ? BigInt(text) : Number(text);
}

/** JSON text parsed without rounding any integer. */
export function parseExact(text: string): unknown {
  return parse(text, null, exactNumber);
}

/** tests/data/<name>, parsed exactly. */
export function referenceData<T>(name: string): T {
  // dist/test/data.js -> the repository root is four levels up.
  return parseExact(readFileSync(new URL(`../../../../tests/data/${name}`, import.meta.url), "utf8")) as T;
}
