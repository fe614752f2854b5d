//! n-dimensional arrays of one numpy dtype, in C order.

use crate::error::{Error, Result};
use crate::value::{float_value, flat_f64, to_i64};
use serde_json::Value;
use std::fmt;

/// A numpy dtype, as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DType {
    Bool,
    Int8,
    Uint8,
    Int16,
    Uint16,
    Int32,
    Uint32,
    Int64,
    Uint64,
    Float32,
    Float64,
}

impl DType {
    const ALL: [DType; 11] = [
        DType::Bool,
        DType::Int8,
        DType::Uint8,
        DType::Int16,
        DType::Uint16,
        DType::Int32,
        DType::Uint32,
        DType::Int64,
        DType::Uint64,
        DType::Float32,
        DType::Float64,
    ];

    /// numpy's name: "float32", "int64", ...
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int8 => "int8",
            DType::Uint8 => "uint8",
            DType::Int16 => "int16",
            DType::Uint16 => "uint16",
            DType::Int32 => "int32",
            DType::Uint32 => "uint32",
            DType::Int64 => "int64",
            DType::Uint64 => "uint64",
            DType::Float32 => "float32",
            DType::Float64 => "float64",
        }
    }

    /// The dtype of a numpy name.
    pub fn from_name(name: &str) -> Result<DType> {
        DType::ALL.into_iter().find(|d| d.name() == name).ok_or_else(|| Error::invalid(format!("unknown dtype {name}")))
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::Float32 | DType::Float64)
    }

    /// numpy's safe cast rule (np.can_cast(self, to)) between the API's dtypes.
    pub fn can_cast_to(self, to: DType) -> bool {
        use DType::*;
        if self == to || self == Bool {
            return true;
        }
        match self {
            Int8 => matches!(to, Int16 | Int32 | Int64 | Float32 | Float64),
            Uint8 => !matches!(to, Int8 | Bool),
            Int16 => matches!(to, Int32 | Int64 | Float32 | Float64),
            Uint16 => matches!(to, Int32 | Uint32 | Int64 | Uint64 | Float32 | Float64),
            Int32 => matches!(to, Int64 | Float64),
            Uint32 => matches!(to, Int64 | Uint64 | Float64),
            Int64 | Uint64 | Float32 => to == Float64,
            _ => false,
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An array's elements: doubles for float dtypes (a float32 value is exact as a double),
/// i64s for integer and bool dtypes (uint64 as its two's-complement bits, bool as 0 or 1).
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Float(Vec<f64>),
    Int(Vec<i64>),
}

/// An n-dimensional array of one dtype in C order, as numpy's.
#[derive(Debug, Clone, PartialEq)]
pub struct NdArray {
    dtype: DType,
    shape: Vec<usize>,
    data: Data,
}

pub(crate) fn size_of(shape: &[usize]) -> usize {
    shape.iter().product()
}

impl NdArray {
    /// An array of any dtype from f64 values (rounded to float32 for Float32, truncated for
    /// integer dtypes).
    pub fn from_f64(dtype: DType, shape: &[usize], values: &[f64]) -> Result<NdArray> {
        if values.len() != size_of(shape) {
            return Err(Error::invalid(format!("{} values for shape {shape:?}", values.len())));
        }
        let data = match dtype {
            DType::Float32 => Data::Float(values.iter().map(|&v| v as f32 as f64).collect()),
            DType::Float64 => Data::Float(values.to_vec()),
            DType::Bool => Data::Int(values.iter().map(|&v| (v != 0.0) as i64).collect()),
            DType::Uint64 => Data::Int(values.iter().map(|&v| v as u64 as i64).collect()),
            _ => Data::Int(values.iter().map(|&v| v as i64).collect()),
        };
        Ok(NdArray { dtype, shape: shape.to_vec(), data })
    }

    /// An array of an integer or bool dtype from i64 values.
    pub fn from_i64(dtype: DType, shape: &[usize], values: &[i64]) -> Result<NdArray> {
        if values.len() != size_of(shape) {
            return Err(Error::invalid(format!("{} values for shape {shape:?}", values.len())));
        }
        if dtype.is_float() {
            let floats: Vec<f64> = values.iter().map(|&v| v as f64).collect();
            return NdArray::from_f64(dtype, shape, &floats);
        }
        Ok(NdArray { dtype, shape: shape.to_vec(), data: Data::Int(values.to_vec()) })
    }

    /// A 1-d float32 array, e.g. a Box action.
    pub fn from_f32(values: &[f32]) -> NdArray {
        NdArray { dtype: DType::Float32, shape: vec![values.len()], data: Data::Float(values.iter().map(|&v| v as f64).collect()) }
    }

    /// An array from JSON nested lists (or a number for shape []); `None` takes the lists' shape.
    pub fn from_json(value: &Value, dtype: DType, shape: Option<&[usize]>) -> Result<NdArray> {
        let shape = match shape {
            Some(s) => s.to_vec(),
            None => shape_of(value),
        };
        if dtype.is_float() {
            let mut flat = Vec::new();
            flat_f64(value, &mut flat)?;
            return NdArray::from_f64(dtype, &shape, &flat);
        }
        let mut elements = Vec::new();
        flat_elements(value, &mut elements);
        let mut ints = Vec::with_capacity(elements.len());
        for e in elements {
            ints.push(match e {
                Value::Bool(b) => *b as i64,
                Value::Number(n) if n.as_u64().is_some() && n.as_i64().is_none() => n.as_u64().unwrap() as i64,
                _ => to_i64(e)?,
            });
        }
        NdArray::from_i64(dtype, &shape, &ints)
    }

    pub fn dtype(&self) -> DType {
        self.dtype
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        match &self.data {
            Data::Float(v) => v.len(),
            Data::Int(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn data(&self) -> &Data {
        &self.data
    }

    /// The element at a flat (C-order) index as f64.
    pub fn get_f64(&self, i: usize) -> f64 {
        match &self.data {
            Data::Float(v) => v[i],
            Data::Int(v) if self.dtype == DType::Uint64 => v[i] as u64 as f64,
            Data::Int(v) => v[i] as f64,
        }
    }

    /// The element at a flat index as f32 (exactly the value for float32 arrays).
    pub fn get_f32(&self, i: usize) -> f32 {
        self.get_f64(i) as f32
    }

    /// The element at a flat index as i64 (floats truncate toward zero).
    pub fn get_i64(&self, i: usize) -> i64 {
        match &self.data {
            Data::Float(v) => v[i] as i64,
            Data::Int(v) => v[i],
        }
    }

    /// The element at a multi-dimensional index, as f64.
    pub fn at(&self, index: &[usize]) -> f64 {
        assert_eq!(index.len(), self.shape.len(), "gymcc: {} indices for {} dimensions", index.len(), self.shape.len());
        let mut flat = 0;
        for (axis, &i) in index.iter().enumerate() {
            assert!(i < self.shape[axis], "gymcc: index {i} out of range for axis {axis}");
            flat = flat * self.shape[axis] + i;
        }
        self.get_f64(flat)
    }

    /// The elements as f64s, in C order.
    pub fn to_f64_vec(&self) -> Vec<f64> {
        (0..self.len()).map(|i| self.get_f64(i)).collect()
    }

    /// The elements as f32s, in C order.
    pub fn to_f32_vec(&self) -> Vec<f32> {
        (0..self.len()).map(|i| self.get_f32(i)).collect()
    }

    /// The elements as i64s, in C order.
    pub fn to_i64_vec(&self) -> Vec<i64> {
        (0..self.len()).map(|i| self.get_i64(i)).collect()
    }

    fn element(&self, i: usize) -> Value {
        match &self.data {
            Data::Float(v) => float_value(v[i]),
            Data::Int(v) if self.dtype == DType::Bool => Value::Bool(v[i] != 0),
            Data::Int(v) if self.dtype == DType::Uint64 => Value::from(v[i] as u64),
            Data::Int(v) => Value::from(v[i]),
        }
    }

    /// The array as JSON nested lists, as numpy's tolist(); a 0-d array is its element.
    pub fn to_json(&self) -> Value {
        let mut next = 0;
        self.build(0, &mut next)
    }

    fn build(&self, axis: usize, next: &mut usize) -> Value {
        if axis == self.shape.len() {
            *next += 1;
            return self.element(*next - 1);
        }
        Value::Array((0..self.shape[axis]).map(|_| self.build(axis + 1, next)).collect())
    }
}

fn shape_of(mut value: &Value) -> Vec<usize> {
    let mut dims = Vec::new();
    while let Value::Array(list) = value {
        dims.push(list.len());
        match list.first() {
            Some(first) => value = first,
            None => break,
        }
    }
    dims
}

fn flat_elements<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Array(list) => list.iter().for_each(|e| flat_elements(e, out)),
        _ => out.push(value),
    }
}

impl From<NdArray> for Value {
    fn from(a: NdArray) -> Value {
        a.to_json()
    }
}

impl From<&NdArray> for Value {
    fn from(a: &NdArray) -> Value {
        a.to_json()
    }
}

impl fmt::Display for NdArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "array({}, dtype={})", self.to_json(), self.dtype)
    }
}
