//! The MessagePack dialect of a WebSocket session (docs/fast-paths.md): requests and replies
//! are the JSON ones, as MessagePack maps; arrays travel as the ndarray extension (type 1).
//! Replies are turned into the same `serde_json::Value`s the JSON dialect gives (ndarrays as
//! nested lists, IEEE infinities and NaN as the API's strings), so everything downstream reads
//! both dialects alike and floats stay exact (float32 widens to f64 without rounding).

use crate::value::{float_value, is_float};
use rmpv::Value as Mp;
use serde_json::{Map, Number, Value};

const NDARRAY: i8 = 1;

/// A request as MessagePack, with `action`/`actions` lists as ndarrays; `None` when a value
/// has no MessagePack form (an integer beyond 64 bits), so that the caller sends JSON instead.
pub(crate) fn encode_request(fields: &Map<String, Value>) -> Option<Vec<u8>> {
    let mut entries = Vec::with_capacity(fields.len());
    for (key, value) in fields {
        let encoded = match (key.as_str(), value) {
            ("action" | "actions", Value::Array(_)) => ndarray_of(value).map(Some).unwrap_or_else(|| to_mp(value))?,
            _ => to_mp(value)?,
        };
        entries.push((Mp::from(key.as_str()), encoded));
    }
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, &Mp::Map(entries)).ok()?;
    Some(out)
}

fn to_mp(value: &Value) -> Option<Mp> {
    Some(match value {
        Value::Null => Mp::Nil,
        Value::Bool(b) => Mp::Boolean(*b),
        Value::Number(n) => number_to_mp(n)?,
        Value::String(s) => Mp::from(s.as_str()),
        Value::Array(list) => Mp::Array(list.iter().map(to_mp).collect::<Option<_>>()?),
        Value::Object(map) => Mp::Map(map.iter().map(|(k, v)| Some((Mp::from(k.as_str()), to_mp(v)?))).collect::<Option<_>>()?),
    })
}

fn number_to_mp(n: &Number) -> Option<Mp> {
    if is_float(n) {
        return n.as_f64().map(Mp::F64);
    }
    n.as_i64().map(Mp::from).or_else(|| n.as_u64().map(Mp::from))
}

/// A rectangular, non-empty list of numbers as an ndarray: int64 if every number is an
/// integer, else float64 (the server reads Box actions as the Box's dtype).
fn ndarray_of(value: &Value) -> Option<Mp> {
    let mut shape = Vec::new();
    let mut probe = value;
    while let Value::Array(list) = probe {
        shape.push(u32::try_from(list.len()).ok()?);
        probe = list.first()?;
    }
    let mut leaves = Vec::new();
    collect_leaves(value, &shape, &mut leaves)?;
    let floats = leaves.iter().any(|n| is_float(n));
    let mut payload = vec![if floats { 11 } else { 7 }, u8::try_from(shape.len()).ok()?];
    for d in &shape {
        payload.extend_from_slice(&d.to_le_bytes());
    }
    for n in leaves {
        if floats {
            payload.extend_from_slice(&n.as_f64()?.to_le_bytes());
        } else {
            payload.extend_from_slice(&n.as_i64()?.to_le_bytes());
        }
    }
    Some(Mp::Ext(NDARRAY, payload))
}

fn collect_leaves<'a>(value: &'a Value, shape: &[u32], out: &mut Vec<&'a Number>) -> Option<()> {
    match (value, shape.split_first()) {
        (Value::Array(list), Some((&n, rest))) if list.len() == n as usize => list.iter().try_for_each(|e| collect_leaves(e, rest, out)),
        (Value::Number(n), None) => {
            out.push(n);
            Some(())
        }
        _ => None,
    }
}

/// A reply (or any MessagePack value) as the JSON dialect's value.
pub(crate) fn decode(data: &[u8]) -> Result<Value, String> {
    let mut reader = data;
    let value = rmpv::decode::read_value(&mut reader).map_err(|e| e.to_string())?;
    if !reader.is_empty() {
        return Err("trailing data after a MessagePack value".into());
    }
    from_mp(value)
}

