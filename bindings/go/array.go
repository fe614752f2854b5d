package gymcc

import (
	"encoding/json"
	"fmt"
	"math"
)

// DType is a numpy dtype name, as the API writes it.
type DType string

// The dtypes the API uses.
const (
	Bool    DType = "bool"
	Int8    DType = "int8"
	Uint8   DType = "uint8"
	Int16   DType = "int16"
	Uint16  DType = "uint16"
	Int32   DType = "int32"
	Uint32  DType = "uint32"
	Int64   DType = "int64"
	Uint64  DType = "uint64"
	Float32 DType = "float32"
	Float64 DType = "float64"
)

// Itemsize is the size of one element in bytes (0 for an unknown dtype).
func (d DType) Itemsize() int {
	switch d {
	case Bool, Int8, Uint8:
		return 1
	case Int16, Uint16:
		return 2
	case Int32, Uint32, Float32:
		return 4
	case Int64, Uint64, Float64:
		return 8
	}
	return 0
}

// IsFloat tells float32 and float64 apart from the integer and bool dtypes.
func (d DType) IsFloat() bool { return d == Float32 || d == Float64 }

func (d DType) valid() bool { return d.Itemsize() > 0 }

// Array is an n-dimensional array of one dtype in C order, as numpy's. Data is a slice of the
// dtype's Go type: []bool, []int8, []uint8, []int16, []uint16, []int32, []uint32, []int64,
// []uint64, []float32 or []float64.
type Array struct {
	DType DType
	Shape []int
	Data  any
}

func sizeOf(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// NewArray returns a zero array of a dtype and shape.
func NewArray(dtype DType, shape []int) *Array {
	n := sizeOf(shape)
	a := &Array{DType: dtype, Shape: append([]int{}, shape...)}
	switch dtype {
	case Bool:
		a.Data = make([]bool, n)
	case Int8:
		a.Data = make([]int8, n)
	case Uint8:
		a.Data = make([]uint8, n)
	case Int16:
		a.Data = make([]int16, n)
	case Uint16:
		a.Data = make([]uint16, n)
	case Int32:
		a.Data = make([]int32, n)
	case Uint32:
		a.Data = make([]uint32, n)
	case Int64:
		a.Data = make([]int64, n)
	case Uint64:
		a.Data = make([]uint64, n)
	case Float32:
		a.Data = make([]float32, n)
	case Float64:
		a.Data = make([]float64, n)
	default:
		panic(fmt.Sprintf("gymcc: unknown dtype %q", dtype))
	}
	return a
}

// Len is the number of elements.
func (a *Array) Len() int { return sizeOf(a.Shape) }

// Float64 is the element at a flat (C-order) index as a float64 (bool as 0 or 1).
func (a *Array) Float64(i int) float64 {
	switch d := a.Data.(type) {
	case []bool:
		if d[i] {
			return 1
		}
		return 0
	case []int8:
		return float64(d[i])
	case []uint8:
		return float64(d[i])
	case []int16:
		return float64(d[i])
	case []uint16:
		return float64(d[i])
	case []int32:
		return float64(d[i])
	case []uint32:
		return float64(d[i])
	case []int64:
		return float64(d[i])
	case []uint64:
		return float64(d[i])
	case []float32:
		return float64(d[i])
	case []float64:
		return d[i]
	}
	panic(fmt.Sprintf("gymcc: an Array with data of type %T", a.Data))
}

// Float64s returns the elements as float64s, in C order.
func (a *Array) Float64s() []float64 {
	out := make([]float64, a.Len())
	for i := range out {
		out[i] = a.Float64(i)
	}
	return out
}

// At is the element at a multi-dimensional index, as a float64.
func (a *Array) At(index ...int) float64 {
	if len(index) != len(a.Shape) {
		panic(fmt.Sprintf("gymcc: %d indices for an array of %d dimensions", len(index), len(a.Shape)))
	}
	flat := 0
	for axis, i := range index {
		if i < 0 || i >= a.Shape[axis] {
			panic(fmt.Sprintf("gymcc: index %d out of range for axis %d", i, axis))
		}
		flat = flat*a.Shape[axis] + i
	}
	return a.Float64(flat)
}

// element is the element at a flat index as JSON would carry it: bool, int64, uint64 or float64.
func (a *Array) element(i int) any {
	switch d := a.Data.(type) {
	case []bool:
		return d[i]
	case []uint64:
		return d[i]
	case []float32, []float64:
		return a.Float64(i)
	}
	return int64(a.Float64(i)) // every other integer dtype fits a float64 exactly
}

// Int64s returns the elements of an integer or bool array as int64s, in C order.
func (a *Array) Int64s() []int64 {
	out := make([]int64, a.Len())
	if d, ok := a.Data.([]int64); ok {
		copy(out, d)
		return out
	}
	for i := range out {
		out[i] = int64(a.Float64(i))
	}
	return out
}

// ToList is the array as nested []any of bool, int64 (uint64 for uint64) or float64
// elements, as numpy's tolist(); a 0-d array is its element.
func (a *Array) ToList() any {
	next := 0
	var build func(axis int) any
	build = func(axis int) any {
		if axis == len(a.Shape) {
			v := a.element(next)
			next++
			return v
		}
		out := make([]any, a.Shape[axis])
		for i := range out {
			out[i] = build(axis + 1)
		}
		return out
	}
	return build(0)
}

// String describes the array: Array(float32, [2 4]).
func (a *Array) String() string { return fmt.Sprintf("Array(%s, %v)", a.DType, a.Shape) }

// MarshalJSON writes nested lists; non-finite floats as the API's strings.
func (a *Array) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonSafe(a.ToList()))
}

