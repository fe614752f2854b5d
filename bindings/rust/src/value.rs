//! Reading the server's JSON values: numbers with Python's int/float distinction kept
//! (serde_json with arbitrary_precision keeps each number's text), and the API's strings for
//! non-finite floats.

use crate::error::{Error, Result};
use serde_json::{Number, Value};

/// A number as f64: any JSON number (correctly rounded), or "Infinity", "-Infinity", "NaN".
pub fn to_f64(value: &Value) -> Result<f64> {
    match value {
        Value::Number(n) => n.to_string().parse::<f64>().map_err(|_| Error::invalid(format!("bad number {n}"))),
        Value::String(s) => match s.as_str() {
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            "NaN" => Ok(f64::NAN),
            _ => Err(Error::invalid(format!("expected a number, got {value}"))),
        },
        _ => Err(Error::invalid(format!("expected a number, got {value}"))),
    }
}

/// An integer as i64 (a whole float counts).
pub fn to_i64(value: &Value) -> Result<i64> {
    if let Some(n) = value.as_i64() {
        return Ok(n);
    }
    let f = to_f64(value)?;
    if f != f.trunc() || f < -9.223372036854776e18 || f >= 9.223372036854776e18 {
        return Err(Error::invalid(format!("{value} is not an int64")));
    }
    Ok(f as i64)
}

/// True when a JSON number is written as a float (Python's float), not an integer.
pub fn is_float(n: &Number) -> bool {
    n.to_string().contains(['.', 'e', 'E'])
}

/// A float as a JSON value: a number, or the API's strings for non-finite values.
pub fn float_value(f: f64) -> Value {
    match Number::from_f64(f) {
        Some(n) => Value::Number(n),
        None if f.is_nan() => Value::String("NaN".into()),
        None if f > 0.0 => Value::String("Infinity".into()),
        None => Value::String("-Infinity".into()),
    }
}

/// Flattens nested lists of numbers into f64s, in C order.
pub(crate) fn flat_f64(value: &Value, out: &mut Vec<f64>) -> Result<()> {
    match value {
        Value::Array(list) => {
            for e in list {
                flat_f64(e, out)?;
            }
            Ok(())
        }
        _ => {
            out.push(to_f64(value)?);
            Ok(())
        }
    }
}
