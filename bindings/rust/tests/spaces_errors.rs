//! Spaces' edge cases and the client's errors, without a server: descriptions the server could
//! send (infinite bounds as strings, Discrete with a negative start), elements at and beyond the
//! bounds, malformed descriptions, and the error kinds of bad URLs, refused connections and
//! timeouts.
use gymcc::{Client, DType, Element, Error, MakeOptions, NdArray, Seed, Space};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn space(d: serde_json::Value) -> Space {
    Space::from_description(&d).unwrap_or_else(|e| panic!("{d}: {e}"))
}

#[test]
fn discrete_with_a_negative_start_holds_exactly_its_n_values() {
    let mut s = space(json!({"name": "Discrete", "n": 3, "start": -2, "shape": [], "dtype": "int64"}));
    for v in -2..=0 {
        assert!(s.contains(&Element::Int(v)), "{v}");
    }
    assert!(!s.contains(&Element::Int(-3)));
    assert!(!s.contains(&Element::Int(1)));
    // A 0-d integer array is a Discrete element too, a float or a 1-d one is not.
    assert!(s.contains(&Element::Array(NdArray::from_i64(DType::Int64, &[], &[-1]).unwrap())));
    assert!(!s.contains(&Element::Array(NdArray::from_f64(DType::Float64, &[], &[-1.0]).unwrap())));
    assert!(!s.contains(&Element::Array(NdArray::from_i64(DType::Int64, &[1], &[-1]).unwrap())));
    s.seed(Some(&Seed::from(7u64)));
    let first: Vec<Element> = (0..200).map(|_| s.sample()).collect();
    assert!(first.iter().all(|e| s.contains(e)));
    for v in -2..=0 {
        assert!(first.contains(&Element::Int(v)), "200 draws never gave {v}");
    }
    s.seed(Some(&Seed::from(7u64)));
    let again: Vec<Element> = (0..200).map(|_| s.sample()).collect();
    assert_eq!(first, again, "the same seed draws the same samples");
}

#[test]
fn box_bounds_given_as_infinity_strings_are_real_infinities() {
    let s = space(json!({"name": "Box", "shape": [2], "low": ["-Infinity", 0.0], "high": ["Infinity", 1.0], "dtype": "float32"}));
    match &s {
        Space::Box { low, high, .. } => {
            assert_eq!(low[0], f64::NEG_INFINITY);
            assert_eq!(high[0], f64::INFINITY);
        }
        other => panic!("not a Box: {other:?}"),
    }
    assert!(s.contains(&Element::Array(NdArray::from_f32(&[-3.0e38, 1.0]))));
    assert!(s.contains(&Element::Array(NdArray::from_f32(&[3.0e38, 0.0]))));
    assert!(!s.contains(&Element::Array(NdArray::from_f32(&[0.0, 1.5])))); // above high[1]
    assert!(!s.contains(&Element::Array(NdArray::from_f32(&[0.0, -0.5])))); // below low[1]
    assert!(!s.contains(&Element::Array(NdArray::from_f32(&[0.0])))); // wrong shape
    assert!(!s.contains(&Element::Int(0)));
    // numpy's safe-cast rule: float64 does not fit float32, int8 does.
    assert!(!s.contains(&Element::Array(NdArray::from_f64(DType::Float64, &[2], &[0.0, 0.5]).unwrap())));
    assert!(s.contains(&Element::Array(NdArray::from_i64(DType::Int8, &[2], &[5, 1]).unwrap())));
}

#[test]
fn descriptions_survive_describe_and_back() {
    let descriptions = [
        json!({"name": "Discrete", "n": 5, "start": 3, "shape": [], "dtype": "int64"}),
        json!({"name": "Box", "shape": [2], "low": ["-Infinity", -1.0], "high": [1.0, "Infinity"], "dtype": "float64"}),
        json!({"name": "MultiDiscrete", "shape": [2], "nvec": [3, 4], "start": [0, -1], "dtype": "int64"}),
        json!({"name": "MultiBinary", "n": 4, "shape": [4], "dtype": "int8"}),
        json!({"name": "Tuple", "shape": null, "spaces": [{"name": "Discrete", "n": 2, "shape": [], "dtype": "int64"}]}),
        json!({"name": "Dict", "shape": null, "spaces": {"a": {"name": "MultiBinary", "n": 2, "shape": [2], "dtype": "int8"}}}),
    ];
    for d in descriptions {
        let s = space(d.clone());
        let again = space(s.describe());
        assert_eq!(s.describe(), again.describe(), "{d}");
        assert_eq!(s.kind(), d["name"].as_str().unwrap());
    }
}