func jsonSafe(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 1) {
			return "Infinity"
		} else if math.IsInf(x, -1) {
			return "-Infinity"
		} else if math.IsNaN(x) {
			return "NaN"
		}
	case []any:
		for i := range x {
			x[i] = jsonSafe(x[i])
		}
	}
	return v
}

// ArrayFromList builds an array of a dtype from nested []any of numbers (int64, float64,
// json.Number...), bools, or the API's "Infinity"/"-Infinity"/"NaN" strings. With a non-nil
// shape the list must have that shape.
func ArrayFromList(value any, dtype DType, shape []int) (*Array, error) {
	if !dtype.valid() {
		return nil, fmt.Errorf("gymcc: unknown dtype %q", dtype)
	}
	var found []int
	var flat []any
	var walk func(v any, depth int) error
	walk = func(v any, depth int) error {
		if list, ok := v.([]any); ok {
			if len(found) == depth {
				found = append(found, len(list))
			} else if found[depth] != len(list) {
				return fmt.Errorf("gymcc: a ragged nested list is not an array")
			}
			for _, e := range list {
				if err := walk(e, depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		if depth != len(found) {
			return fmt.Errorf("gymcc: a ragged nested list is not an array")
		}
		flat = append(flat, v)
		return nil
	}
	if err := walk(value, 0); err != nil {
		return nil, err
	}
	if shape == nil {
		shape = found
	} else if sizeOf(found) != 0 && !sameInts(found, shape) {
		return nil, fmt.Errorf("gymcc: a list of shape %v is not of shape %v", found, shape)
	}
	a := NewArray(dtype, shape)
	if len(flat) != a.Len() {
		return nil, fmt.Errorf("gymcc: %d values for shape %v", len(flat), shape)
	}
	for i, v := range flat {
		if err := a.set(i, v); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// set stores one element given as a JSON or MessagePack value.
func (a *Array) set(i int, v any) error {
	if d, ok := a.Data.([]bool); ok {
		b, isBool := v.(bool)
		if !isBool {
			return fmt.Errorf("gymcc: %v is not a bool", v)
		}
		d[i] = b
		return nil
	}
	if b, ok := v.(bool); ok {
		v = int64(0)
		if b {
			v = int64(1)
		}
	}
	if d, ok := a.Data.([]int64); ok {
		n, err := toInt64(v)
		d[i] = n
		return err
	}
	if d, ok := a.Data.([]uint64); ok {
		n, err := toUint64(v)
		d[i] = n
		return err
	}
	f, err := toFloat64(v)
	if err != nil {
		return err
	}
	if !a.DType.IsFloat() && f != math.Trunc(f) {
		return fmt.Errorf("gymcc: %v is not an integer for %s", v, a.DType)
	}
	switch d := a.Data.(type) {
	case []int8:
		d[i] = int8(f)
	case []uint8:
		d[i] = uint8(f)
	case []int16:
		d[i] = int16(f)
	case []uint16:
		d[i] = uint16(f)
	case []int32:
		d[i] = int32(f)
	case []uint32:
		d[i] = uint32(f)
	case []float32:
		d[i] = float32(f)
	case []float64:
		d[i] = f
	}
	return nil
}
