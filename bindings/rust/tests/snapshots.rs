//! Snapshots against a live `gymcc serve` ($GYMCC_BIN, else ../../build/dev/bin/gymcc, on a free
//! port, one per test): get_state, then N steps; set_state, try_clone and make_from_state must
//! give exactly those N steps again (compared through `{:?}`, so floats bit for bit, -0.0
//! included), over REST and both session encodings, for single and vector envs. Foreign and
//! tampered states are Error::InvalidState; unknown ids and sub-env indices are not found.
use gymcc::{AutoresetMode, Client, Element, Encoding, Env, Error, MakeOptions, MakeVecOptions, Seed, Session, VectorEnv, VectorSeed, VectorStep};
use serde_json::{json, Map, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A `gymcc serve` for one test, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start() -> Server {
        let bin = std::env::var("GYMCC_BIN").unwrap_or_else(|_| "../../build/dev/bin/gymcc".into());
        assert!(std::path::Path::new(&bin).exists(), "no gymcc binary at {bin}: build it or set GYMCC_BIN");
        let mut child = Command::new(&bin)
            .args(["serve", "--host", "127.0.0.1", "--port", "0", "--threads", "1", "--log-level", "warning"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let stdout = child.stdout.take().unwrap();
        let (found, url) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(|l| l.ok()).unwrap_or_default();
            let _ = found.send(first.find("http://").map(|i| first[i..].split_whitespace().next().unwrap_or_default().to_string()));
            lines.for_each(drop); // keep the pipe drained
        });
        match url.recv_timeout(Duration::from_secs(10)) {
            Ok(Some(url)) => Server { child, url },
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("gymcc serve printed no URL within 10 s: {other:?}");
            }
        }
    }

    fn client(&self) -> Client {
        Client::builder(&self.url).timeout(Duration::from_secs(20)).build().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one call of an episode gave: a step, or the reset after an episode ended.
#[derive(Debug)]
enum Outcome {
    Step(gymcc::Step),
    Reset(Element, Map<String, Value>),
}

/// Steps through `actions`, resetting (the stream going on, no seed) whenever an episode ends.
fn run(env: &Env, actions: &[Value]) -> Vec<Outcome> {
    let mut out = Vec::new();
    for a in actions {
        let step = env.step(a.clone()).unwrap_or_else(|e| panic!("{env:?} step {a}: {e}"));
        let done = step.terminated || step.truncated;
        out.push(Outcome::Step(step));
        if done {
            let (observation, info) = env.reset(None, None).unwrap();
            out.push(Outcome::Reset(observation, info));
        }
    }
    out
}

/// The observation and info an env is at after `outcomes`.
fn last(outcomes: &[Outcome]) -> (Element, Map<String, Value>) {
    match outcomes.last().expect("some outcomes") {
        Outcome::Step(s) => (s.observation.clone(), s.info.clone()),
        Outcome::Reset(o, i) => (o.clone(), i.clone()),
    }
}

/// Exactly equal, floats bit for bit (Debug prints the shortest round-trip form, and -0.0).
fn assert_same<T: std::fmt::Debug>(what: &str, got: &T, want: &T) {
    let (got, want) = (format!("{got:?}"), format!("{want:?}"));
    assert!(got == want, "{what}: differs\n got: {got}\nwant: {want}");
}

/// `n` actions from the action space seeded with 7 (the same list for every copy of an env).
fn actions(env: &Env, n: usize) -> Vec<Value> {
    let mut space = env.action_space.clone();
    space.seed(Some(&Seed::from(7u64)));
    (0..n).map(|_| space.sample().to_json()).collect()
}

fn expect_invalid_state<T: std::fmt::Debug>(what: &str, result: gymcc::Result<T>) -> String {
    match result {
        Err(e @ Error::InvalidState(_)) => {
            assert_eq!((e.status(), e.code()), (Some(400), Some("invalid_state")), "{what}");
            assert!(e.to_string().contains("invalid_state"), "{what}: {e}");
            match e {
                Error::InvalidState(detail) => detail,
                _ => unreachable!(),
            }
        }
        other => panic!("{what}: expected Error::InvalidState, got {other:?}"),
    }
}

fn expect_not_found<T: std::fmt::Debug>(what: &str, code: &str, result: gymcc::Result<T>) {
    match result {
        Err(e) if e.is_not_found() => assert_eq!((e.status(), e.code()), (Some(404), Some(code)), "{what}: {e}"),
        other => panic!("{what}: expected 404 {code}, got {other:?}"),
    }
}

/// `client.make_from_state` or `session.make_from_state` (or their vector ones).
type FromState<'a, T> = &'a dyn Fn(&Value) -> gymcc::Result<T>;

/// A snapshot at step `before`, the `after` steps that follow, then the same steps again after
/// set_state, from a clone, and from make_from_state on `maker` and on `other` (another
/// transport). Envs whose steps and resets draw from np_random (FrozenLake's slippery moves,
/// Blackjack's cards) check that the generator is part of the state.
fn check_env(what: &str, env: &Env, make_from_state: FromState<Env>, other: FromState<Env>) {
    let (before, after) = (9, 60);
    let plan = actions(env, before + after);
    env.reset_with_seed(42).unwrap();
    let warm = run(env, &plan[..before]);
    let at = last(&warm);
    let state = env.get_state().unwrap();
    assert_eq!(state["format"], "gymcc.env_state", "{what}");
    assert_eq!(state["env_id"], env.env_id.as_str(), "{what}");
    let want = run(env, &plan[before..]);

    let restored = env.set_state(&state).unwrap();
    assert_same(&format!("{what}: set_state's observation and info"), &restored, &at);
    assert_eq!(env.get_state().unwrap(), state, "{what}: the state read back after set_state");
    assert_same(&format!("{what}: after set_state"), &run(env, &plan[before..]), &want);

    env.set_state(&state).unwrap();
    let clone = env.try_clone().unwrap();
    assert_ne!(clone.instance_id, env.instance_id, "{what}");
    assert_eq!(clone.env_id, env.env_id, "{what}");
    assert_same(&format!("{what}: the clone"), &run(&clone, &plan[before..]), &want);
    assert_same(&format!("{what}: the original after cloning"), &run(env, &plan[before..]), &want);

    // Through JSON text, as a state stored or sent to another replica is.
    let text = serde_json::to_string(&state).unwrap();
    let made = make_from_state(&serde_json::from_str(&text).unwrap()).unwrap();
    assert_eq!(made.env_id, env.env_id, "{what}");
    assert_same(&format!("{what}: made from the state"), &run(&made, &plan[before..]), &want);
    let moved = other(&state).unwrap();
    assert_same(&format!("{what}: made from the state on the other transport"), &run(&moved, &plan[before..]), &want);
}

// FrozenLake last: its kwargs have several keys (see a_state_restores_whatever_the_order_of_its_keys).
const ENVS: [&str; 5] = ["CartPole-v1", "Blackjack-v1", "Pendulum-v1", "Acrobot-v1", "FrozenLake-v1"];

#[test]
fn rest_envs_continue_exactly_after_set_state_clone_and_make_from_state() {
    let server = Server::start();
    let client = server.client();
    let session = client.session().unwrap();
    for id in ENVS {
        let env = client.make(id, MakeOptions::default()).unwrap();
        check_env(&format!("REST {id}"), &env, &|s| client.make_from_state(s), &|s| session.make_from_state(s));
    }
}

#[test]
fn session_envs_continue_exactly_in_both_encodings() {
    let server = Server::start();
    let client = server.client();
    for encoding in [Encoding::MessagePack, Encoding::Json] {
        let session = client.session_with_encoding(encoding).unwrap();
        for id in ENVS {
            let env = session.make(id, MakeOptions::default()).unwrap();
            check_env(&format!("{encoding:?} session {id}"), &env, &|s| session.make_from_state(s), &|s| client.make_from_state(s));
        }
        session.close();
    }
}

#[test]
fn a_state_restores_whatever_the_order_of_its_keys() {
    // JSON objects are unordered, and serde_json's Map (as Go's maps) keeps its keys sorted:
    // FrozenLake's kwargs come back as desc, is_slippery, map_name, reward_schedule,
    // success_rate, not in the server's order.
    let server = Server::start();
    let client = server.client();
    let env = client.make("FrozenLake-v1", MakeOptions::default()).unwrap();
    env.reset_with_seed(3).unwrap();
    let state = env.get_state().unwrap();
    let keys: Vec<&String> = state["kwargs"].as_object().unwrap().keys().collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    env.set_state(&state).unwrap();
    client.make_from_state(&state).unwrap();
}

#[test]
fn clones_copy_the_local_spaces_generators() {
    let server = Server::start();
    let client = server.client();
    let mut env = client.make("CartPole-v1", MakeOptions::default()).unwrap();
    env.action_space.seed(Some(&Seed::from(3u64)));
    env.action_space.sample();
    let mut clone = env.try_clone().unwrap();
    let (a, b): (Vec<_>, Vec<_>) = (0..20).map(|_| (env.action_space.sample(), clone.action_space.sample())).unzip();
    assert_eq!(a, b);
}

fn bad_states(what: &str, maker: &dyn Fn(&str, MakeOptions) -> gymcc::Result<Env>, make_from_state: FromState<Env>) {
    // CliffWalking: one kwarg; slippery, so that its moves draw from np_random.
    let cliff = maker("CliffWalking-v1", MakeOptions { kwargs: Some(json!({"is_slippery": true})), ..MakeOptions::default() }).unwrap();
    cliff.reset_with_seed(1).unwrap();
    let cart = maker("CartPole-v1", MakeOptions::default()).unwrap();
    cart.reset_with_seed(1).unwrap();
    let cart_state = cart.get_state().unwrap();
    let plan = actions(&cliff, 30);
    run(&cliff, &plan[..3]);
    let twin = cliff.try_clone().unwrap();

    let detail = expect_invalid_state(&format!("{what}: another env's state"), cliff.set_state(&cart_state));
    assert!(!detail.is_empty(), "{what}");
    let mut tampered = cliff.get_state().unwrap();
    tampered["env"]["s"] = json!(999);
    let detail = expect_invalid_state(&format!("{what}: a position off the map"), cliff.set_state(&tampered));
    assert!(detail.contains("state.env.s"), "{what}: the detail names the field: {detail}");
    let mut tampered = cliff.get_state().unwrap();
    tampered["version"] = json!(1000);
    expect_invalid_state(&format!("{what}: another format version"), cliff.set_state(&tampered));
    expect_invalid_state(&format!("{what}: not a state"), cliff.set_state(&json!({"format": "nope"})));
    // The failed restores left the env as it was: it goes on as its twin does.
    assert_same(&format!("{what}: after the refused states"), &run(&cliff, &plan[3..]), &run(&twin, &plan[3..]));

    // A time limit that differs from the restoring env's.
    let short = maker("CartPole-v1", MakeOptions { max_episode_steps: Some(10), ..MakeOptions::default() }).unwrap();
    expect_invalid_state(&format!("{what}: another time limit"), short.set_state(&cart_state));
    expect_invalid_state(&format!("{what}: make_from_state of a non-state"), make_from_state(&json!({"format": "gymcc.env_state", "version": 1})));
    let mut unknown = cart_state.clone();
    unknown["env_id"] = json!("NoSuchEnv-v0");
    match make_from_state(&unknown) {
        Err(e) => assert_eq!((e.status(), e.code()), (Some(400), Some("unknown_env")), "{what}: an unknown env id: {e}"),
        Ok(env) => panic!("{what}: made {env:?} of an unknown env id"),
    }
}

#[test]
fn foreign_and_tampered_states_are_invalid_state() {
    let server = Server::start();
    let client = server.client();
    bad_states("REST", &|id, o| client.make(id, o), &|s| client.make_from_state(s));
    let session = client.session().unwrap();
    bad_states("session", &|id, o| session.make(id, o), &|s| session.make_from_state(s));
}

/// An env bound to an instance that is gone: another env's id once it was closed.
fn check_unknown_id(what: &str, maker: &dyn Fn() -> Env) {
    let mut gone = maker();
    let id = gone.instance_id.clone();
    gone.close().unwrap();
    let mut env = maker();
    let state = env.get_state().unwrap();
    let real = std::mem::replace(&mut env.instance_id, id);
    expect_not_found(&format!("{what}: get_state"), "instance_not_found", env.get_state());
    expect_not_found(&format!("{what}: set_state"), "instance_not_found", env.set_state(&state));
    expect_not_found(&format!("{what}: try_clone"), "instance_not_found", env.try_clone());
    env.instance_id = real;
    env.get_state().unwrap();
}

#[test]
fn unknown_ids_are_not_found() {
    let server = Server::start();
    let client = server.client();
    check_unknown_id("REST", &|| client.make("CartPole-v1", MakeOptions::default()).unwrap());
    let session = client.session().unwrap();
    check_unknown_id("session", &|| session.make("CartPole-v1", MakeOptions::default()).unwrap());
    let e = Error::Server { status: 404, code: "sub_env_not_found".into(), detail: String::new() };
    assert!(e.is_not_found());
    assert!(!Error::Server { status: 404, code: "not_found".into(), detail: String::new() }.is_not_found(), "an unknown route is not");
}

// Vector envs.

fn vector_actions(v: &VectorEnv, n: usize) -> Vec<Value> {
    let mut space = v.action_space.clone();
    space.seed(Some(&Seed::from(11u64)));
    (0..n).map(|_| space.sample().to_json()).collect()
}

fn vector_run(v: &VectorEnv, actions: &[Value]) -> Vec<VectorStep> {
    actions.iter().map(|a| v.step(a.clone()).unwrap_or_else(|e| panic!("vector step {a}: {e}"))).collect()
}

/// Row `i` of a batched observation, as JSON.
fn row(observations: &Element, i: usize) -> Value {
    observations.to_json()[i].clone()
}

fn check_vector(what: &str, v: &VectorEnv, make_vec_from_state: FromState<VectorEnv>, make_from_state: FromState<Env>) {
    let (before, after) = (12, 50);
    let plan = vector_actions(v, before + after);
    v.reset(Some(&VectorSeed::All(Seed::from(5u64))), None).unwrap();
    let warm = vector_run(v, &plan[..before]);
    let at = warm.last().unwrap().observations.clone();
    let state = v.get_state().unwrap();
    assert_eq!(state["format"], "gymcc.vector_env_state", "{what}");
    assert_eq!(state["num_envs"], v.num_envs, "{what}");
    let sub = v.get_env_state(1).unwrap();
    assert_eq!(sub["format"], "gymcc.env_state", "{what}");
    let want = vector_run(v, &plan[before..]);

    let (observations, _infos) = v.set_state(&state).unwrap();
    assert_same(&format!("{what}: set_state's observations"), &observations, &at);
    assert_eq!(v.get_state().unwrap(), state, "{what}: the state read back after set_state");
    assert_same(&format!("{what}: after set_state"), &vector_run(v, &plan[before..]), &want);

    v.set_state(&state).unwrap();
    let clone = v.try_clone().unwrap();
    assert_ne!(clone.instance_id, v.instance_id, "{what}");
    assert_eq!((clone.num_envs, &clone.autoreset_mode), (v.num_envs, &v.autoreset_mode), "{what}");
    assert_same(&format!("{what}: the clone"), &vector_run(&clone, &plan[before..]), &want);
    assert_same(&format!("{what}: the original after cloning"), &vector_run(v, &plan[before..]), &want);

    let made = make_vec_from_state(&state).unwrap();
    assert_eq!((made.env_id.as_str(), made.num_envs, &made.autoreset_mode), (v.env_id.as_str(), v.num_envs, &v.autoreset_mode), "{what}");
    assert_same(&format!("{what}: made from the state"), &vector_run(&made, &plan[before..]), &want);

    // Sub-env 1 as a standalone env: the same steps as the vector's row 1 until its episode ends
    // (the vector env then autoresets it; in NextStep mode one that just ended is reset by the
    // next step, which a standalone env does not do).
    let single = make_from_state(&sub).unwrap();
    let ended = warm.last().is_some_and(|s| s.terminated[1] || s.truncated[1]);
    for (k, step) in want.iter().enumerate().take(if ended { 0 } else { after }) {
        let action = plan[before + k][1].clone();
        let alone = single.step(action).unwrap();
        // SameStep: a sub-env that ended shows its reset observation, the last one is final_obs.
        let final_obs = step.final_obs.as_ref().and_then(|f| f[1].as_ref()).map(Element::to_json);
        let observation = final_obs.unwrap_or_else(|| row(&step.observations, 1));
        assert_same(&format!("{what}: sub-env 1 alone, step {k}"), &alone.observation.to_json(), &observation);
        assert_eq!(alone.reward.to_bits(), step.rewards[1].to_bits(), "{what}: step {k}");
        assert_eq!((alone.terminated, alone.truncated), (step.terminated[1], step.truncated[1]), "{what}: step {k}");
        if alone.terminated || alone.truncated {
            break;
        }
    }

    // Sub-env 1 put back where it was; the others keep theirs.
    let end = want.last().unwrap().observations.clone();
    let (observations, _) = v.set_env_state(1, &sub).unwrap();
    assert_eq!(row(&observations, 1), row(&at, 1), "{what}: sub-env 1 restored");
    assert_eq!(row(&observations, 0), row(&end, 0), "{what}: sub-env 0 untouched");
    assert_eq!(row(&observations, 2), row(&end, 2), "{what}: sub-env 2 untouched");

    expect_not_found(&format!("{what}: get_env_state(99)"), "sub_env_not_found", v.get_env_state(99));
    expect_not_found(&format!("{what}: set_env_state(99)"), "sub_env_not_found", v.set_env_state(99, &sub));
    expect_invalid_state(&format!("{what}: a single env's state for the whole vector env"), v.set_state(&sub));
    expect_invalid_state(&format!("{what}: a vector env's state for a sub-env"), v.set_env_state(0, &state));
    let mut other = state.clone();
    other["num_envs"] = json!(v.num_envs + 1);
    expect_invalid_state(&format!("{what}: another num_envs"), v.set_state(&other));
}

fn vector_options(mode: AutoresetMode) -> MakeVecOptions {
    MakeVecOptions { autoreset_mode: mode, ..MakeVecOptions::default() }
}

#[test]
fn rest_vector_envs_continue_exactly() {
    let server = Server::start();
    let client = server.client();
    for mode in [AutoresetMode::NextStep, AutoresetMode::SameStep] {
        for id in ["CartPole-v1", "Acrobot-v1", "FrozenLake-v1"] {
            let v = client.make_vec(id, 3, vector_options(mode.clone())).unwrap();
            check_vector(&format!("REST {id} {}", mode.name()), &v, &|s| client.make_vec_from_state(s), &|s| client.make_from_state(s));
        }
    }
}

#[test]
fn session_vector_envs_continue_exactly() {
    let server = Server::start();
    let client = server.client();
    for encoding in [Encoding::MessagePack, Encoding::Json] {
        let session: Session = client.session_with_encoding(encoding).unwrap();
        for id in ["CartPole-v1", "Acrobot-v1", "FrozenLake-v1"] {
            let v = session.make_vec(id, 3, vector_options(AutoresetMode::NextStep)).unwrap();
            check_vector(&format!("{encoding:?} session {id}"), &v, &|s| session.make_vec_from_state(s), &|s| session.make_from_state(s));
        }
    }
}

#[test]
fn unknown_vector_ids_are_not_found() {
    let server = Server::start();
    let client = server.client();
    let make = || client.make_vec("CartPole-v1", 2, MakeVecOptions::default()).unwrap();
    let mut gone = make();
    let id = gone.instance_id.clone();
    gone.close().unwrap();
    let mut v = make();
    let state = v.get_state().unwrap();
    let real = std::mem::replace(&mut v.instance_id, id);
    expect_not_found("vector get_state", "instance_not_found", v.get_state());
    expect_not_found("vector set_state", "instance_not_found", v.set_state(&state));
    expect_not_found("vector try_clone", "instance_not_found", v.try_clone());
    expect_not_found("vector get_env_state", "instance_not_found", v.get_env_state(0));
    v.instance_id = real;
    expect_invalid_state("make_vec_from_state of a non-state", client.make_vec_from_state(&json!({"format": "gymcc.vector_env_state"})));
}
