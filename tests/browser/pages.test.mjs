// The server's pages in a real browser (headless Chromium via playwright-core):
// the monitor shows running envs with changing frames, the agent page balances
// CartPole, and /docs lists the endpoints. Screenshots go to tests/artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(path.join(repo, "server/web/package.json"));
const { chromium } = require("playwright-core");
const artifacts = path.join(repo, "tests/artifacts");
mkdirSync(artifacts, { recursive: true });

const gymccBin = process.env.GYMCC_BIN;
let server;
let base;
let browser;

before(async () => {
  assert.ok(gymccBin, "GYMCC_BIN must point to the gymcc binary");
  server = spawn(gymccBin, ["serve", "--host", "127.0.0.1", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match) resolve(match[0]);
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
           "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.on("exit", resolve));
    server.kill("SIGTERM");
    assert.equal(await exited, 0);
  }
});

async function api(method, route, body) {
  const res = await fetch(base + route, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

test("monitor shows two running envs with frames that change", async () => {
  const ids = [];
  for (const seed of [1, 2]) {
    const { instance_id } = await api("POST", "/v1/envs/", { env_id: "CartPole-v1", render_mode: "rgb_array" });
    await api("POST", `/v1/envs/${instance_id}/reset/`, { seed });
    ids.push(instance_id);
  }
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(`${base}/monitor.html`);
  for (const id of ids) {
    await page.waitForSelector(`[data-instance="${id}"] img`, { timeout: 15000 });
  }
  const image = page.locator(`[data-instance="${ids[0]}"] img`);
  await page.waitForFunction((id) => {
    const img = document.querySelector(`[data-instance="${id}"] img`);
    return img && img.naturalWidth > 0;
  }, ids[0], { timeout: 15000 });
  const before = await image.screenshot();
  await page.screenshot({ path: path.join(artifacts, "monitor-before.png") });
  for (let i = 0; i < 10; ++i) {
    for (const id of ids) await api("POST", `/v1/envs/${id}/step/`, { action: 1 });
  }
  let after = before;
  for (let tries = 0; tries < 50 && after.equals(before); ++tries) {
    await page.waitForTimeout(100);
    after = await image.screenshot();
  }
  await page.screenshot({ path: path.join(artifacts, "monitor-after.png") });
  assert.ok(!after.equals(before), "the streamed frame did not change after stepping");
  const steps = await page.locator(`[data-instance="${ids[0]}"] [data-field="steps"]`).textContent();
  assert.ok(Number(steps) >= 0);
  for (const id of ids) await api("DELETE", `/v1/envs/${id}/`);
  await page.waitForFunction((id) => !document.querySelector(`[data-instance="${id}"]`), ids[0], { timeout: 10000 });
  await page.close();
});

test("the agent page balances CartPole with its default agent", async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(`${base}/agent.html`);
  await page.click("#run");
  await page.waitForSelector('#status[data-done="true"]', { timeout: 90000 });
  const total = Number(await page.locator("#return").textContent());
  await page.screenshot({ path: path.join(artifacts, "agent.png") });
  assert.ok(total >= 200, `episode return ${total} < 200`);
  assert.equal(await page.locator("#status.error").count(), 0);
  await page.close();
});

test("/docs lists the endpoints", async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  await page.goto(`${base}/docs`);
  await page.waitForSelector(".opblock", { timeout: 20000 });
  const text = await page.locator("#swagger-ui").innerText();
  for (const route of ["/v1/envs/", "/v1/envs/{instance_id}/reset/", "/v1/envs/{instance_id}/step/",
                       "/v1/envs/{instance_id}/monitor/render/", "/metrics"]) {
    assert.ok(text.includes(route), `docs do not list ${route}`);
  }
  await page.screenshot({ path: path.join(artifacts, "docs.png"), fullPage: false });
  await page.close();
});
