//! The client's errors: one enum, so that `?` works across every call.

use std::fmt;

/// What a call can fail with.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The server answered an error: the HTTP status, the API's `code` and its `detail`
    /// (docs/api.md), the same over REST and a WebSocket session.
    Server {
        /// 400, 404, 422, 503, ...
        status: u16,
        /// `invalid_action`, `reset_needed`, `unknown_env`, ...
        code: String,
        /// The server's message, e.g. gymnasium's "Environment `Foo` doesn't exist."
        detail: String,
    },
    /// The server refused a snapshot (HTTP 400 `invalid_state`; the server's detail, naming the
    /// field): malformed, tampered with, or of another env id, kwargs, time limit, `num_envs`,
    /// autoreset mode or format version. A failed `set_state` leaves the env as it was. Also a
    /// vector env's `get_state` when its sub-envs were built differently (snapshot them one by
    /// one then). `status()` and `code()` answer 400 and "invalid_state".
    InvalidState(String),
    /// The server could not be reached, the connection broke, or (`timeout`) no answer came
    /// within the client's timeout.
    Connection { message: String, timeout: bool },
    /// A call on a closed env, vector env or session.
    Closed(String),
    /// An argument or a reply the client cannot use (a bad URL, a reply of the wrong shape).
    Invalid(String),
}

impl Error {
    /// The server error's status, if this is one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Server { status, .. } => Some(*status),
            Error::InvalidState(_) => Some(400),
            _ => None,
        }
    }

    /// The server error's code, if this is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Server { code, .. } => Some(code),
            Error::InvalidState(_) => Some("invalid_state"),
            _ => None,
        }
    }

    /// True when the call gave up because no answer came within the timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Connection { timeout: true, .. })
    }

    /// True when the instance named is not (or no longer) on the server, or a vector env has no
    /// sub-env at the index: 404 `instance_not_found` or `sub_env_not_found`.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Server { status: 404, code, .. } if code == "instance_not_found" || code == "sub_env_not_found")
    }

    pub(crate) fn connection(message: impl Into<String>) -> Error {
        Error::Connection { message: message.into(), timeout: false }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid(message.into())
    }

    /// The error for an error body {"detail", "code"} (REST) or {"status", "code", "detail"}
    /// (WebSocket; `status` 0 takes the body's); code `invalid_state` is Error::InvalidState.
    pub(crate) fn from_body(status: u16, body: Option<&serde_json::Value>, fallback: String) -> Error {
        let mut code = "unknown".to_string();
        let mut detail = fallback;
        let mut status = status;
        if let Some(serde_json::Value::Object(fields)) = body {
            if let Some(serde_json::Value::String(c)) = fields.get("code") {
                code = c.clone();
            }
            if let Some(serde_json::Value::String(d)) = fields.get("detail") {
                detail = d.clone();
            } else if let Some(serde_json::Value::String(m)) = fields.get("message") {
                detail = m.clone();
            }
            if status == 0 {
                if let Some(s) = fields.get("status").and_then(|s| s.as_u64()) {
                    status = s as u16;
                }
            }
        }
        if code == "invalid_state" {
            return Error::InvalidState(detail);
        }
        Error::Server { status, code, detail }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Server { status, code, detail } => write!(f, "gymcc: {detail} (HTTP {status}, {code})"),
            Error::InvalidState(detail) => write!(f, "gymcc: {detail} (HTTP 400, invalid_state)"),
            Error::Connection { message, .. } => write!(f, "gymcc: {message}"),
            Error::Closed(what) => write!(f, "gymcc: {what} is closed"),
            Error::Invalid(message) => write!(f, "gymcc: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// The client's result type.
pub type Result<T> = std::result::Result<T, Error>;
