// The package in a browser (headless Chromium, playwright-core from server/web): the built ES
// modules loaded as they are, with an import map for @msgpack/msgpack, against a live gymcc
// serve (CORS allowed) over fetch and over the browser's own WebSocket.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { extname, join, normalize } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { type Server, startServer } from "./server.js";

const pkg = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(join(pkg, "../../server/web/package.json"));
// The little of playwright-core's API used here (it is server/web's package, not ours).
interface Page {
  goto(url: string): Promise<unknown>;
  waitForFunction(predicate: () => boolean, arg: null, options: { timeout: number }): Promise<unknown>;
  evaluate<T>(expression: () => T): Promise<T>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
const { chromium } = require("playwright-core") as {
  chromium: { launch(options: { executablePath: string; args: string[] }): Promise<Browser> };
};

const PAGE = (api: string) => `<!doctype html>
<script type="importmap">{"imports": {"@msgpack/msgpack": "/node_modules/@msgpack/msgpack/dist.esm/index.mjs"}}</script>
<script type="module">
import { Client, NDArray } from "/dist/src/index.js";
try {
  const client = new Client(${JSON.stringify(api)});
  const env = await client.make("CartPole-v1");
  const { observation } = await env.reset({ seed: 42 });
  env.actionSpace.seed(42);
  const action = env.actionSpace.sample();
  const step = await env.step(action);
  await env.close();
  const session = await client.session();
  const remote = await session.make("CartPole-v1");
  const again = await remote.reset({ seed: 42 });
  const wsStep = await remote.step(action);
  session.close();
  window.result = {
    float32: observation instanceof NDArray && observation.data instanceof Float32Array,
    reset: observation.toNumbers(), wsReset: again.observation.toNumbers(),
    step: step.observation.toNumbers(), wsStep: wsStep.observation.toNumbers(),
    infinity: env.observationSpace.low[1] + 1, action,
  };
} catch (e) {
  window.result = { error: String(e && e.stack || e) };
}
</script>`;

let gymcc: Server;
let statics: ReturnType<typeof createServer>;
let pageUrl: string;

before(async () => {
  gymcc = await startServer("--cors-origin", "*");
  statics = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    if (path === "/") {
      response.writeHead(200, { "Content-Type": "text/html" }).end(PAGE(gymcc.url));
      return;
    }
    if (!path.startsWith("/dist/") && !path.startsWith("/node_modules/@msgpack/")) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(pkg, path));
      const type = [".js", ".mjs"].includes(extname(path)) ? "text/javascript" : "application/octet-stream";
      response.writeHead(200, { "Content-Type": type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => statics.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://127.0.0.1:${(statics.address() as { port: number }).port}/`;
});

after(async () => {
  statics?.close();
  await gymcc?.stop();
});

test("the ES modules run in Chromium: REST over fetch, a session over the browser's WebSocket", async () => {
  const browser = await chromium.launch({
    executablePath: process.env["CHROMIUM"] ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 20_000 });
    const result = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as Record<string, unknown>;
    assert.equal(result["error"], undefined, String(result["error"]));
    assert.equal(result["float32"], true);
    assert.equal(result["infinity"], -Infinity);
    assert.deepEqual(result["wsReset"], result["reset"]);
    assert.deepEqual(result["wsStep"], result["step"]);
    assert.ok(result["action"] === 0 || result["action"] === 1);
  } finally {
    await browser.close();
  }
});
