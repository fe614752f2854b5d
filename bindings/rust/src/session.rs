//! A WebSocket session with a gymcc server (docs/fast-paths.md): one socket, MessagePack
//! binary messages (or JSON text ones), replies in request order. Requests may be sent before earlier replies are read
//! (`Env::step_async`), so that steps of many envs share one round trip.

use crate::env::{Env, MakeOptions};
use crate::error::{Error, Result};
use crate::msgpack;
use crate::transport::{decode, Fields, Ticket, Transport};
use crate::vector::{MakeVecOptions, VectorEnv};
use serde_json::Value;
use std::collections::HashMap;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tungstenite::client::IntoClientRequest;
use tungstenite::http::HeaderValue;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// The messages of a session: MessagePack (binary, arrays as the ndarray extension; the
/// default) or JSON (text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    MessagePack,
    Json,
}

struct State {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    sent: u64,
    received: u64,
    // Replies read while waiting for a later one, by request number.
    early: HashMap<u64, Result<Fields>>,
    ended: Option<Error>,
}

pub(crate) struct SessionInner {
    url: String,
    timeout: Duration,
    encoding: Encoding,
    state: Mutex<State>,
}

/// One WebSocket to the server; the Envs and VectorEnvs it makes share it, and the server
/// closes them with it. A Session is cheap to clone (it is one socket) and safe to share
/// between threads.
#[derive(Clone)]
pub struct Session {
    inner: Arc<SessionInner>,
}

/// The server's /v1/ws for a base URL (http(s):// or ws(s)://).
pub(crate) fn websocket_url(base: &str) -> Result<String> {
    let (scheme, rest) = base.split_once("://").ok_or_else(|| Error::invalid(format!("expected a URL like http://127.0.0.1:5000, got {base}")))?;
    let scheme = match scheme {
        "http" | "ws" => "ws",
        "https" | "wss" => "wss",
        _ => return Err(Error::invalid(format!("expected an http(s):// or ws(s):// URL, got {base}"))),
    };
    let rest = rest.trim_end_matches('/');
    Ok(if rest.ends_with("/v1/ws") { format!("{scheme}://{rest}") } else { format!("{scheme}://{rest}/v1/ws") })
}

fn io_error(url: &str, e: &tungstenite::Error, timeout: Duration) -> Error {
    match e {
        tungstenite::Error::Io(io) if matches!(io.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
            Error::Connection { message: format!("{url}: no reply within {timeout:?}"), timeout: true }
        }
        _ => Error::connection(format!("{url}: {e}")),
    }
}

impl Session {
    pub(crate) fn open(base: &str, api_key: Option<&str>, timeout: Duration, tls: Arc<rustls::ClientConfig>, encoding: Encoding) -> Result<Session> {
        let url = websocket_url(base)?;
        let mut request = url.as_str().into_client_request().map_err(|e| Error::invalid(format!("{url}: {e}")))?;
        if let Some(key) = api_key {
            let value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| Error::invalid("the API key must be printable ASCII"))?;
            request.headers_mut().insert("Authorization", value);
        }
        let uri = request.uri().clone();
        let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
        let port = uri.port_u16().unwrap_or(if uri.scheme_str() == Some("wss") { 443 } else { 80 });
        let address = (host, port)
            .to_socket_addrs()
            .map_err(|e| Error::connection(format!("open {url}: {e}")))?
            .next()
            .ok_or_else(|| Error::connection(format!("open {url}: no address")))?;
        let stream = TcpStream::connect_timeout(&address, timeout).map_err(|e| Error::Connection {
            message: format!("open {url}: {e}"),
            timeout: e.kind() == std::io::ErrorKind::TimedOut,
        })?;
        stream.set_nodelay(true).ok();
        stream.set_read_timeout(Some(timeout)).ok();
        stream.set_write_timeout(Some(timeout)).ok();
        let (socket, _) = tungstenite::client_tls_with_config(request, stream, None, Some(tungstenite::Connector::Rustls(tls)))
            .map_err(|e| Error::connection(format!("open {url}: {e}")))?;
        let state = State { socket, sent: 0, received: 0, early: HashMap::new(), ended: None };
        Ok(Session { inner: Arc::new(SessionInner { url, timeout, encoding, state: Mutex::new(state) }) })
    }

    /// The socket's URL.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// Creates an env on the session (see `Client::make`).
    pub fn make(&self, env_id: &str, options: MakeOptions) -> Result<Env> {
        Env::make(self.inner.clone(), env_id, options)
    }

    /// Creates a vector env on the session (see `Client::make_vec`).
    pub fn make_vec(&self, env_id: &str, num_envs: usize, options: MakeVecOptions) -> Result<VectorEnv> {
        VectorEnv::make(self.inner.clone(), env_id, num_envs, options)
    }

    /// Creates an env from a snapshot on the session (see `Client::make_from_state`).
    pub fn make_from_state(&self, state: &Value) -> Result<Env> {
        Env::make_from_state(self.inner.clone(), state)
    }

    /// Creates a vector env from a snapshot on the session (see `Client::make_vec_from_state`).
    pub fn make_vec_from_state(&self, state: &Value) -> Result<VectorEnv> {
        VectorEnv::make_from_state(self.inner.clone(), state)
    }

    /// Closes the socket: later calls fail with Error::Closed, and the server closes the
    /// session's instances. Closing twice is fine.
    pub fn close(&self) {
        self.inner.close();
    }
}

