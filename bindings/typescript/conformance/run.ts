// The TypeScript client's conformance runner (tests/conformance/README.md):
//   node dist/conformance/run.js --url URL --fixtures DIR
// replays every fixture twice — over REST (" [http]") and over a WebSocket session (" [ws]") —
// and prints PASS/FAIL per case, then "ts: N passed, M failed".

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";

import { Client, GymccError, type Env, type Session, type VectorEnv } from "../src/index.js";
import type { MakeOptions, MakeVecOptions, AutoresetMode } from "../src/env.js";
import { parseExact } from "../test/data.js";
import { diff, isTyped, spaceDiff, typedToNDArray, untyped } from "./compare.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Maker {
  make(envId: string, options?: MakeOptions): Promise<Env>;
  makeVec(envId: string, numEnvs: number, options?: MakeVecOptions): Promise<VectorEnv>;
}

interface Transport {
  name: string;
  open(): Promise<{ maker: Maker; close(): void }>;
}

class Failure extends Error {}

function check(difference: string | undefined, where: string): void {
  if (difference !== undefined) throw new Failure(`${where}: ${difference}`);
}

function makeOptions(args: Json): MakeOptions {
  return { kwargs: args["kwargs"] ?? undefined, renderMode: args["render_mode"], maxEpisodeSteps: args["max_episode_steps"] };
}

function makeVecOptions(args: Json): MakeVecOptions {
  return {
    kwargs: args["kwargs"] ?? undefined,
    maxEpisodeSteps: args["max_episode_steps"],
    autoresetMode: args["autoreset_mode"] as AutoresetMode | undefined,
  };
}

async function episode(ep: Json, maker: Maker): Promise<void> {
  const env = await maker.make(ep["id"], { kwargs: ep["kwargs"] ?? {} });
  try {
    const sampled = ep["policy"] === "action_space.sample";
    if (sampled) env.actionSpace.seed(ep["seed"]);
    const reset = await env.reset({ seed: ep["seed"], options: ep["options"] });
    check(diff(ep["reset"]["obs"], reset.observation), "reset obs");
    check(diff(ep["reset"]["info"], reset.info), "reset info");
    let i = 0;
    for (const [action, obs, reward, terminated, truncated, info] of ep["steps"] as unknown[][]) {
      i++;
      if (sampled) check(diff(action, env.actionSpace.sample()), `step ${i}: action_space.sample()`);
      const result = await env.step(action);
      check(diff(obs, result.observation), `step ${i} obs`);
      check(diff(Number(reward), result.reward), `step ${i} reward`);
      check(diff(terminated, result.terminated), `step ${i} terminated`);
      check(diff(truncated, result.truncated), `step ${i} truncated`);
      check(diff(info, result.info), `step ${i} info`);
    }
  } finally {
    await env.close();
  }
}

async function vectorRun(run: Json, maker: Maker): Promise<void> {
  const envs = await maker.makeVec(run["id"], run["num_envs"], {
    kwargs: run["kwargs"] ?? {},
    maxEpisodeSteps: run["max_episode_steps"],
    autoresetMode: run["autoreset_mode"],
  });
  try {
    envs.actionSpace.seed(run["action_seed"]);
    let i = 0;
    for (const call of run["calls"] as unknown[][]) {
      i++;
      if (call[0] === "reset") {
        const [, seed, options, obs, infos] = call;
        // Options travel as plain values (the ndarray extension is for actions and results).
        const result = await envs.reset({ seed: seed as never, options: untyped(options) as Json | null });
        check(diff(obs, result.observations), `call ${i} (reset) obs`);
        check(diff(infos, result.infos), `call ${i} (reset) infos`);
      } else {
        const [, actions, obs, rewards, terminated, truncated, infos] = call;
        check(diff(actions, envs.actionSpace.sample()), `call ${i}: action_space.sample()`);
        const result = await envs.step(isTyped(actions) ? typedToNDArray(actions) : actions);
        check(diff(obs, result.observations), `call ${i} (step) obs`);
        check(diff(rewards, result.rewards), `call ${i} (step) rewards`);
        check(diff(terminated, result.terminated), `call ${i} (step) terminated`);
        check(diff(truncated, result.truncated), `call ${i} (step) truncated`);
        check(diff(infos, result.infos), `call ${i} (step) infos`);
      }
    }
  } finally {
    await envs.close();
  }
}

