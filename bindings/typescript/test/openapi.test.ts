// src/generated/openapi.ts is what `npm run generate` writes from the server's OpenAPI document.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("../../", import.meta.url));

test("the generated API types are up to date (npm run generate)", () => {
  const script: string = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).scripts.generate;
  const [command, ...args] = script.split(/\s+/);
  const dir = mkdtempSync(join(tmpdir(), "gymcc-openapi-"));
  try {
    const out = join(dir, "openapi.ts");
    const i = args.indexOf("--output");
    args[i + 1] = out;
    execFileSync(join(pkg, "node_modules", ".bin", command!), args, { cwd: pkg, stdio: "pipe" });
    assert.equal(readFileSync(out, "utf8"), readFileSync(join(pkg, "src", "generated", "openapi.ts"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