impl SessionInner {
    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.ended.is_none() {
            state.ended = Some(Error::Closed(format!("the session {}", self.url)));
            let _ = state.socket.close(None);
            let _ = state.socket.flush();
        }
    }

    fn reply_of(&self, message: Message) -> Result<Fields> {
        let decoded = match message {
            Message::Text(text) => decode(text.as_bytes()).map_err(|e| e.to_string()),
            Message::Binary(data) => msgpack::decode(&data),
            other => return Err(Error::connection(format!("{}: an unexpected message {other:?}", self.url))),
        };
        match decoded {
            Ok(Value::Object(mut reply)) => match reply.remove("error") {
                Some(error) if !error.is_null() => Err(Error::from_body(0, Some(&error), error.to_string())),
                _ => Ok(reply),
            },
            Ok(other) => Err(Error::connection(format!("{}: a reply that is not a map: {other}", self.url))),
            Err(e) => Err(Error::connection(format!("{}: unreadable reply: {e}", self.url))),
        }
    }
}

impl Drop for SessionInner {
    fn drop(&mut self) {
        self.close();
    }
}

impl Transport for SessionInner {
    fn call(&self, op: &str, fields: Fields, vector: bool) -> Result<Fields> {
        let ticket = self.send(op, fields, vector);
        self.wait(ticket)
    }

    fn send(&self, op: &str, mut fields: Fields, _vector: bool) -> Ticket {
        fields.insert("op".into(), Value::String(op.into()));
        // MessagePack unless a value has no MessagePack form (integers beyond 64 bits: JSON then).
        let message = match self.encoding {
            Encoding::MessagePack => msgpack::encode_request(&fields).map(Message::binary),
            Encoding::Json => None,
        }
        .unwrap_or_else(|| Message::text(Value::Object(fields).to_string()));
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(ended) = &state.ended {
            return Ticket::Ready(Err(ended.clone()));
        }
        if let Err(e) = state.socket.send(message) {
            let error = io_error(&self.url, &e, self.timeout);
            state.ended = Some(Error::connection(format!("{}: cannot send: {e}", self.url)));
            return Ticket::Ready(Err(error));
        }
        state.sent += 1;
        Ticket::Pending(state.sent - 1)
    }

    fn wait(&self, ticket: Ticket) -> Result<Fields> {
        let number = match ticket {
            Ticket::Ready(reply) => return reply,
            Ticket::Pending(n) => n,
        };
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(reply) = state.early.remove(&number) {
                return reply;
            }
            if let Some(ended) = &state.ended {
                return Err(ended.clone());
            }
            let message = match state.socket.read() {
                Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => continue,
                Ok(Message::Close(frame)) => {
                    state.ended = Some(Error::connection(format!("{}: the server closed the session ({frame:?})", self.url)));
                    continue;
                }
                Ok(m) => m,
                Err(e) => {
                    let error = io_error(&self.url, &e, self.timeout);
                    if !error.is_timeout() {
                        state.ended = Some(error.clone());
                    }
                    return Err(error);
                }
            };
            let reply = self.reply_of(message);
            let received = state.received;
            state.received += 1;
            if received == number {
                return reply;
            }
            state.early.insert(received, reply);
        }
    }
}
