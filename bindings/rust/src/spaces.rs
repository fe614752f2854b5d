//! gymnasium's spaces, rebuilt from the server's space descriptions (docs/api.md), with
//! gymnasium's `contains` and a seeded `sample` that draws exactly what gymnasium draws for the
//! same seed. Box bounds are real numbers: the API's "Infinity"/"-Infinity" strings become
//! `f64::INFINITY`/`f64::NEG_INFINITY`.

use crate::error::{Error, Result};
use crate::ndarray::{size_of, DType, NdArray};
use crate::rng::{Generator, Seed};
use crate::value::{flat_f64, to_i64};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// An element of a space, and an observation: Discrete → `Int`; Box, MultiDiscrete,
/// MultiBinary → `Array` of the space's dtype; Tuple → `Tuple`; Dict → `Dict` (sorted keys).
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Int(i64),
    Array(NdArray),
    Tuple(Vec<Element>),
    Dict(BTreeMap<String, Element>),
}

impl Element {
    /// The element as JSON (what the server takes as an action).
    pub fn to_json(&self) -> Value {
        match self {
            Element::Int(n) => Value::from(*n),
            Element::Array(a) => a.to_json(),
            Element::Tuple(items) => Value::Array(items.iter().map(Element::to_json).collect()),
            Element::Dict(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&NdArray> {
        match self {
            Element::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Element::Int(n) => Some(*n),
            _ => None,
        }
    }
}

impl From<Element> for Value {
    fn from(e: Element) -> Value {
        e.to_json()
    }
}

impl From<&Element> for Value {
    fn from(e: &Element) -> Value {
        e.to_json()
    }
}

/// One of gymnasium's spaces, each with its own generator (seeded by `seed`, else from the
/// OS's entropy on first use).
#[derive(Debug, Clone)]
pub enum Space {
    /// Discrete(n, start): {start, ..., start + n - 1}.
    Discrete { n: i64, start: i64, rng: Option<Generator> },
    /// Box(low, high, shape, dtype): one bound per element in C order, ±inf where unbounded.
    Box { low: Vec<f64>, high: Vec<f64>, shape: Vec<usize>, dtype: DType, rng: Option<Generator> },
    /// MultiDiscrete(nvec, start) of a shape (int64).
    MultiDiscrete { nvec: Vec<i64>, start: Vec<i64>, shape: Vec<usize>, rng: Option<Generator> },
    /// MultiBinary of a shape (int8 0s and 1s).
    MultiBinary { shape: Vec<usize>, rng: Option<Generator> },
    /// Tuple(spaces).
    Tuple { spaces: Vec<Space>, rng: Option<Generator> },
    /// Dict(spaces), keys sorted as gymnasium sorts them (seeding follows that order).
    Dict { spaces: BTreeMap<String, Space>, rng: Option<Generator> },
}

fn generator(rng: &mut Option<Generator>) -> &mut Generator {
    rng.get_or_insert_with(Generator::from_entropy)
}

impl Space {
    /// The class name: "Discrete", "Box", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Space::Discrete { .. } => "Discrete",
            Space::Box { .. } => "Box",
            Space::MultiDiscrete { .. } => "MultiDiscrete",
            Space::MultiBinary { .. } => "MultiBinary",
            Space::Tuple { .. } => "Tuple",
            Space::Dict { .. } => "Dict",
        }
    }

    /// An element's shape (None for Tuple and Dict).
    pub fn shape(&self) -> Option<&[usize]> {
        match self {
            Space::Discrete { .. } => Some(&[]),
            Space::Box { shape, .. } | Space::MultiDiscrete { shape, .. } | Space::MultiBinary { shape, .. } => Some(shape),
            _ => None,
        }
    }

    /// An element's dtype (None for Tuple and Dict).
    pub fn dtype(&self) -> Option<DType> {
        match self {
            Space::Discrete { .. } | Space::MultiDiscrete { .. } => Some(DType::Int64),
            Space::Box { dtype, .. } => Some(*dtype),
            Space::MultiBinary { .. } => Some(DType::Int8),
            _ => None,
        }
    }

    /// gymnasium's space.seed(seed); None seeds from entropy. A Tuple/Dict seeds each child
    /// with integers(2**31 - 1) drawn from its own generator.
    pub fn seed(&mut self, seed: Option<&Seed>) {
        let fresh = || match seed {
            Some(s) => Generator::new(s),
            None => Generator::from_entropy(),
        };
        match self {
            Space::Discrete { rng, .. }
            | Space::Box { rng, .. }
            | Space::MultiDiscrete { rng, .. }
            | Space::MultiBinary { rng, .. } => *rng = Some(fresh()),
            Space::Tuple { spaces, rng } => seed_children(rng, fresh(), seed, spaces.iter_mut()),
            Space::Dict { spaces, rng } => seed_children(rng, fresh(), seed, spaces.values_mut()),
        }
    }

    /// gymnasium's sample().
    pub fn sample(&mut self) -> Element {
        match self {
            Space::Discrete { n, start, rng } => Element::Int(*start + generator(rng).integers(0, *n)),
            Space::Box { low, high, shape, dtype, rng } => Element::Array(sample_box(low, high, shape, *dtype, generator(rng))),
            Space::MultiDiscrete { nvec, start, shape, rng } => {
                // (random(shape) * nvec).astype(int64) + start: all the draws first, in C order.
                let g = generator(rng);
                let draws: Vec<f64> = nvec.iter().map(|_| g.random()).collect();
                let values: Vec<i64> = draws.iter().zip(nvec.iter()).zip(start.iter()).map(|((r, n), s)| (r * *n as f64) as i64 + s).collect();
                Element::Array(NdArray::from_i64(DType::Int64, shape, &values).expect("nvec fills the shape"))
            }
            Space::MultiBinary { shape, rng } => {
                let bits: Vec<i64> = generator(rng).integers_i8(0, 2, size_of(shape)).into_iter().map(i64::from).collect();
                Element::Array(NdArray::from_i64(DType::Int8, shape, &bits).expect("the bits fill the shape"))
            }
            Space::Tuple { spaces, .. } => Element::Tuple(spaces.iter_mut().map(Space::sample).collect()),
            Space::Dict { spaces, .. } => Element::Dict(spaces.iter_mut().map(|(k, s)| (k.clone(), s.sample())).collect()),
        }
    }

    /// gymnasium's contains(x), with numpy's safe-cast rule for arrays.
    pub fn contains(&self, x: &Element) -> bool {
        match (self, x) {
            (Space::Discrete { n, start, .. }, Element::Int(v)) => v >= start && *v < start + n,
            (Space::Discrete { n, start, .. }, Element::Array(a)) => {
                a.shape().is_empty() && !a.dtype().is_float() && a.dtype() != DType::Bool && {
                    let v = a.get_i64(0);
                    v >= *start && v < start + n
                }
            }
            (Space::Box { low, high, shape, dtype, .. }, Element::Array(a)) => {
                a.shape() == shape.as_slice()
                    && a.dtype().can_cast_to(*dtype)
                    && (0..a.len()).all(|i| {
                        let v = a.get_f64(i);
                        (dtype.is_float() || v == v.trunc()) && v >= low[i] && v <= high[i]
                    })
            }
            (Space::MultiDiscrete { nvec, start, shape, .. }, Element::Array(a)) => {
                a.shape() == shape.as_slice()
                    && !a.dtype().is_float()
                    && a.dtype() != DType::Bool
                    && (0..a.len()).all(|i| a.get_i64(i) >= start[i] && a.get_i64(i) < start[i] + nvec[i])
            }
            (Space::MultiBinary { shape, .. }, Element::Array(a)) => {
                a.shape() == shape.as_slice() && (0..a.len()).all(|i| a.get_f64(i) == 0.0 || a.get_f64(i) == 1.0)
            }
            (Space::Tuple { spaces, .. }, Element::Tuple(items)) => {
                items.len() == spaces.len() && spaces.iter().zip(items).all(|(s, e)| s.contains(e))
            }
            (Space::Dict { spaces, .. }, Element::Dict(map)) => {
                map.len() == spaces.len() && spaces.iter().all(|(k, s)| map.get(k).is_some_and(|e| s.contains(e)))
            }
            _ => false,
        }
    }

    /// The space in the server's description format.
    pub fn describe(&self) -> Value {
        match self {
            Space::Discrete { n, start, .. } => json!({"name": "Discrete", "n": n, "shape": [], "start": start, "dtype": "int64"}),
            Space::Box { low, high, shape, dtype, .. } => {
                let bounds = |b: &[f64]| NdArray::from_f64(DType::Float64, shape, b).expect("bounds fill the shape").to_json();
                json!({"name": "Box", "shape": shape, "low": bounds(low), "high": bounds(high), "dtype": dtype.name()})
            }
            Space::MultiDiscrete { nvec, start, shape, .. } => {
                json!({"name": "MultiDiscrete", "shape": shape, "nvec": nvec, "start": start, "dtype": "int64"})
            }
            Space::MultiBinary { shape, .. } => json!({"name": "MultiBinary", "n": size_of(shape), "shape": shape, "dtype": "int8"}),
            Space::Tuple { spaces, .. } => {
                json!({"name": "Tuple", "shape": null, "spaces": spaces.iter().map(Space::describe).collect::<Vec<_>>()})
            }
            Space::Dict { spaces, .. } => {
                let children: Map<String, Value> = spaces.iter().map(|(k, s)| (k.clone(), s.describe())).collect();
                json!({"name": "Dict", "shape": null, "spaces": children})
            }
        }
    }

    /// A space from the server's description.
    pub fn from_description(d: &Value) -> Result<Space> {
        let name = d.get("name").and_then(Value::as_str).unwrap_or("");
        let required = |key: &str| d.get(key).filter(|v| !v.is_null()).ok_or_else(|| Error::invalid(format!("a {name} space description needs {key:?}")));
        let shape: Option<Vec<usize>> = match d.get("shape") {
            Some(Value::Array(list)) => Some(list.iter().map(|e| to_i64(e).map(|n| n as usize)).collect::<Result<_>>()?),
            _ => None,
        };
        let numbers = |v: &Value| -> Result<Vec<f64>> {
            let mut out = Vec::new();
            flat_f64(v, &mut out)?;
            Ok(out)
        };
        let integers = |v: &Value| -> Result<Vec<i64>> { Ok(numbers(v)?.into_iter().map(|f| f as i64).collect()) };
        let space = match name {
            "Discrete" => Space::Discrete {
                n: to_i64(required("n")?)?,
                start: d.get("start").filter(|v| !v.is_null()).map(to_i64).transpose()?.unwrap_or(0),
                rng: None,
            },
            "Box" => {
                let dtype = match d.get("dtype").and_then(Value::as_str) {
                    Some(s) => DType::from_name(s)?,
                    None => DType::Float32,
                };
                let shape = shape.unwrap_or_default();
                let (low, high) = (numbers(required("low")?)?, numbers(required("high")?)?);
                if low.len() != size_of(&shape) || high.len() != size_of(&shape) {
                    return Err(Error::invalid(format!("Box bounds of {} and {} values for shape {shape:?}", low.len(), high.len())));
                }
                Space::Box { low, high, shape, dtype, rng: None }
            }
            "MultiDiscrete" => {
                let nvec = integers(required("nvec")?)?;
                let start = match d.get("start").filter(|v| !v.is_null()) {
                    Some(s) => integers(s)?,
                    None => vec![0; nvec.len()],
                };
                let shape = shape.unwrap_or_else(|| vec![nvec.len()]);
                if size_of(&shape) != nvec.len() || start.len() != nvec.len() {
                    return Err(Error::invalid(format!("MultiDiscrete nvec {nvec:?} and start {start:?} do not fill shape {shape:?}")));
                }
                Space::MultiDiscrete { nvec, start, shape, rng: None }
            }
            "MultiBinary" => {
                let shape = match shape {
                    Some(s) if !s.is_empty() => s,
                    _ => vec![to_i64(required("n")?)? as usize],
                };
                Space::MultiBinary { shape, rng: None }
            }
            "Tuple" => match d.get("spaces") {
                Some(Value::Array(list)) => Space::Tuple { spaces: list.iter().map(Space::from_description).collect::<Result<_>>()?, rng: None },
                _ => return Err(Error::invalid("a Tuple space description needs a list of spaces")),
            },
            "Dict" => match d.get("spaces") {
                Some(Value::Object(map)) => Space::Dict {
                    spaces: map.iter().map(|(k, v)| Ok((k.clone(), Space::from_description(v)?))).collect::<Result<_>>()?,
                    rng: None,
                },
                _ => return Err(Error::invalid("a Dict space description needs a map of spaces")),
            },
            _ => return Err(Error::invalid(format!("unknown space {d}"))),
        };
        Ok(space)
    }

    /// A decoded observation (JSON nested lists) in the space's types.
    pub fn element_from_json(&self, value: &Value) -> Result<Element> {
        match self {
            Space::Discrete { .. } => Ok(Element::Int(to_i64(value)?)),
            Space::Box { .. } | Space::MultiDiscrete { .. } | Space::MultiBinary { .. } => {
                Ok(Element::Array(NdArray::from_json(value, self.dtype().unwrap(), self.shape())?))
            }
            Space::Tuple { spaces, .. } => match value {
                Value::Array(list) if list.len() == spaces.len() => {
                    Ok(Element::Tuple(spaces.iter().zip(list).map(|(s, v)| s.element_from_json(v)).collect::<Result<_>>()?))
                }
                _ => Err(Error::invalid(format!("a Tuple observation must be a list of {}: {value}", spaces.len()))),
            },
            Space::Dict { spaces, .. } => match value {
                Value::Object(map) => Ok(Element::Dict(
                    spaces.iter().map(|(k, s)| Ok((k.clone(), s.element_from_json(map.get(k).unwrap_or(&Value::Null))?))).collect::<Result<_>>()?,
                )),
                _ => Err(Error::invalid(format!("a Dict observation must be an object: {value}"))),
            },
        }
    }
}

fn seed_children<'a>(rng: &mut Option<Generator>, mut own: Generator, seed: Option<&Seed>, children: impl Iterator<Item = &'a mut Space>) {
    let children: Vec<&mut Space> = children.collect();
    match seed {
        None => children.into_iter().for_each(|c| c.seed(None)),
        Some(_) => {
            let subseeds: Vec<i64> = children.iter().map(|_| own.integers(0, (1 << 31) - 1)).collect();
            for (child, s) in children.into_iter().zip(subseeds) {
                child.seed(Some(&Seed::from(s as u64)));
            }
        }
    }
    *rng = Some(own);
}

