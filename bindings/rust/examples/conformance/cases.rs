//! The four fixture kinds, replayed through one transport (a client or a session).

use crate::compare::{diff, diff_element, ints, space_diff, typed, untyped, ARRAY_TAG};
use gymcc::{AutoresetMode, Client, DType, Env, Error, MakeOptions, MakeVecOptions, NdArray, Seed, Session, VectorEnv, VectorSeed};
use serde_json::Value;

/// What makes envs.
pub enum Maker<'a> {
    Client(&'a Client),
    Session(&'a Session),
}

impl Maker<'_> {
    fn make(&self, id: &str, o: MakeOptions) -> gymcc::Result<Env> {
        match self {
            Maker::Client(c) => c.make(id, o),
            Maker::Session(s) => s.make(id, o),
        }
    }

    fn make_vec(&self, id: &str, n: usize, o: MakeVecOptions) -> gymcc::Result<VectorEnv> {
        match self {
            Maker::Client(c) => c.make_vec(id, n, o),
            Maker::Session(s) => s.make_vec(id, n, o),
        }
    }
}

pub type Outcome = Result<(), String>;

fn check(difference: Option<String>, where_: &str) -> Outcome {
    match difference {
        Some(d) => Err(format!("{where_}: {d}")),
        None => Ok(()),
    }
}

fn seed_of(v: &Value) -> Option<Seed> {
    v.as_number().map(|n| Seed::from_decimal(&n.to_string()).expect("a fixture seed is a non-negative integer"))
}

fn vector_seed(v: &Value) -> Option<VectorSeed> {
    match v {
        Value::Array(list) => Some(VectorSeed::Each(list.iter().map(seed_of).collect())),
        _ => seed_of(v).map(VectorSeed::All),
    }
}

fn object(v: Option<&Value>) -> Option<Value> {
    v.filter(|x| x.is_object()).cloned()
}

fn make_options(args: &Value) -> MakeOptions {
    MakeOptions {
        kwargs: object(args.get("kwargs")),
        render_mode: args.get("render_mode").and_then(Value::as_str).map(str::to_string),
        max_episode_steps: args.get("max_episode_steps").and_then(Value::as_i64),
    }
}

fn make_vec_options(args: &Value) -> MakeVecOptions {
    MakeVecOptions {
        kwargs: object(args.get("kwargs")),
        max_episode_steps: args.get("max_episode_steps").and_then(Value::as_i64),
        autoreset_mode: args.get("autoreset_mode").and_then(Value::as_str).map(AutoresetMode::from_name).unwrap_or_default(),
    }
}

fn e(err: Error) -> String {
    err.to_string()
}

pub fn episode(ep: &Value, m: &Maker) -> Outcome {
    let mut env = m.make(ep["id"].as_str().unwrap_or(""), MakeOptions { kwargs: object(ep.get("kwargs")), ..Default::default() }).map_err(e)?;
    let seed = seed_of(&ep["seed"]);
    let sampled = ep["policy"] == "action_space.sample";
    if sampled {
        env.action_space.seed(seed.as_ref());
    }
    let (obs, info) = env.reset(seed.as_ref(), object(ep.get("options"))).map_err(e)?;
    check(diff_element(&ep["reset"]["obs"], &obs, "$"), "reset obs")?;
    check(diff(&ep["reset"]["info"], &Value::Object(info), "$"), "reset info")?;
    for (i, step) in ep["steps"].as_array().cloned().unwrap_or_default().iter().enumerate() {
        let w = format!("step {}", i + 1);
        if sampled {
            let sample = env.action_space.sample();
            check(diff_element(&step[0], &sample, "$"), &format!("{w}: action_space.sample()"))?;
        }
        let r = env.step(step[0].clone()).map_err(|x| format!("{w}: {x}"))?;
        // The API sends every reward as a float; toy text's golden rewards are ints.
        let reward = gymcc::value::to_f64(&step[2]).map_err(|_| format!("{w}: a reward that is not a number"))?;
        check(diff_element(&step[1], &r.observation, "$"), &format!("{w} obs"))?;
        check(diff(&gymcc::value::float_value(reward), &gymcc::value::float_value(r.reward), "$"), &format!("{w} reward"))?;
        check(diff(&step[3], &Value::Bool(r.terminated), "$"), &format!("{w} terminated"))?;
        check(diff(&step[4], &Value::Bool(r.truncated), "$"), &format!("{w} truncated"))?;
        check(diff(&step[5], &Value::Object(r.info), "$"), &format!("{w} info"))?;
    }
    env.close().map_err(e)
}