#[test]
fn composite_spaces_check_every_part() {
    let discrete = json!({"name": "Discrete", "n": 2, "shape": [], "dtype": "int64"});
    let binary = json!({"name": "MultiBinary", "n": 2, "shape": [2], "dtype": "int8"});
    let tuple = space(json!({"name": "Tuple", "shape": null, "spaces": [discrete, binary]}));
    let bits = |a: i64, b: i64| Element::Array(NdArray::from_i64(DType::Int8, &[2], &[a, b]).unwrap());
    assert!(tuple.contains(&Element::Tuple(vec![Element::Int(1), bits(0, 1)])));
    assert!(!tuple.contains(&Element::Tuple(vec![Element::Int(1), bits(0, 2)]))); // 2 is not a bit
    assert!(!tuple.contains(&Element::Tuple(vec![Element::Int(1)]))); // too short
    assert!(!tuple.contains(&Element::Tuple(vec![Element::Int(1), bits(0, 1), Element::Int(0)]))); // too long
    let dict = space(json!({"name": "Dict", "shape": null, "spaces": {"d": discrete, "b": binary}}));
    let mut parts = BTreeMap::from([("d".to_string(), Element::Int(0)), ("b".to_string(), bits(1, 1))]);
    assert!(dict.contains(&Element::Dict(parts.clone())));
    parts.insert("extra".into(), Element::Int(0));
    assert!(!dict.contains(&Element::Dict(parts.clone())), "an extra key");
    parts.remove("extra");
    parts.remove("d");
    assert!(!dict.contains(&Element::Dict(parts)), "a missing key");
}

#[test]
fn malformed_descriptions_are_invalid_not_panics() {
    for d in [
        json!({"name": "Box", "shape": [3], "low": [0.0, 0.0], "high": [1.0, 1.0, 1.0], "dtype": "float32"}),
        json!({"name": "Box", "shape": [1], "high": [1.0], "dtype": "float32"}),
        json!({"name": "Box", "shape": [1], "low": [0.0], "high": [1.0], "dtype": "complex128"}),
        json!({"name": "Discrete", "shape": []}),
        json!({"name": "MultiDiscrete", "shape": [2], "nvec": [2, 2], "start": [0]}),
        json!({"name": "Tuple", "spaces": {"not": "a list"}}),
        json!({"name": "Dict", "spaces": [1, 2]}),
        json!({"name": "Graph"}),
        json!(42),
    ] {
        match Space::from_description(&d) {
            Err(Error::Invalid(message)) => assert!(!message.is_empty(), "{d}"),
            other => panic!("{d}: {other:?}"),
        }
    }
}

#[test]
fn base_urls_that_are_not_http_are_invalid() {
    for url in ["127.0.0.1:5000", "ftp://127.0.0.1", "http://", ""] {
        match Client::new(url) {
            Err(e @ Error::Invalid(_)) => assert!(e.status().is_none() && e.code().is_none(), "{url}"),
            other => panic!("{url}: {:?}", other.map(|c| c.base_url().to_string())),
        }
    }
}

#[test]
fn a_refused_connection_is_a_connection_error_not_a_timeout() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::new(&format!("http://127.0.0.1:{port}")).unwrap();
    match client.make("CartPole-v1", MakeOptions::default()) {
        Err(e @ Error::Connection { .. }) => assert!(!e.is_timeout() && e.status().is_none(), "{e}"),
        other => panic!("{:?}", other.map(|_| "an env")),
    }
    assert!(matches!(client.session(), Err(Error::Connection { .. })));
}

#[test]
fn a_server_that_never_answers_times_out_within_the_timeout() {
    // Bound and listening, so the kernel accepts the connection, but nobody ever answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let client = Client::builder(&url).timeout(Duration::from_millis(300)).build().unwrap();
    let started = Instant::now();
    let error = client.make("CartPole-v1", MakeOptions::default()).err().expect("no answer is an error");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    drop(listener);
}

#[test]
fn server_errors_carry_status_code_and_detail() {
    let e = Error::Server { status: 404, code: "unknown_env".into(), detail: "Environment `Foo` doesn't exist.".into() };
    assert_eq!(e.status(), Some(404));
    assert_eq!(e.code(), Some("unknown_env"));
    assert!(!e.is_timeout());
    assert_eq!(e.to_string(), "gymcc: Environment `Foo` doesn't exist. (HTTP 404, unknown_env)");
    assert_eq!(Error::Closed("env".into()).to_string(), "gymcc: env is closed");
}
