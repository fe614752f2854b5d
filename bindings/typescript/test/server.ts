// A live `gymcc serve` for the tests, on a free loopback port: $GYMCC_BIN, else the dev build.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Server {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(...args: string[]): Promise<Server> {
  const bin = process.env["GYMCC_BIN"] ?? fileURLToPath(new URL("../../../../build/dev/bin/gymcc", import.meta.url));
  if (!existsSync(bin)) throw new Error(`no gymcc binary at ${bin}: build it or set GYMCC_BIN`);
  const child: ChildProcess = spawn(bin, ["serve", "--host", "127.0.0.1", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("gymcc serve did not start within 10 s")), 10_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once("exit", (code) => reject(new Error(`gymcc serve exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
