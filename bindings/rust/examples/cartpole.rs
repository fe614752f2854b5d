//! Balances CartPole-v1 with a fixed policy and prints the mean return over 10 seeded episodes.
//!     cargo run --example cartpole -- http://127.0.0.1:5000
use gymcc::{Client, MakeOptions};

fn main() -> gymcc::Result<()> {
    let url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:5000".into());
    let client = Client::new(&url)?;
    let mut env = client.make("CartPole-v1", MakeOptions::default())?;
    let mut returns = Vec::new();
    for seed in 0..10 {
        let (mut obs, _) = env.reset_with_seed(seed)?;
        let mut total = 0.0;
        loop {
            // Push the cart towards where the pole is falling: angle plus angular velocity.
            let state = obs.as_array().expect("a Box observation");
            let action = if state.get_f32(2) + state.get_f32(3) > 0.0 { 1 } else { 0 };
            let step = env.step(action)?;
            total += step.reward;
            obs = step.observation;
            if step.terminated || step.truncated {
                break;
            }
        }
        returns.push(total);
    }
    let text: Vec<String> = returns.iter().map(|r| r.to_string()).collect();
    println!("CartPole-v1, fixed policy: returns {}; mean return over 10 episodes: {:.1}", text.join(" "), returns.iter().sum::<f64>() / 10.0);
    env.close()
}