fn from_mp(value: Mp) -> Result<Value, String> {
    Ok(match value {
        Mp::Nil => Value::Null,
        Mp::Boolean(b) => Value::Bool(b),
        Mp::Integer(i) => match (i.as_i64(), i.as_u64()) {
            (Some(v), _) => Value::from(v),
            (None, Some(v)) => Value::from(v),
            _ => return Err(format!("an unreadable integer {i}")),
        },
        Mp::F32(f) => float_value(f64::from(f)),
        Mp::F64(f) => float_value(f),
        Mp::String(s) => Value::String(s.into_str().ok_or("a string that is not UTF-8")?),
        Mp::Binary(_) => return Err("binary data outside an ndarray".into()),
        Mp::Array(list) => Value::Array(list.into_iter().map(from_mp).collect::<Result<_, _>>()?),
        Mp::Map(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for (k, v) in entries {
                let key = match k {
                    Mp::String(s) => s.into_str().ok_or("a key that is not UTF-8")?,
                    other => return Err(format!("a map key that is not a string: {other}")),
                };
                map.insert(key, from_mp(v)?);
            }
            Value::Object(map)
        }
        Mp::Ext(NDARRAY, payload) => ndarray_to_json(&payload)?,
        Mp::Ext(kind, _) => return Err(format!("an unknown MessagePack extension type {kind}")),
    })
}

