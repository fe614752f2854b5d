//! Single-env step latency for benchmarks/run.py (benchmarks/clients.py): CartPole-v1 over REST
//! or a WebSocket session, one step in flight (actions 0, 1, 0, ...), resets untimed; one JSON
//! line out.
//!     cargo run --release --example step_bench -- --url URL --transport http|ws [--seconds S] [--warmup S] [--env-id ID]
use gymcc::{Client, Env, MakeOptions};
use std::time::{Duration, Instant};

struct Bench {
    env: Env,
    latencies: Vec<f64>,
    resets: usize,
    n: u64,
}

impl Bench {
    fn run(&mut self, seconds: f64, record: bool) -> gymcc::Result<()> {
        let until = Instant::now() + Duration::from_secs_f64(seconds);
        while Instant::now() < until {
            let started = Instant::now();
            let step = self.env.step((self.n % 2) as i64)?;
            let took = started.elapsed();
            self.n += 1;
            if record {
                self.latencies.push(took.as_nanos() as f64 / 1e3);
            }
            if step.terminated || step.truncated {
                self.env.reset(None, None)?;
                self.resets += usize::from(record);
            }
        }
        Ok(())
    }
}

fn main() -> gymcc::Result<()> {
    let mut url = None;
    let (mut transport, mut seconds, mut warmup, mut env_id) = ("http".to_string(), 2.0, 0.5, "CartPole-v1".to_string());
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--url" => url = Some(value),
            "--transport" => transport = value,
            "--seconds" => seconds = value.parse().expect("--seconds takes a number"),
            "--warmup" => warmup = value.parse().expect("--warmup takes a number"),
            "--env-id" => env_id = value,
            other => panic!("unknown flag {other}"),
        }
    }
    let client = Client::new(&url.expect("--url is required"))?;
    let session = match transport.as_str() {
        "ws" => Some(client.session()?),
        "http" => None,
        other => panic!("--transport is http or ws, not {other}"),
    };
    let env = match &session {
        Some(s) => s.make(&env_id, MakeOptions::default())?,
        None => client.make(&env_id, MakeOptions::default())?,
    };
    env.reset_with_seed(0)?;
    let mut bench = Bench { env, latencies: Vec::with_capacity(1 << 16), resets: 0, n: 0 };
    bench.run(warmup, false)?;
    let start = Instant::now();
    bench.run(seconds, true)?;
    let elapsed = start.elapsed().as_secs_f64();
    bench.env.close()?;
    if let Some(s) = session {
        s.close();
    }
    let mut l = bench.latencies;
    l.sort_by(f64::total_cmp);
    let at = |q: f64| l[((q * l.len() as f64) as usize).min(l.len() - 1)];
    let out = serde_json::json!({
        "mode": "client-step", "client": "rust", "runtime": rustc_runtime(), "transport": transport,
        "env": env_id, "steps": l.len(), "resets": bench.resets, "duration_s": elapsed,
        "latency_us": {"p50": at(0.5), "p90": at(0.9), "p99": at(0.99),
                       "mean": l.iter().sum::<f64>() / l.len() as f64, "min": l[0], "max": l[l.len() - 1]},
    });
    println!("{out}");
    Ok(())
}

/// The compiler that built this program, as benchmarks/clients.py passes it (`rustc --version`
/// in GYMCC_RUSTC_VERSION; read at run time so that builds with and without it are the same).
fn rustc_runtime() -> String {
    std::env::var("GYMCC_RUSTC_VERSION").unwrap_or_else(|_| "rust".into())
}
