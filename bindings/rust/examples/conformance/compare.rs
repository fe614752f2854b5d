//! Exact comparison of the client's results with fixture values (tests/conformance/README.md):
//! floats by their bits (-0 is not 0, NaN is NaN), integers as integers and floats as floats,
//! bools as bools, arrays element by element, and the vector format's typed values
//! ({"__ndarray__": dtype, "shape", "data"}) with their dtype wherever the result carries one.

use gymcc::value::{is_float, to_f64};
use gymcc::{Element, Space};
use serde_json::Value;

pub const ARRAY_TAG: &str = "__ndarray__";

pub fn typed(v: &Value) -> Option<&serde_json::Map<String, Value>> {
    v.as_object().filter(|m| m.contains_key(ARRAY_TAG))
}

pub fn ints(v: &Value) -> Vec<usize> {
    v.as_array().map(|l| l.iter().map(|e| e.as_u64().unwrap_or(0) as usize).collect()).unwrap_or_default()
}

/// The fixture's typed values as plain nested lists.
pub fn untyped(v: &Value) -> Value {
    if let Some(t) = typed(v) {
        let shape = ints(&t["shape"]);
        let flat: Vec<Value> = t["data"].as_array().cloned().unwrap_or_default().iter().map(untyped).collect();
        if shape.is_empty() {
            return flat.into_iter().next().unwrap_or(Value::Null);
        }
        fn build(shape: &[usize], flat: &[Value], next: &mut usize) -> Value {
            match shape.split_first() {
                None => {
                    *next += 1;
                    flat[*next - 1].clone()
                }
                Some((n, rest)) => Value::Array((0..*n).map(|_| build(rest, flat, next)).collect()),
            }
        }
        return build(&shape, &flat, &mut 0);
    }
    match v {
        Value::Array(l) => Value::Array(l.iter().map(untyped).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, e)| (k.clone(), untyped(e))).collect()),
        _ => v.clone(),
    }
}

fn show(v: &Value) -> String {
    let text = v.to_string();
    if text.len() > 200 {
        format!("{}...", &text[..200])
    } else {
        text
    }
}

fn same_f64(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Where actual differs from the fixture's expected value (None if nowhere).
pub fn diff(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    if typed(expected).is_some() {
        return diff(&untyped(expected), actual, path);
    }
    let mismatch = || Some(format!("{path}: expected {}, got {}", show(expected), show(actual)));
    match (expected, actual) {
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return mismatch();
            }
            e.iter().zip(a).enumerate().find_map(|(i, (x, y))| diff(x, y, &format!("{path}[{i}]")))
        }
        (Value::Object(e), Value::Object(a)) => {
            let (mut ek, mut ak): (Vec<_>, Vec<_>) = (e.keys().collect(), a.keys().collect());
            ek.sort();
            ak.sort();
            if ek != ak {
                return Some(format!("{path}: expected keys {ek:?}, got {ak:?}"));
            }
            e.iter().find_map(|(k, x)| diff(x, &a[k], &format!("{path}.{k}")))
        }
        (Value::Number(e), Value::Number(a)) => {
            let ok = match (is_float(e), is_float(a)) {
                (true, true) => same_f64(to_f64(expected).unwrap(), to_f64(actual).unwrap()),
                (false, false) => e.to_string() == a.to_string(),
                _ => false,
            };
            if ok {
                None
            } else {
                Some(format!("{path}: expected {e} ({}), got {a} ({})", kind(e), kind(a)))
            }
        }
        // Non-finite floats: the strings stand for them on both sides.
        (Value::String(e), Value::String(a)) if e == a => None,
        (Value::Bool(e), Value::Bool(a)) if e == a => None,
        (Value::Null, Value::Null) => None,
        _ => mismatch(),
    }
}

fn kind(n: &serde_json::Number) -> &'static str {
    if is_float(n) {
        "float"
    } else {
        "int"
    }
}

