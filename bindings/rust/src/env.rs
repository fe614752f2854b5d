//! Env: gymnasium's model (reset, step, spaces, close, snapshots) for one instance, over either
//! transport.

use crate::error::{Error, Result};
use crate::rng::Seed;
use crate::spaces::{Element, Space};
use crate::transport::{Fields, Ticket, Transport};
use crate::value::to_f64;
use serde_json::{Map, Value};
use std::sync::Arc;

/// gymnasium.make's arguments besides the id.
#[derive(Debug, Clone, Default)]
pub struct MakeOptions {
    /// The env's constructor arguments, e.g. `json!({"sutton_barto_reward": true})`.
    pub kwargs: Option<Value>,
    /// "rgb_array", "ansi", ...; the server validates it.
    pub render_mode: Option<String>,
    /// Replaces the registered time limit; -1 removes it; None keeps it.
    pub max_episode_steps: Option<i64>,
}

impl MakeOptions {
    pub(crate) fn fields(&self, env_id: &str) -> Fields {
        let mut fields = Fields::new();
        fields.insert("env_id".into(), env_id.into());
        if let Some(k) = &self.kwargs {
            fields.insert("kwargs".into(), k.clone());
        }
        if let Some(m) = &self.render_mode {
            fields.insert("render_mode".into(), m.as_str().into());
        }
        if let Some(n) = self.max_episode_steps {
            fields.insert("max_episode_steps".into(), n.into());
        }
        fields
    }
}

/// What gymnasium's step returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub observation: Element,
    pub reward: f64,
    pub terminated: bool,
    pub truncated: bool,
    /// The info dict as the server sent it (ints and floats kept apart).
    pub info: Map<String, Value>,
}

/// One environment instance on a server, made by `Client::make` (REST) or `Session::make`
/// (WebSocket), `make_from_state` or `try_clone`. Dropping it (or `close`) deletes the instance.
pub struct Env {
    /// The server's id of the instance.
    pub instance_id: String,
    /// The id it was made from, e.g. "CartPole-v1".
    pub env_id: String,
    /// gymnasium's action_space (seed it and sample from it here).
    pub action_space: Space,
    pub observation_space: Space,
    transport: Arc<dyn Transport>,
    closed: bool,
}

/// A step in flight (`Env::step_async`).
pub struct PendingStep<'a> {
    env: &'a Env,
    ticket: Ticket,
}

impl PendingStep<'_> {
    /// The step's result.
    pub fn wait(self) -> Result<Step> {
        let reply = self.env.transport.wait(self.ticket)?;
        self.env.step_result(reply)
    }
}

