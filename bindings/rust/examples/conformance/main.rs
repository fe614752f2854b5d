//! The Rust client's conformance runner (tests/conformance/README.md):
//!
//!     cargo run --example conformance -- --url URL --fixtures DIR
//!
//! It replays every fixture twice — over REST (" [http]") and over a WebSocket session
//! (" [ws]") — prints PASS/FAIL per case, then "rust: N passed, M failed".

mod cases;
mod compare;

use cases::{Maker, Outcome};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

type Kind = fn(&Value, &Maker) -> Outcome;

fn kind_of(v: &Value) -> Option<Kind> {
    let o = v.as_object()?;
    let has = |k: &str| o.contains_key(k);
    if has("steps") && has("reset") {
        Some(cases::episode)
    } else if has("calls") {
        Some(cases::vector_run)
    } else if has("call") && has("status") {
        Some(cases::error_case)
    } else if has("action_space") && has("observation_space") {
        Some(cases::spaces_case)
    } else {
        None
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.to_string_lossy().ends_with(".jsonl") || path.to_string_lossy().ends_with(".jsonl.gz") {
            out.push(path);
        }
    }
}

fn read_lines(path: &Path) -> std::io::Result<Vec<String>> {
    let data = std::fs::read(path)?;
    let mut text = String::new();
    if path.to_string_lossy().ends_with(".gz") {
        flate2::read::GzDecoder::new(data.as_slice()).read_to_string(&mut text)?;
    } else {
        text = String::from_utf8_lossy(&data).into_owned();
    }
    Ok(text.split('\n').map(str::to_string).collect())
}

struct Case {
    name: String,
    fixture: Result<(Value, Kind), String>,
    over_session: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value_of = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let (Some(url), Some(fixtures)) = (value_of("--url"), value_of("--fixtures")) else {
        eprintln!("usage: conformance --url URL --fixtures DIR");
        std::process::exit(2);
    };
    let client = gymcc::Client::new(&url).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let root = PathBuf::from(&fixtures);
    let mut paths = Vec::new();
    files(&root, &mut paths);
    paths.sort();
    let mut all = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().into_owned();
        let lines = read_lines(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{rel}:{}", i + 1);
            let fixture = match serde_json::from_str::<Value>(line) {
                Err(e) => Err(format!("not JSON: {e}")),
                Ok(v) => match kind_of(&v) {
                    None => Err("a line of no fixture kind".to_string()),
                    Some(k) => Ok((v, k)),
                },
            };
            let label = match &fixture {
                Ok((v, _)) if v.get("call").is_some() && v["name"].is_string() => format!("{at}#{}", v["name"].as_str().unwrap()),
                _ => at.clone(),
            };
            if fixture.is_err() {
                all.push(Case { name: at, fixture, over_session: false });
                continue;
            }
            all.push(Case { name: format!("{label} [http]"), fixture: fixture.clone(), over_session: false });
            all.push(Case { name: format!("{label} [ws]"), fixture, over_session: true });
        }
    }
    // A few cases at a time (each with its own instances), reported in order.
    let total = all.len();
    let queue = Arc::new(Mutex::new(all.into_iter().enumerate().collect::<Vec<_>>().into_iter()));
    let (sender, receiver) = mpsc::channel::<(usize, String)>();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (queue, sender, client) = (queue.clone(), sender.clone(), client.clone());
            std::thread::spawn(move || loop {
                let Some((i, case)) = queue.lock().unwrap().next() else { break };
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &case.fixture {
                    Err(reason) => Err(reason.clone()),
                    Ok((v, kind)) if case.over_session => match client.session() {
                        Ok(session) => {
                            let result = kind(v, &Maker::Session(&session));
                            session.close();
                            result
                        }
                        Err(e) => Err(e.to_string()),
                    },
                    Ok((v, kind)) => kind(v, &Maker::Client(&client)),
                }))
                .unwrap_or_else(|_| Err("the client panicked".to_string()));
                let line = match outcome {
                    Ok(()) => format!("PASS {}", case.name),
                    Err(reason) => format!("FAIL {}: {reason}", case.name),
                };
                if sender.send((i, line)).is_err() {
                    break;
                }
            })
        })
        .collect();
    drop(sender);
    let mut lines: Vec<Option<String>> = vec![None; total];
    let (mut next, mut passed, mut failed) = (0, 0, 0);
    for (i, line) in receiver {
        lines[i] = Some(line);
        while next < total {
            let Some(line) = lines[next].take() else { break };
            if line.starts_with("PASS") {
                passed += 1;
            } else {
                failed += 1;
            }
            println!("{line}");
            next += 1;
        }
    }
    workers.into_iter().for_each(|w| {
        let _ = w.join();
    });
    failed += total - next; // a case whose worker died
    println!("rust: {passed} passed, {failed} failed");
    std::process::exit(if failed > 0 { 1 } else { 0 });
}
