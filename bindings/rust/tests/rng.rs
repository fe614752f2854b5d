//! The generator against numpy's own draws (tests/data/rng_vectors.json).
use gymcc::{seed_sequence_state, Generator, Seed};
use serde_json::Value;

#[test]
fn draws_are_numpys() {
    let text = std::fs::read_to_string("../../tests/data/rng_vectors.json").expect("tests/data/rng_vectors.json");
    let vectors: Value = serde_json::from_str(&text).unwrap();
    for entry in vectors["seeds"].as_array().unwrap() {
        let seed = Seed::from_decimal(entry["seed"].as_str().unwrap()).unwrap();
        let state = seed_sequence_state(&seed);
        for (i, w) in entry["seed_sequence_u32x8"].as_array().unwrap().iter().enumerate() {
            assert_eq!(w.as_u64().unwrap(), state[i] as u64, "seed {seed} word {i}");
        }
        let mut g = Generator::new(&seed);
        for raw in entry["raw"].as_array().unwrap() {
            assert_eq!(raw.as_str().unwrap(), g.next_u64().to_string());
        }
        for (name, draw) in [("random", Generator::random as fn(&mut Generator) -> f64), ("standard_normal", Generator::standard_normal), ("standard_exponential", Generator::standard_exponential)] {
            let mut g = Generator::new(&seed);
            for (i, want) in entry[name]["head"].as_array().unwrap().iter().enumerate() {
                assert_eq!(want.as_str().unwrap().parse::<f64>().unwrap().to_bits(), draw(&mut g).to_bits(), "{name} draw {i}");
            }
        }
    }
}
