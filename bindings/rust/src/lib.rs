//! A blocking client for `gymcc serve`: Gymnasium's environments over HTTP (ureq, keep-alive)
//! and WebSocket (tungstenite), in gymnasium's model — `make`, `reset`, `step`, typed spaces,
//! `close`, vector envs with the three autoreset modes, snapshots (`get_state`, `set_state`,
//! `try_clone`, `Client::make_from_state`; docs/snapshots.md). A seeded `Space::sample` draws
//! exactly what gymnasium's space draws (numpy's SeedSequence + PCG64 + each space's sampling),
//! and every observation, reward and info is the value gymnasium gives.
//!
//! ```no_run
//! use gymcc::{Client, MakeOptions};
//! let client = Client::new("http://127.0.0.1:5000")?;
//! let mut env = client.make("CartPole-v1", MakeOptions::default())?;
//! let (observation, _info) = env.reset_with_seed(42)?;
//! let step = env.step(1)?;
//! env.close()?;
//! # Ok::<(), gymcc::Error>(())
//! ```

mod client;
mod env;
mod error;
mod msgpack;
mod ndarray;
mod rng;
mod session;
mod spaces;
mod transport;
pub mod value;
mod vector;
mod ziggurat;

pub use client::{Client, ClientBuilder, DEFAULT_TIMEOUT};
pub use env::{Env, MakeOptions, PendingStep, Step};
pub use error::{Error, Result};
pub use ndarray::{DType, Data, NdArray};
pub use rng::{seed_sequence_state, Generator, Seed};
pub use session::{Encoding, Session};
pub use spaces::{Element, Space};
pub use vector::{AutoresetMode, MakeVecOptions, VectorEnv, VectorSeed, VectorStep};
