//! VectorEnv: num_envs copies of one env stepped by one call, with the semantics of
//! gymnasium.make_vec(id, num_envs, vectorization_mode="sync") (docs/fast-paths.md).

use crate::env::{close_instance, id_fields, info_of, instance_id, reset_fields, space, state_fields, state_of};
use crate::error::{Error, Result};
use crate::rng::Seed;
use crate::spaces::{Element, Space};
use crate::transport::{Fields, Transport};
use crate::value::to_f64;
use serde_json::{Map, Value};
use std::sync::Arc;

/// gymnasium's autoreset modes (gymnasium.vector.AutoresetMode).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AutoresetMode {
    #[default]
    NextStep,
    SameStep,
    Disabled,
    /// Any other name, sent as is (the server refuses an unknown one: 400 invalid_argument).
    Other(String),
}

impl AutoresetMode {
    /// gymnasium's name.
    pub fn name(&self) -> &str {
        match self {
            AutoresetMode::NextStep => "NextStep",
            AutoresetMode::SameStep => "SameStep",
            AutoresetMode::Disabled => "Disabled",
            AutoresetMode::Other(name) => name,
        }
    }

    /// The mode of a gymnasium name (an unknown one is `Other`).
    pub fn from_name(name: &str) -> AutoresetMode {
        match name {
            "NextStep" => AutoresetMode::NextStep,
            "SameStep" => AutoresetMode::SameStep,
            "Disabled" => AutoresetMode::Disabled,
            _ => AutoresetMode::Other(name.to_string()),
        }
    }
}

/// gymnasium.make_vec's arguments besides the id and the number of envs.
#[derive(Debug, Clone, Default)]
pub struct MakeVecOptions {
    pub autoreset_mode: AutoresetMode,
    /// Every sub-env's constructor arguments.
    pub kwargs: Option<Value>,
    /// Replaces each sub-env's registered time limit; -1 removes it; None keeps it.
    pub max_episode_steps: Option<i64>,
}

/// A vector env's seeds: one for all (sub-env i gets seed + i) or one (or none) per sub-env.
#[derive(Debug, Clone, PartialEq)]
pub enum VectorSeed {
    All(Seed),
    Each(Vec<Option<Seed>>),
}

impl VectorSeed {
    fn to_json(&self) -> Value {
        match self {
            VectorSeed::All(s) => s.to_json(),
            VectorSeed::Each(list) => Value::Array(list.iter().map(|s| s.as_ref().map_or(Value::Null, Seed::to_json)).collect()),
        }
    }
}

/// A vector env's step, batched.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorStep {
    pub observations: Element,
    pub rewards: Vec<f64>,
    pub terminated: Vec<bool>,
    pub truncated: Vec<bool>,
    /// gymnasium's batched infos as the server sent them (`_key` masks beside their keys).
    pub infos: Map<String, Value>,
    /// SameStep's `infos["final_obs"]` in the single observation space's types (None where a
    /// sub-env did not finish; the whole field None when the infos have none).
    pub final_obs: Option<Vec<Option<Element>>>,
}

/// A vector env on a server (`Client::make_vec`, `Session::make_vec`). `action_space` and
/// `observation_space` are the batched spaces (a Discrete env's actions are a MultiDiscrete);
/// the single ones are one sub-env's. `make_vec_from_state` and `try_clone` make one from a
/// snapshot. Dropping it (or `close`) deletes it.
pub struct VectorEnv {
    pub instance_id: String,
    pub env_id: String,
    pub num_envs: usize,
    pub autoreset_mode: AutoresetMode,
    pub action_space: Space,
    pub observation_space: Space,
    pub single_action_space: Space,
    pub single_observation_space: Space,
    transport: Arc<dyn Transport>,
    closed: bool,
}

