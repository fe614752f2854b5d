//! The two ways to reach a server behind one trait: REST with JSON bodies (ureq, keep-alive
//! pool) and a WebSocket session (session.rs). Both speak in the WebSocket protocol's terms —
//! an op and the REST body's fields (docs/fast-paths.md) — so that Env and VectorEnv need not
//! know which.

use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::io;
use std::time::Duration;

pub(crate) type Fields = Map<String, Value>;

/// A reply in flight: REST replies are already there; a session's come in request order.
pub(crate) enum Ticket {
    Ready(Result<Fields>),
    Pending(u64),
}

pub(crate) trait Transport: Send + Sync {
    /// One operation (make, make_vec, reset, step, spaces, close, get_state, set_state or
    /// clone) and its decoded answer.
    fn call(&self, op: &str, fields: Fields, vector: bool) -> Result<Fields>;

    /// Sends an operation; `wait` gives its answer (pipelined on a session).
    fn send(&self, op: &str, fields: Fields, vector: bool) -> Ticket {
        Ticket::Ready(self.call(op, fields, vector))
    }

    fn wait(&self, ticket: Ticket) -> Result<Fields> {
        match ticket {
            Ticket::Ready(reply) => reply,
            Ticket::Pending(_) => Err(Error::invalid("a pending reply on a transport that has none")),
        }
    }
}

pub(crate) struct Rest {
    pub(crate) base: String,
    pub(crate) agent: ureq::Agent,
    pub(crate) authorization: Option<String>,
    pub(crate) timeout: Duration,
}

/// Whether a transport error is a timeout (an io::Error of kind TimedOut/WouldBlock inside).
fn is_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if matches!(io.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) {
                return true;
            }
        }
        source = e.source();
    }
    false
}

pub(crate) fn decode(data: &[u8]) -> std::result::Result<Value, serde_json::Error> {
    serde_json::from_slice(data)
}

impl Rest {
    /// Sends one request and decodes the JSON answer; an error status is Error::Server.
    pub(crate) fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let url = format!("{}{}", self.base, path);
        let mut request = self.agent.request(method, &url).set("Accept", "application/json");
        if let Some(auth) = &self.authorization {
            request = request.set("Authorization", auth);
        }
        let result = match body {
            Some(b) => request.set("Content-Type", "application/json").send_bytes(&serde_json::to_vec(b).expect("JSON values encode")),
            None => request.call(),
        };
        let (status, response) = match result {
            Ok(r) => (r.status(), r),
            Err(ureq::Error::Status(status, r)) => (status, r),
            Err(ureq::Error::Transport(t)) => {
                let timeout = is_timeout(&t);
                let what = if timeout { format!("no answer within {:?}", self.timeout) } else { t.to_string() };
                return Err(Error::Connection { message: format!("{method} {url}: {what}"), timeout });
            }
        };
        let mut data = Vec::new();
        if let Err(e) = io::Read::read_to_end(&mut response.into_reader(), &mut data) {
            let timeout = is_timeout(&e);
            return Err(Error::Connection { message: format!("{method} {url}: {e}"), timeout });
        }
        let decoded = if data.is_empty() { None } else { decode(&data).ok() };
        if status >= 400 {
            let text = String::from_utf8_lossy(&data).trim().to_string();
            let fallback = if text.is_empty() { format!("HTTP {status}") } else { text };
            return Err(Error::from_body(status, decoded.as_ref(), fallback));
        }
        match decoded {
            Some(v) => Ok(v),
            None if data.is_empty() => Ok(Value::Null),
            None => Err(Error::Server {
                status,
                code: "invalid_reply".into(),
                detail: format!("not JSON: {}", String::from_utf8_lossy(&data[..data.len().min(200)])),
            }),
        }
    }

    pub(crate) fn object(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Fields> {
        match self.request(method, path, body)? {
            Value::Object(m) => Ok(m),
            other => Err(Error::invalid(format!("{method} {path}: not an object: {other}"))),
        }
    }
}

impl Transport for Rest {
    fn call(&self, op: &str, mut fields: Fields, vector: bool) -> Result<Fields> {
        let id = fields.remove("instance_id").map(|v| v.as_str().unwrap_or_default().to_string()).unwrap_or_default();
        let path = format!("{}{}/", if vector { "/v1/vector_envs/" } else { "/v1/envs/" }, id);
        // A vector env's sub-env (get_state/set_state with "index"): its own route.
        let state_path = match fields.remove("index") {
            Some(index) => format!("{path}envs/{index}/state/"),
            None => format!("{path}state/"),
        };
        let body = Value::Object(fields);
        match op {
            "make" => self.object("POST", "/v1/envs/", Some(&body)),
            "make_vec" => self.object("POST", "/v1/vector_envs/", Some(&body)),
            "reset" => self.object("POST", &format!("{path}reset/"), Some(&body)),
            "step" => self.object("POST", &format!("{path}step/"), Some(&body)),
            "close" => self.object("DELETE", &path, None),
            "get_state" => self.object("GET", &state_path, None),
            "set_state" => self.object("PUT", &state_path, Some(&body)),
            "clone" => self.object("POST", &format!("{path}clone/"), None),
            "spaces" => {
                let names: &[&str] = if vector {
                    &["action_space", "observation_space", "single_action_space", "single_observation_space"]
                } else {
                    &["action_space", "observation_space"]
                };
                let mut out = Fields::new();
                for name in names {
                    out.insert(name.to_string(), Value::Object(self.object("GET", &format!("{path}{name}/"), None)?));
                }
                Ok(out)
            }
            _ => Err(Error::invalid(format!("unknown op {op}"))),
        }
    }
}