fn integer_range(dtype: DType) -> (f64, f64) {
    match dtype {
        DType::Int8 => (-128.0, 127.0),
        DType::Uint8 => (0.0, 255.0),
        DType::Int16 => (-32768.0, 32767.0),
        DType::Uint16 => (0.0, 65535.0),
        DType::Int32 => (-2147483648.0, 2147483647.0),
        DType::Uint32 => (0.0, 4294967295.0),
        // gymnasium narrows int64 by 2 each side (in float64, where that rounds back).
        DType::Int64 => (-9.223372036854775808e18 + 2.0, 9.223372036854775807e18 - 2.0),
        DType::Uint64 => (0.0, 1.8446744073709551615e19),
        _ => (0.0, 1.0),
    }
}

/// Normals for unbounded elements, then exponentials for low-bounded ones, then for
/// high-bounded ones, then uniforms for bounded ones — each group in C order — in float64,
/// then cast to the dtype, as gymnasium's Box.sample.
fn sample_box(low: &[f64], high: &[f64], shape: &[usize], dtype: DType, g: &mut Generator) -> NdArray {
    let n = low.len();
    let integral = !dtype.is_float();
    let below = |i: usize| low[i] > f64::NEG_INFINITY;
    let above = |i: usize| high[i] < f64::INFINITY;
    let upper = |i: usize| if integral { high[i] + 1.0 } else { high[i] };
    let mut sample = vec![0.0; n];
    for i in (0..n).filter(|&i| !below(i) && !above(i)) {
        sample[i] = g.standard_normal();
    }
    for i in (0..n).filter(|&i| below(i) && !above(i)) {
        sample[i] = g.standard_exponential() + low[i];
    }
    for i in (0..n).filter(|&i| !below(i) && above(i)) {
        sample[i] = -g.standard_exponential() + upper(i);
    }
    for i in (0..n).filter(|&i| below(i) && above(i)) {
        sample[i] = g.uniform(low[i], upper(i));
    }
    if integral {
        let (lo, hi) = integer_range(dtype);
        for (i, v) in sample.iter_mut().enumerate() {
            *v = v.floor().max(lo).min(hi);
            if dtype == DType::Int64 {
                *v = v.max(low[i]).min(high[i]);
            }
        }
    }
    NdArray::from_f64(dtype, shape, &sample).expect("the bounds fill the shape")
}

