//! Client: a gymcc server at a base URL; makes envs over REST and opens WebSocket sessions.

use crate::env::{Env, MakeOptions};
use crate::error::{Error, Result};
use crate::session::{Encoding, Session};
use crate::transport::Rest;
use crate::vector::{MakeVecOptions, VectorEnv};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The timeout of a call unless the builder sets one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A gymcc server at a base URL (`http://127.0.0.1:5000`, or `https://` for
/// `gymcc serve --tls-cert`). Connections are kept alive and pooled; every call has a timeout
/// (30 s by default). A client holds no global state, is cheap to clone and safe to share.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    api_key: Option<String>,
    timeout: Duration,
    tls: Arc<rustls::ClientConfig>,
    rest: Arc<Rest>,
}

/// A client's settings.
pub struct ClientBuilder {
    base_url: String,
    api_key: Option<String>,
    timeout: Duration,
    extra_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
}

impl ClientBuilder {
    /// Sent as `Authorization: Bearer <key>` (`gymcc serve --api-keys`); default `$GYMCC_API_KEY`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// How long to wait to connect and for each answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Trusts the CA or self-signed certificate(s) in a PEM file (e.g. the server's
    /// --tls-cert) besides the webpki roots.
    pub fn trust_certificate(mut self, pem: impl AsRef<Path>) -> Result<Self> {
        let path = pem.as_ref();
        let data = std::fs::read(path).map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display())))?;
        for cert in rustls_pemfile::certs(&mut data.as_slice()) {
            self.extra_roots.push(cert.map_err(|e| Error::invalid(format!("{}: {e}", path.display())))?);
        }
        Ok(self)
    }

    pub fn build(self) -> Result<Client> {
        let (scheme, rest) = self
            .base_url
            .split_once("://")
            .filter(|(s, r)| (*s == "http" || *s == "https") && !r.is_empty())
            .ok_or_else(|| Error::invalid(format!("the base URL must be like http://127.0.0.1:5000, got {}", self.base_url)))?;
        let base_url = format!("{scheme}://{}", rest.trim_end_matches('/'));
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for cert in self.extra_roots {
            roots.add(cert).map_err(|e| Error::invalid(format!("an unusable certificate: {e}")))?;
        }
        let tls = Arc::new(
            rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .map_err(|e| Error::invalid(format!("TLS: {e}")))?
                .with_root_certificates(roots)
                .with_no_client_auth(),
        );
        let api_key = self.api_key.or_else(|| std::env::var("GYMCC_API_KEY").ok()).filter(|k| !k.is_empty());
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(self.timeout)
            .timeout(self.timeout)
            .max_idle_connections_per_host(64)
            .redirects(0)
            .tls_config(tls.clone())
            .build();
        let rest = Rest { base: base_url.clone(), agent, authorization: api_key.as_ref().map(|k| format!("Bearer {k}")), timeout: self.timeout };
        Ok(Client { base_url, api_key, timeout: self.timeout, tls, rest: Arc::new(rest) })
    }
}

impl Client {
    /// A client with the defaults ($GYMCC_API_KEY if set, 30 s timeouts, the webpki roots).
    pub fn new(base_url: &str) -> Result<Client> {
        Client::builder(base_url).build()
    }

    pub fn builder(base_url: &str) -> ClientBuilder {
        ClientBuilder { base_url: base_url.to_string(), api_key: None, timeout: DEFAULT_TIMEOUT, extra_roots: Vec::new() }
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// gymnasium.make(env_id, **kwargs, render_mode=, max_episode_steps=) on the server.
    pub fn make(&self, env_id: &str, options: MakeOptions) -> Result<Env> {
        Env::make(self.rest.clone(), env_id, options)
    }

    /// gymnasium.make_vec(env_id, num_envs, ...) on the server.
    pub fn make_vec(&self, env_id: &str, num_envs: usize, options: MakeVecOptions) -> Result<VectorEnv> {
        VectorEnv::make(self.rest.clone(), env_id, num_envs, options)
    }

    /// A new env made from a snapshot (`Env::get_state`, taken here or on another server of
    /// the same version): it continues exactly as the env did. A malformed or tampered state
    /// is `Error::InvalidState` (one of an env id the server does not have, 400
    /// `unknown_env`). The spaces' generators are fresh.
    pub fn make_from_state(&self, state: &Value) -> Result<Env> {
        Env::make_from_state(self.rest.clone(), state)
    }

    /// A new vector env made from a snapshot (`VectorEnv::get_state`).
    pub fn make_vec_from_state(&self, state: &Value) -> Result<VectorEnv> {
        VectorEnv::make_from_state(self.rest.clone(), state)
    }

    /// Opens a WebSocket session: pipelined steps on one socket, MessagePack messages.
    pub fn session(&self) -> Result<Session> {
        self.session_with_encoding(Encoding::MessagePack)
    }

    /// Opens a WebSocket session speaking `encoding` (MessagePack binary or JSON text messages).
    pub fn session_with_encoding(&self, encoding: Encoding) -> Result<Session> {
        Session::open(&self.base_url, self.api_key.as_deref(), self.timeout, self.tls.clone(), encoding)
    }

    /// The live instances: instance id → env id (yours only, on a server with keys).
    pub fn list_envs(&self) -> Result<serde_json::Map<String, Value>> {
        self.rest.object("GET", "/v1/envs/", None)
    }
}