impl VectorEnv {
    pub(crate) fn make(transport: Arc<dyn Transport>, env_id: &str, num_envs: usize, options: MakeVecOptions) -> Result<VectorEnv> {
        let mut fields = Fields::new();
        fields.insert("env_id".into(), env_id.into());
        if let Some(k) = &options.kwargs {
            fields.insert("kwargs".into(), k.clone());
        }
        if let Some(n) = options.max_episode_steps {
            fields.insert("max_episode_steps".into(), n.into());
        }
        fields.insert("num_envs".into(), num_envs.into());
        fields.insert("autoreset_mode".into(), options.autoreset_mode.name().into());
        let id = instance_id(&transport.call("make_vec", fields, true)?)?;
        VectorEnv::bind(transport, id, env_id, num_envs, options.autoreset_mode)
    }

    /// A new vector env made from a `gymcc.vector_env_state` snapshot.
    pub(crate) fn make_from_state(transport: Arc<dyn Transport>, state: &Value) -> Result<VectorEnv> {
        let id = instance_id(&transport.call("make_vec", state_fields(state), true)?)?;
        let env_id = state.get("env_id").and_then(Value::as_str).unwrap_or_default();
        let num_envs = state.get("num_envs").and_then(Value::as_u64).unwrap_or_default() as usize;
        let mode = AutoresetMode::from_name(state.get("autoreset_mode").and_then(Value::as_str).unwrap_or_default());
        VectorEnv::bind(transport, id, env_id, num_envs, mode)
    }

    /// A VectorEnv for an instance just made: reads its spaces, deletes it if that fails.
    fn bind(transport: Arc<dyn Transport>, id: String, env_id: &str, num_envs: usize, autoreset_mode: AutoresetMode) -> Result<VectorEnv> {
        let spaces = transport.call("spaces", id_fields(&id), true).and_then(|s| {
            Ok([space(&s, "action_space")?, space(&s, "observation_space")?, space(&s, "single_action_space")?, space(&s, "single_observation_space")?])
        });
        match spaces {
            Ok([action_space, observation_space, single_action_space, single_observation_space]) => Ok(VectorEnv {
                instance_id: id,
                env_id: env_id.to_string(),
                num_envs,
                autoreset_mode,
                action_space,
                observation_space,
                single_action_space,
                single_observation_space,
                transport,
                closed: false,
            }),
            Err(e) => {
                let _ = close_instance(transport.as_ref(), &id, true);
                Err(e)
            }
        }
    }

    fn check_open(&self) -> Result<()> {
        if self.closed {
            return Err(Error::Closed(format!("VectorEnv({} {})", self.env_id, self.instance_id)));
        }
        Ok(())
    }

    /// Resets the sub-envs (None: every stream goes on); options go to every sub-env, and
    /// `{"reset_mask": [bool; num_envs]}` resets only those marked.
    pub fn reset(&self, seed: Option<&VectorSeed>, options: Option<Value>) -> Result<(Element, Map<String, Value>)> {
        self.check_open()?;
        let reply = self.transport.call("reset", reset_fields(&self.instance_id, seed.map(VectorSeed::to_json), options), true)?;
        let observations = self.observation_space.element_from_json(reply.get("observations").unwrap_or(&Value::Null))?;
        Ok((observations, info_of(reply.get("infos"))))
    }