pub(crate) fn instance_id(created: &Fields) -> Result<String> {
    created
        .get("instance_id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| Error::invalid(format!("the server answered no instance_id: {created:?}")))
}

pub(crate) fn space(spaces: &Fields, name: &str) -> Result<Space> {
    Space::from_description(spaces.get(name).ok_or_else(|| Error::invalid(format!("the server described no {name}")))?)
}

pub(crate) fn id_fields(id: &str) -> Fields {
    let mut fields = Fields::new();
    fields.insert("instance_id".into(), id.into());
    fields
}

pub(crate) fn reset_fields(id: &str, seed: Option<Value>, options: Option<Value>) -> Fields {
    let mut fields = id_fields(id);
    if let Some(s) = seed {
        fields.insert("seed".into(), s);
    }
    if let Some(o) = options {
        fields.insert("options".into(), o);
    }
    fields
}

/// Deletes an instance; one already gone (deleted, expired, its session closed) is fine.
pub(crate) fn close_instance(transport: &dyn Transport, id: &str, vector: bool) -> Result<()> {
    match transport.call("close", id_fields(id), vector) {
        Ok(_) | Err(Error::Closed(_)) => Ok(()),
        Err(Error::Server { status: 404, .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

pub(crate) fn info_of(value: Option<&Value>) -> Map<String, Value> {
    match value {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

/// `{"state": state}`: the body that restores a snapshot or creates from one.
pub(crate) fn state_fields(state: &Value) -> Fields {
    let mut fields = Fields::new();
    fields.insert("state".into(), state.clone());
    fields
}

/// The `state` of a get_state reply.
pub(crate) fn state_of(mut reply: Fields) -> Result<Value> {
    match reply.remove("state") {
        Some(state @ Value::Object(_)) => Ok(state),
        other => Err(Error::invalid(format!("the server answered no state: {other:?}"))),
    }
}

impl Env {
    pub(crate) fn make(transport: Arc<dyn Transport>, env_id: &str, options: MakeOptions) -> Result<Env> {
        let id = instance_id(&transport.call("make", options.fields(env_id), false)?)?;
        Env::bind(transport, id, env_id)
    }

    /// A new instance made from a snapshot (`{"state"}` instead of an env id).
    pub(crate) fn make_from_state(transport: Arc<dyn Transport>, state: &Value) -> Result<Env> {
        let id = instance_id(&transport.call("make", state_fields(state), false)?)?;
        let env_id = state.get("env_id").and_then(Value::as_str).unwrap_or_default();
        Env::bind(transport, id, env_id)
    }

    /// An Env for an instance just made: reads its spaces, deletes it if that fails.
    fn bind(transport: Arc<dyn Transport>, id: String, env_id: &str) -> Result<Env> {
        let spaces = transport.call("spaces", id_fields(&id), false).and_then(|s| Ok((space(&s, "action_space")?, space(&s, "observation_space")?)));
        match spaces {
            Ok((action_space, observation_space)) => {
                Ok(Env { instance_id: id, env_id: env_id.to_string(), action_space, observation_space, transport, closed: false })
            }
            Err(e) => {
                let _ = close_instance(transport.as_ref(), &id, false);
                Err(e)
            }
        }
    }

    fn check_open(&self) -> Result<()> {
        if self.closed {
            return Err(Error::Closed(format!("Env({} {})", self.env_id, self.instance_id)));
        }
        Ok(())
    }

    /// gymnasium's reset(seed=, options=): the first observation and its info. A None seed
    /// continues the stream.
    pub fn reset(&self, seed: Option<&Seed>, options: Option<Value>) -> Result<(Element, Map<String, Value>)> {
        self.check_open()?;
        let reply = self.transport.call("reset", reset_fields(&self.instance_id, seed.map(Seed::to_json), options), false)?;
        let observation = self.observation_space.element_from_json(reply.get("observation").unwrap_or(&Value::Null))?;
        Ok((observation, info_of(reply.get("info"))))
    }

    /// reset(seed=seed).
    pub fn reset_with_seed(&self, seed: u64) -> Result<(Element, Map<String, Value>)> {
        self.reset(Some(&Seed::from(seed)), None)
    }

    fn step_fields(&self, action: Value) -> Fields {
        let mut fields = id_fields(&self.instance_id);
        fields.insert("action".into(), action);
        fields
    }

    /// gymnasium's step(action). The action is anything that becomes JSON: an integer for
    /// Discrete, a `Vec<f32>` or an `NdArray` for Box, `action_space.sample()`'s Element, or any
    /// `serde_json::Value` (the server checks it as gymnasium does).
    pub fn step(&self, action: impl Into<Value>) -> Result<Step> {
        self.check_open()?;
        let reply = self.transport.call("step", self.step_fields(action.into()), false)?;
        self.step_result(reply)
    }

    /// Sends a step without waiting for it: on a session env, steps of many envs are in
    /// flight together (one round trip for all); over REST the step completes here.
    pub fn step_async(&self, action: impl Into<Value>) -> Result<PendingStep<'_>> {
        self.check_open()?;
        Ok(PendingStep { env: self, ticket: self.transport.send("step", self.step_fields(action.into()), false) })
    }

    fn step_result(&self, reply: Fields) -> Result<Step> {
        Ok(Step {
            observation: self.observation_space.element_from_json(reply.get("observation").unwrap_or(&Value::Null))?,
            reward: to_f64(reply.get("reward").unwrap_or(&Value::Null))?,
            terminated: reply.get("terminated").and_then(Value::as_bool).unwrap_or(false),
            truncated: reply.get("truncated").and_then(Value::as_bool).unwrap_or(false),
            info: info_of(reply.get("info")),
        })
    }

    /// The env's complete state (docs/snapshots.md: a `gymcc.env_state` object of JSON values):
    /// the env's internals, its time limit's and order enforcer's, its `np_random` and the
    /// server's action-space sampler. `set_state` restores it here, `Client::make_from_state`
    /// (or `Session::make_from_state`) makes a new env of it, on this server or another of the
    /// same version; after either the same actions give exactly the same steps.
    pub fn get_state(&self) -> Result<Value> {
        self.check_open()?;
        state_of(self.transport.call("get_state", id_fields(&self.instance_id), false)?)
    }

    /// Restores a `get_state` snapshot into this instance (same env id, kwargs and time limit):
    /// the observation and info the env was at. A malformed, foreign or tampered state is
    /// `Error::InvalidState`, and the env is left as it was.
    pub fn set_state(&self, state: &Value) -> Result<(Element, Map<String, Value>)> {
        self.check_open()?;
        let mut fields = state_fields(state);
        fields.insert("instance_id".into(), self.instance_id.as_str().into());
        let reply = self.transport.call("set_state", fields, false)?;
        let observation = self.observation_space.element_from_json(reply.get("observation").unwrap_or(&Value::Null))?;
        Ok((observation, info_of(reply.get("info"))))
    }

    /// A new instance in this one's state, on the same transport (a session's clone belongs to
    /// the session). A server call that can fail, hence not `std::clone::Clone`; the server
    /// admits it like a `make` (503 `at_capacity`, 429 `quota_exceeded`). The spaces are copied
    /// with their generators, so the clone's `action_space.sample()` draws what this env's
    /// would draw next.
    pub fn try_clone(&self) -> Result<Env> {
        self.check_open()?;
        let id = instance_id(&self.transport.call("clone", id_fields(&self.instance_id), false)?)?;
        Ok(Env {
            instance_id: id,
            env_id: self.env_id.clone(),
            action_space: self.action_space.clone(),
            observation_space: self.observation_space.clone(),
            transport: self.transport.clone(),
            closed: false,
        })
    }

    /// Deletes the instance on the server; closing twice, or an instance already gone, is fine.
    pub fn close(&mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        close_instance(self.transport.as_ref(), &self.instance_id, false)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Env({} {})", self.env_id, self.instance_id)
    }
}