async function errorCase(c: Json, maker: Maker): Promise<void> {
  const args: Json = c["args"] ?? {};
  let instance: Env | VectorEnv | undefined;
  const call = async (): Promise<unknown> => {
    switch (c["call"]) {
      case "make":
        return maker.make(args["env_id"], makeOptions(args));
      case "make_vec":
        return maker.makeVec(args["env_id"], args["num_envs"], makeVecOptions(args));
      case "reset":
      case "step": {
        const env = await maker.make(c["env"]["env_id"], makeOptions(c["env"]));
        instance = env;
        if (c["reset"]) await env.reset(c["reset"]);
        return c["call"] === "reset" ? env.reset({ seed: args["seed"], options: args["options"] }) : env.step(args["action"]);
      }
      case "vector_reset":
      case "vector_step": {
        const envs = await maker.makeVec(c["env"]["env_id"], c["env"]["num_envs"] ?? 1, makeVecOptions(c["env"]));
        instance = envs;
        if (c["reset"]) await envs.reset(c["reset"]);
        return c["call"] === "vector_reset" ? envs.reset({ seed: args["seed"], options: args["options"] }) : envs.step(args["actions"]);
      }
      default:
        throw new Failure(`unknown call ${JSON.stringify(c["call"])}`);
    }
  };
  let outcome: unknown;
  try {
    outcome = await call();
  } catch (e) {
    if (e instanceof Failure) throw e;
    if (!(e instanceof GymccError)) throw new Failure(`expected a GymccError ${c["status"]} ${c["code"]}, got ${String(e)}`);
    if (e.status !== c["status"] || e.code !== c["code"]) {
      throw new Failure(`expected ${c["status"]} ${c["code"]}, got ${e.status} ${e.code} (${e.detail})`);
    }
    return;
  } finally {
    await instance?.close().catch(() => undefined);
  }
  if (outcome && typeof (outcome as Env).close === "function") await (outcome as Env).close();
  throw new Failure(`the call succeeded; expected ${c["status"]} ${c["code"]}`);
}

async function spacesCase(c: Json, maker: Maker): Promise<void> {
  const made =
    c["num_envs"] === undefined
      ? await maker.make(c["env_id"], { kwargs: c["kwargs"] ?? {} })
      : await maker.makeVec(c["env_id"], c["num_envs"], { kwargs: c["kwargs"] ?? {} });
  try {
    check(spaceDiff(c["action_space"], made.actionSpace), "action_space");
    check(spaceDiff(c["observation_space"], made.observationSpace), "observation_space");
  } finally {
    await made.close();
  }
}

type Kind = (value: Json, maker: Maker) => Promise<void>;

function kindOf(value: unknown): Kind | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = value as Json;
  if ("steps" in v && "reset" in v) return episode;
  if ("calls" in v) return vectorRun;
  if ("call" in v && "status" in v) return errorCase;
  if ("action_space" in v && "observation_space" in v) return spacesCase;
  return undefined;
}

interface Case {
  name: string;
  run: () => Promise<void>;
}

function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".jsonl") || entry.endsWith(".jsonl.gz")) out.push(path);
    }
  };
  walk(dir);
  return out;
}

function casesOf(fixtures: string, transports: Transport[]): Case[] {
  const cases: Case[] = [];
  for (const file of fixtureFiles(fixtures)) {
    const raw = readFileSync(file);
    const text = file.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
    text.split("\n").forEach((line, index) => {
      if (line.trim() === "") return;
      const where = `${relative(fixtures, file)}:${index + 1}`;
      let value: unknown;
      try {
        value = parseExact(line);
      } catch (e) {
        cases.push({ name: where, run: () => Promise.reject(new Failure(`not JSON: ${(e as Error).message}`)) });
        return;
      }
      const kind = kindOf(value);
      if (kind === undefined) {
        cases.push({ name: where, run: () => Promise.reject(new Failure("a line of no fixture kind")) });
        return;
      }
      const label = kind === errorCase ? `${where}#${(value as Json)["name"]}` : where;
      for (const transport of transports) {
        cases.push({
          name: `${label} [${transport.name}]`,
          run: async () => {
            const { maker, close } = await transport.open();
            try {
              await kind(value as Json, maker);
            } finally {
              close();
            }
          },
        });
      }
    });
  }
  return cases;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const option = (name: string): string => {
    const i = argv.indexOf(name);
    if (i < 0 || i + 1 >= argv.length) throw new Error(`usage: run.js --url URL --fixtures DIR (missing ${name})`);
    return argv[i + 1]!;
  };
  const url = option("--url");
  const fixtures = option("--fixtures");
  const client = new Client(url);
  const transports: Transport[] = [
    { name: "http", open: async () => ({ maker: client, close: () => undefined }) },
    {
      name: "ws",
      open: async () => {
        const session: Session = await client.session();
        return { maker: session, close: () => session.close() };
      },
    },
  ];
  const cases = casesOf(fixtures, transports);
  // A few cases at a time (each its own instances), reported in order.
  const results: (string | undefined)[] = new Array(cases.length);
  let next = 0;
  let printed = 0;
  let passed = 0;
  let failed = 0;
  const flush = () => {
    while (printed < cases.length && results[printed] !== undefined) process.stdout.write(results[printed++]! + "\n");
  };
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      try {
        await c.run();
        results[i] = `PASS ${c.name}`;
        passed++;
      } catch (e) {
        const reason = e instanceof Failure ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
        results[i] = `FAIL ${c.name}: ${reason}`;
        failed++;
      }
      flush();
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  flush();
  process.stdout.write(`ts: ${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`ts runner: ${(e as Error).stack ?? e}\n`);
    process.exit(2);
  },
);