/// diff against a typed result: an array's dtype and shape are checked where the fixture
/// gives them.
pub fn diff_element(expected: &Value, actual: &Element, path: &str) -> Option<String> {
    match (typed(expected), actual) {
        (Some(t), Element::Array(a)) => {
            if t[ARRAY_TAG].as_str() != Some(a.dtype().name()) {
                return Some(format!("{path}: expected dtype {}, got {}", t[ARRAY_TAG], a.dtype()));
            }
            if ints(&t["shape"]) != a.shape() {
                return Some(format!("{path}: expected shape {}, got {:?}", t["shape"], a.shape()));
            }
            diff(&untyped(expected), &a.to_json(), path)
        }
        (None, Element::Tuple(items)) if expected.is_array() => {
            let e = expected.as_array().unwrap();
            if e.len() != items.len() {
                return Some(format!("{path}: expected {} items, got {}", e.len(), items.len()));
            }
            e.iter().zip(items).enumerate().find_map(|(i, (x, y))| diff_element(x, y, &format!("{path}[{i}]")))
        }
        _ => diff(expected, &actual.to_json(), path),
    }
}

fn numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Array(l) => l.iter().for_each(|e| numbers(e, out)),
        _ => out.push(to_f64(v).unwrap_or(f64::NAN)),
    }
}

fn same_numbers(expected: &Value, actual: &[f64]) -> bool {
    let mut e = Vec::new();
    numbers(expected, &mut e);
    e.len() == actual.len() && e.iter().zip(actual).all(|(a, b)| same_f64(*a, *b))
}

/// Where the client's typed space differs from a description (None if nowhere).
pub fn space_diff(d: &Value, space: &Space, path: &str) -> Option<String> {
    let name = d["name"].as_str().unwrap_or("");
    if space.kind() != name {
        return Some(format!("{path}: expected a {name}, got {space}"));
    }
    if let Some(want) = d.get("shape").filter(|s| s.is_array()) {
        if Some(ints(want).as_slice()) != space.shape() {
            return Some(format!("{path}: expected shape {want}, got {:?}", space.shape()));
        }
    }
    let f = |v: &[i64]| v.iter().map(|&n| n as f64).collect::<Vec<_>>();
    match space {
        Space::Discrete { n, start, .. } => {
            if Some(*n) != d["n"].as_i64() || *start != d.get("start").and_then(Value::as_i64).unwrap_or(0) {
                return Some(format!("{path}: expected Discrete({}, start={}), got {space}", d["n"], d["start"]));
            }
        }
        Space::Box { low, high, dtype, .. } => {
            if d["dtype"].as_str() != Some(dtype.name()) {
                return Some(format!("{path}: expected dtype {}, got {dtype}", d["dtype"]));
            }
            if !same_numbers(&d["low"], low) || !same_numbers(&d["high"], high) {
                return Some(format!("{path}: expected bounds {} {}, got {low:?} {high:?}", d["low"], d["high"]));
            }
            // The strings are real infinities: arithmetic on them stays infinite.
            if low.iter().any(|l| l.is_infinite() && !(l + 1.0).is_infinite()) {
                return Some(format!("{path}.low: not a real infinity"));
            }
        }
        Space::MultiDiscrete { nvec, start, .. } => {
            if !same_numbers(&d["nvec"], &f(nvec)) || !same_numbers(&d["start"], &f(start)) {
                return Some(format!("{path}: expected nvec {} start {}, got {nvec:?} {start:?}", d["nvec"], d["start"]));
            }
        }
        Space::MultiBinary { shape, .. } => {
            if d["n"].as_u64() != Some(shape.iter().product::<usize>() as u64) {
                return Some(format!("{path}: expected n {}, got {shape:?}", d["n"]));
            }
        }
        Space::Tuple { spaces, .. } => {
            let children = d["spaces"].as_array().cloned().unwrap_or_default();
            if children.len() != spaces.len() {
                return Some(format!("{path}: expected {} spaces, got {}", children.len(), spaces.len()));
            }
            return children.iter().zip(spaces).enumerate().find_map(|(i, (c, s))| space_diff(c, s, &format!("{path}[{i}]")));
        }
        Space::Dict { spaces, .. } => {
            let children = d["spaces"].as_object().cloned().unwrap_or_default();
            let mut keys: Vec<&String> = children.keys().collect();
            keys.sort();
            if keys != spaces.keys().collect::<Vec<_>>() {
                return Some(format!("{path}: expected keys {keys:?}, got {:?}", spaces.keys().collect::<Vec<_>>()));
            }
            return children.iter().find_map(|(k, c)| space_diff(c, &spaces[k], &format!("{path}.{k}")));
        }
    }
    None
}