impl fmt::Display for Space {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Space::Discrete { n, start: 0, .. } => write!(f, "Discrete({n})"),
            Space::Discrete { n, start, .. } => write!(f, "Discrete({n}, start={start})"),
            Space::Box { shape, dtype, .. } => {
                let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
                write!(f, "Box({}{}) {dtype}", dims.join(", "), if shape.len() == 1 { "," } else { "" })
            }
            Space::MultiDiscrete { nvec, .. } => {
                let parts: Vec<String> = nvec.iter().map(|n| n.to_string()).collect();
                write!(f, "MultiDiscrete([{}])", parts.join(" "))
            }
            Space::MultiBinary { shape, .. } if shape.len() == 1 => write!(f, "MultiBinary({})", shape[0]),
            Space::MultiBinary { shape, .. } => write!(f, "MultiBinary({shape:?})"),
            Space::Tuple { spaces, .. } => {
                let parts: Vec<String> = spaces.iter().map(|s| s.to_string()).collect();
                write!(f, "Tuple({})", parts.join(", "))
            }
            Space::Dict { spaces, .. } => {
                let parts: Vec<String> = spaces.iter().map(|(k, s)| format!("'{k}': {s}")).collect();
                write!(f, "Dict({})", parts.join(", "))
            }
        }
    }
}