    /// Steps every sub-env: an element of `action_space` (e.g. `action_space.sample()`), a
    /// `Vec` (`vec![0, 1, 1]`, `vec![vec![0.5f32], vec![-1.0]]`) or any JSON list.
    pub fn step(&self, actions: impl Into<Value>) -> Result<VectorStep> {
        self.check_open()?;
        let mut fields = id_fields(&self.instance_id);
        fields.insert("actions".into(), actions.into());
        let reply = self.transport.call("step", fields, true)?;
        let list = |key: &str| match reply.get(key) {
            Some(Value::Array(items)) => Ok(items.clone()),
            other => Err(Error::invalid(format!("expected a list of {key}, got {other:?}"))),
        };
        let flags = |key: &str| -> Result<Vec<bool>> {
            list(key)?.iter().map(|v| v.as_bool().ok_or_else(|| Error::invalid(format!("expected a flag, got {v}")))).collect()
        };
        let infos = info_of(reply.get("infos"));
        let final_obs = match infos.get("final_obs") {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|o| if o.is_null() { Ok(None) } else { self.single_observation_space.element_from_json(o).map(Some) })
                    .collect::<Result<Vec<_>>>()?,
            ),
            _ => None,
        };
        Ok(VectorStep {
            observations: self.observation_space.element_from_json(reply.get("observations").unwrap_or(&Value::Null))?,
            rewards: list("rewards")?.iter().map(to_f64).collect::<Result<_>>()?,
            terminated: flags("terminated")?,
            truncated: flags("truncated")?,
            infos,
            final_obs,
        })
    }

    fn state_call(&self, op: &str, index: Option<usize>, state: Option<&Value>) -> Result<Fields> {
        self.check_open()?;
        let mut fields = state.map(state_fields).unwrap_or_default();
        fields.insert("instance_id".into(), self.instance_id.as_str().into());
        if let Some(i) = index {
            fields.insert("index".into(), i.into());
        }
        self.transport.call(op, fields, true)
    }

    fn restored(&self, reply: Fields) -> Result<(Element, Map<String, Value>)> {
        let observations = self.observation_space.element_from_json(reply.get("observations").unwrap_or(&Value::Null))?;
        Ok((observations, info_of(reply.get("infos"))))
    }

    /// The whole vector env's state (docs/snapshots.md: a `gymcc.vector_env_state` object): every
    /// sub-env's, the batched action sampler's and the last step's rewards and flags (which
    /// decide what the next step autoresets). `set_state` restores it here,
    /// `Client::make_vec_from_state` makes a new vector env of it. A vector env whose sub-envs
    /// were built differently (FrozenLake with `map_name: null`) is `Error::InvalidState`:
    /// snapshot its sub-envs one by one (`get_env_state`).
    pub fn get_state(&self) -> Result<Value> {
        state_of(self.state_call("get_state", None, None)?)
    }

    /// Restores a `get_state` snapshot (same env id, kwargs, time limit, `num_envs` and autoreset
    /// mode), all sub-envs or none: each sub-env's current observation, and the infos. A
    /// SameStep autoreset's `final_obs` belongs to the step that made it and is not restored.
    pub fn set_state(&self, state: &Value) -> Result<(Element, Map<String, Value>)> {
        let reply = self.state_call("set_state", None, Some(state))?;
        self.restored(reply)
    }

    /// Sub-env `index`'s state as a single env's (`gymcc.env_state`, with the single action
    /// space's sampler): `Client::make_from_state` turns it into a standalone `Env`. An index
    /// that names no sub-env is 404 `sub_env_not_found` (`Error::is_not_found`).
    pub fn get_env_state(&self, index: usize) -> Result<Value> {
        state_of(self.state_call("get_state", Some(index), None)?)
    }

    /// Restores a single env's state into sub-env `index` and clears its flags, as a masked
    /// reset does (the others keep theirs): the batched observations and infos.
    pub fn set_env_state(&self, index: usize, state: &Value) -> Result<(Element, Map<String, Value>)> {
        let reply = self.state_call("set_state", Some(index), Some(state))?;
        self.restored(reply)
    }

    /// A new vector env in this one's state, on the same transport, admitted like a `make_vec`
    /// (its sub-envs count). A server call, hence not `std::clone::Clone`; the spaces are
    /// copied with their generators.
    pub fn try_clone(&self) -> Result<VectorEnv> {
        let id = instance_id(&self.state_call("clone", None, None)?)?;
        Ok(VectorEnv {
            instance_id: id,
            env_id: self.env_id.clone(),
            num_envs: self.num_envs,
            autoreset_mode: self.autoreset_mode.clone(),
            action_space: self.action_space.clone(),
            observation_space: self.observation_space.clone(),
            single_action_space: self.single_action_space.clone(),
            single_observation_space: self.single_observation_space.clone(),
            transport: self.transport.clone(),
            closed: false,
        })
    }

    /// Deletes the vector env on the server; closing twice is fine.
    pub fn close(&mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        close_instance(self.transport.as_ref(), &self.instance_id, true)
    }
}

impl Drop for VectorEnv {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

impl std::fmt::Debug for VectorEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VectorEnv({} x{} {})", self.env_id, self.num_envs, self.instance_id)
    }
}