pub fn vector_run(run: &Value, m: &Maker) -> Outcome {
    let options = make_vec_options(run);
    let mut envs = m.make_vec(run["id"].as_str().unwrap_or(""), run["num_envs"].as_u64().unwrap_or(1) as usize, options).map_err(e)?;
    envs.action_space.seed(seed_of(&run["action_seed"]).as_ref());
    for (i, call) in run["calls"].as_array().cloned().unwrap_or_default().iter().enumerate() {
        let w = format!("call {} ({})", i + 1, call[0]);
        if call[0] == "reset" {
            // Options travel as plain values (nested lists).
            let (obs, infos) = envs.reset(vector_seed(&call[1]).as_ref(), object(Some(&untyped(&call[2])))).map_err(|x| format!("{w}: {x}"))?;
            check(diff_element(&call[3], &obs, "$"), &format!("{w} obs"))?;
            check(diff(&call[4], &Value::Object(infos), "$"), &format!("{w} infos"))?;
            continue;
        }
        let sample = envs.action_space.sample();
        check(diff_element(&call[1], &sample, "$"), &format!("{w}: action_space.sample()"))?;
        let actions = match typed(&call[1]) {
            Some(t) => NdArray::from_json(&untyped(&call[1]), DType::from_name(t[ARRAY_TAG].as_str().unwrap_or("")).map_err(e)?, Some(&ints(&t["shape"])))
                .map_err(e)?
                .to_json(),
            None => call[1].clone(),
        };
        let r = envs.step(actions).map_err(|x| format!("{w}: {x}"))?;
        let floats = Value::Array(r.rewards.iter().map(|&f| gymcc::value::float_value(f)).collect());
        let flags = |v: &[bool]| Value::Array(v.iter().map(|&b| Value::Bool(b)).collect());
        check(diff_element(&call[2], &r.observations, "$"), &format!("{w} obs"))?;
        check(diff(&call[3], &floats, "$"), &format!("{w} rewards"))?;
        check(diff(&call[4], &flags(&r.terminated), "$"), &format!("{w} terminated"))?;
        check(diff(&call[5], &flags(&r.truncated), "$"), &format!("{w} truncated"))?;
        check(diff(&call[6], &Value::Object(r.infos), "$"), &format!("{w} infos"))?;
    }
    envs.close().map_err(e)
}

fn error_call(c: &Value, m: &Maker) -> Result<gymcc::Result<()>, String> {
    let (args, env) = (&c["args"], &c["env"]);
    let reset = c.get("reset").filter(|r| r.is_object());
    Ok(match c["call"].as_str().unwrap_or("") {
        "make" => m.make(args["env_id"].as_str().unwrap_or(""), make_options(args)).map(drop),
        "make_vec" => m.make_vec(args["env_id"].as_str().unwrap_or(""), args["num_envs"].as_u64().unwrap_or(0) as usize, make_vec_options(args)).map(drop),
        call @ ("reset" | "step") => {
            let made = m.make(env["env_id"].as_str().unwrap_or(""), make_options(env)).map_err(|x| format!("making the env: {x}"))?;
            if let Some(r) = reset {
                made.reset(seed_of(&r["seed"]).as_ref(), None).map_err(|x| format!("resetting the env: {x}"))?;
            }
            if call == "reset" {
                made.reset(seed_of(&args["seed"]).as_ref(), object(args.get("options"))).map(drop)
            } else {
                made.step(args["action"].clone()).map(drop)
            }
        }
        call @ ("vector_reset" | "vector_step") => {
            let n = env["num_envs"].as_u64().unwrap_or(1) as usize;
            let made = m.make_vec(env["env_id"].as_str().unwrap_or(""), n, make_vec_options(env)).map_err(|x| format!("making the vector env: {x}"))?;
            if let Some(r) = reset {
                made.reset(vector_seed(&r["seed"]).as_ref(), None).map_err(|x| format!("resetting the vector env: {x}"))?;
            }
            if call == "vector_reset" {
                made.reset(vector_seed(&args["seed"]).as_ref(), object(args.get("options"))).map(drop)
            } else {
                made.step(args["actions"].clone()).map(drop)
            }
        }
        other => return Err(format!("unknown call {other}")),
    })
}

pub fn error_case(c: &Value, m: &Maker) -> Outcome {
    let (status, code) = (c["status"].as_u64().unwrap_or(0), c["code"].as_str().unwrap_or(""));
    match error_call(c, m)? {
        // Error::Server, or a server error with a variant of its own (Error::InvalidState).
        Err(e) if e.status().is_some() => {
            let (s, k) = (e.status().unwrap_or(0), e.code().unwrap_or(""));
            if s as u64 == status && k == code {
                Ok(())
            } else {
                Err(format!("expected {status} {code}, got {s} {k} ({e})"))
            }
        }
        Err(other) => Err(format!("expected Error::Server {status} {code}, got {other}")),
        Ok(()) => Err(format!("expected Error::Server {status} {code}, the call succeeded")),
    }
}

pub fn spaces_case(c: &Value, m: &Maker) -> Outcome {
    let id = c["env_id"].as_str().unwrap_or("");
    let kwargs = object(c.get("kwargs"));
    let (action, observation) = match c.get("num_envs").and_then(Value::as_u64) {
        Some(n) => {
            let v = m.make_vec(id, n as usize, MakeVecOptions { kwargs, ..Default::default() }).map_err(e)?;
            (v.action_space.clone(), v.observation_space.clone())
        }
        None => {
            let env = m.make(id, MakeOptions { kwargs, ..Default::default() }).map_err(e)?;
            (env.action_space.clone(), env.observation_space.clone())
        }
    };
    check(space_diff(&c["action_space"], &action, "$"), "action_space")?;
    check(space_diff(&c["observation_space"], &observation, "$"), "observation_space")
}