/// An ndarray's payload as nested lists in C order (a 0-d array as its one element).
fn ndarray_to_json(payload: &[u8]) -> Result<Value, String> {
    let bad = || format!("a malformed ndarray of {} bytes", payload.len());
    let (&code, rest) = payload.split_first().ok_or_else(bad)?;
    let (&d, mut rest) = rest.split_first().ok_or_else(bad)?;
    let mut shape = Vec::with_capacity(d as usize);
    for _ in 0..d {
        let (dim, tail) = rest.split_at_checked(4).ok_or_else(bad)?;
        shape.push(u32::from_le_bytes(dim.try_into().unwrap()) as usize);
        rest = tail;
    }
    let itemsize = match code {
        0..=2 => 1,
        3 | 4 => 2,
        5 | 6 | 10 => 4,
        7 | 8 | 11 => 8,
        _ => return Err(format!("an ndarray of unknown dtype code {code}")),
    };
    let count: usize = shape.iter().product();
    if rest.len() != count * itemsize {
        return Err(bad());
    }
    let element = |b: &[u8]| -> Value {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        match code {
            0 => Value::Bool(b[0] != 0),
            1 => Value::from(b[0] as i8),
            2 => Value::from(b[0]),
            3 => Value::from(i16::from_le_bytes([b[0], b[1]])),
            4 => Value::from(u16::from_le_bytes([b[0], b[1]])),
            5 => Value::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            6 => Value::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            7 => Value::from(i64::from_le_bytes(w)),
            8 => Value::from(u64::from_le_bytes(w)),
            10 => float_value(f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
            _ => float_value(f64::from_le_bytes(w)),
        }
    };
    let mut items = rest.chunks_exact(itemsize).map(element);
    Ok(nest(&shape, &mut items))
}

fn nest(shape: &[usize], items: &mut impl Iterator<Item = Value>) -> Value {
    match shape.split_first() {
        None => items.next().unwrap_or(Value::Null),
        Some((&n, rest)) => Value::Array((0..n).map(|_| nest(rest, items)).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ndarray(code: u8, shape: &[u32], data: &[u8]) -> Vec<u8> {
        let mut payload = vec![code, shape.len() as u8];
        shape.iter().for_each(|d| payload.extend_from_slice(&d.to_le_bytes()));
        payload.extend_from_slice(data);
        let mut out = Vec::new();
        rmpv::encode::write_value(&mut out, &Mp::Ext(NDARRAY, payload)).unwrap();
        out
    }

    #[test]
    fn ndarrays_decode_to_the_json_dialects_lists() {
        let floats: Vec<u8> = [0.1f32, f32::NEG_INFINITY, f32::NAN, 2.5, -0.0, 1e-45].iter().flat_map(|f| f.to_le_bytes()).collect();
        let v = decode(&ndarray(10, &[2, 3], &floats)).unwrap();
        assert_eq!(v[0][0].as_f64().unwrap(), 0.1f32 as f64, "float32 widens exactly");
        assert_eq!(v[0][1], json!("-Infinity"));
        assert_eq!(v[0][2], json!("NaN"));
        assert_eq!(v[1][0].as_f64().unwrap(), 2.5);
        assert!(is_float(v[1][0].as_number().unwrap()), "a float stays a float");
        assert_eq!(v[1][2].as_f64().unwrap(), 1e-45f32 as f64);
        assert_eq!(decode(&ndarray(0, &[2], &[1, 0])).unwrap(), json!([true, false]));
        assert_eq!(decode(&ndarray(1, &[], &[0xff])).unwrap(), json!(-1), "a 0-d array is its element");
        assert_eq!(decode(&ndarray(8, &[1], &u64::MAX.to_le_bytes())).unwrap(), json!([u64::MAX]));
        assert_eq!(decode(&ndarray(7, &[0, 3], &[])).unwrap(), json!([]));
    }

    #[test]
    fn malformed_ndarrays_and_foreign_values_are_errors() {
        assert!(decode(&ndarray(10, &[2], &[0; 4])).is_err(), "too few bytes");
        assert!(decode(&ndarray(9, &[1], &[0; 8])).is_err(), "float16 is not a code");
        let mut bytes = Vec::new();
        rmpv::encode::write_value(&mut bytes, &Mp::Ext(2, vec![0])).unwrap();
        assert!(decode(&bytes).is_err(), "an unknown extension");
        bytes.clear();
        rmpv::encode::write_value(&mut bytes, &Mp::Map(vec![(Mp::from(1), Mp::Nil)])).unwrap();
        assert!(decode(&bytes).is_err(), "a map key that is not a string");
        assert!(decode(&[0x93, 0x01]).is_err(), "truncated");
        assert!(decode(&[0x01, 0x02]).is_err(), "trailing data");
    }

    #[test]
    fn requests_encode_actions_as_ndarrays_and_big_integers_not_at_all() {
        let fields = |v: Value| v.as_object().unwrap().clone();
        let bytes = encode_request(&fields(json!({"op": "step", "actions": [[0.5, 1], [2, 3]], "id": 7}))).unwrap();
        let back = rmpv::decode::read_value(&mut bytes.as_slice()).unwrap();
        let actions = back.as_map().unwrap().iter().find(|(k, _)| k.as_str() == Some("actions")).unwrap().1.clone();
        let mut want = vec![11u8, 2, 2, 0, 0, 0, 2, 0, 0, 0];
        [0.5f64, 1.0, 2.0, 3.0].iter().for_each(|f| want.extend_from_slice(&f.to_le_bytes()));
        assert_eq!(actions, Mp::Ext(NDARRAY, want), "any float makes it float64");
        let ints = encode_request(&fields(json!({"action": [1, -2]}))).unwrap();
        assert_eq!(decode(&ints).unwrap(), json!({"action": [1, -2]}), "int64 round trip");
        let ragged = encode_request(&fields(json!({"action": [[1], 2]}))).unwrap();
        assert_eq!(decode(&ragged).unwrap(), json!({"action": [[1], 2]}), "ragged lists stay lists");
        let seed: Value = serde_json::from_str(r#"{"seed": 340282366920938463463374607431768211456}"#).unwrap();
        assert!(encode_request(seed.as_object().unwrap()).is_none(), "2**128 has no MessagePack form");
    }
}
