package gymcc

// Box: bounds, gymnasium's sampling (normal, exponential and uniform draws per element) and
// contains with numpy's safe-cast rule.

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// Box is gymnasium's Box(low, high, shape, dtype). Low and High hold one bound per element in
// C order, with ±Inf where a dimension is unbounded.
type Box struct {
	Low, High []float64
	shape     []int
	dtype     DType
	generator
}

// NewBox returns a Box; low and high hold sizeOf(shape) bounds each.
func NewBox(low, high []float64, shape []int, dtype DType) (*Box, error) {
	if len(low) != sizeOf(shape) || len(high) != sizeOf(shape) {
		return nil, fmt.Errorf("gymcc: Box bounds of %d and %d values for shape %v", len(low), len(high), shape)
	}
	if !dtype.valid() {
		return nil, fmt.Errorf("gymcc: unknown Box dtype %q", dtype)
	}
	return &Box{Low: low, High: high, shape: append([]int{}, shape...), dtype: dtype}, nil
}

func (s *Box) Kind() string             { return "Box" }
func (s *Box) Shape() []int             { return s.shape }
func (s *Box) DType() DType             { return s.dtype }
func (s *Box) Seed(seed *big.Int) error { return s.seed(seed) }

// BoundedBelow and BoundedAbove tell whether element i has a finite bound.
func (s *Box) BoundedBelow(i int) bool { return s.Low[i] > math.Inf(-1) }
func (s *Box) BoundedAbove(i int) bool { return s.High[i] < math.Inf(1) }

var integerRanges = map[DType][2]float64{
	Int8: {-128, 127}, Uint8: {0, 255}, Int16: {-32768, 32767}, Uint16: {0, 65535},
	Int32: {-2147483648, 2147483647}, Uint32: {0, 4294967295},
	Int64: {-9223372036854775808, 9223372036854775807}, Uint64: {0, 18446744073709551615},
}

// Sample draws normals for unbounded elements, then exponentials for low-bounded ones, then
// for high-bounded ones, then uniforms for bounded ones — each group in C order — in
// float64, then casts to the dtype, as gymnasium's Box.sample.
func (s *Box) Sample() any {
	g := s.random()
	n := len(s.Low)
	integral := !s.dtype.IsFloat()
	upper := func(i int) float64 {
		if integral {
			return s.High[i] + 1
		}
		return s.High[i]
	}
	sample := make([]float64, n)
	for i := range sample {
		if !s.BoundedBelow(i) && !s.BoundedAbove(i) {
			sample[i] = g.StandardNormal()
		}
	}
	for i := range sample {
		if s.BoundedBelow(i) && !s.BoundedAbove(i) {
			sample[i] = g.StandardExponential() + s.Low[i]
		}
	}
	for i := range sample {
		if !s.BoundedBelow(i) && s.BoundedAbove(i) {
			sample[i] = -g.StandardExponential() + upper(i)
		}
	}
	for i := range sample {
		if s.BoundedBelow(i) && s.BoundedAbove(i) {
			sample[i] = g.Uniform(s.Low[i], upper(i))
		}
	}
	out := NewArray(s.dtype, s.shape)
	if integral {
		bounds, ok := integerRanges[s.dtype]
		if !ok {
			bounds = [2]float64{0, 1}
		}
		if s.dtype == Int64 {
			// gymnasium narrows int64 by 2 each side (in float64, where that rounds back).
			bounds[0] += 2
			bounds[1] -= 2
		}
		for i, v := range sample {
			v = math.Min(math.Max(math.Floor(v), bounds[0]), bounds[1])
			if s.dtype == Int64 {
				v = math.Min(math.Max(v, s.Low[i]), s.High[i])
			}
			sample[i] = v
		}
	}
	for i, v := range sample {
		if d, ok := out.Data.([]bool); ok {
			d[i] = v != 0
		} else if err := out.set(i, v); err != nil {
			panic(err)
		}
	}
	return out
}

// numpy's safe casts (np.can_cast) between the dtypes the API has.
var safeCasts = map[DType]string{
	Bool:    "bool int8 uint8 int16 uint16 int32 uint32 int64 uint64 float32 float64",
	Int8:    "int8 int16 int32 int64 float32 float64",
	Uint8:   "uint8 int16 uint16 int32 uint32 int64 uint64 float32 float64",
	Int16:   "int16 int32 int64 float32 float64",
	Uint16:  "uint16 int32 uint32 int64 uint64 float32 float64",
	Int32:   "int32 int64 float64",
	Uint32:  "uint32 int64 uint64 float64",
	Int64:   "int64 float64",
	Uint64:  "uint64 float64",
	Float32: "float32 float64",
	Float64: "float64",
}

func canCast(from, to DType) bool {
	for _, d := range strings.Fields(safeCasts[from]) {
		if DType(d) == to {
			return true
		}
	}
	return false
}

// numbersOf reads an element candidate: an *Array, a slice of numbers, a nested []any.
func numbersOf(x any) (shape []int, values []float64, dtype DType, ok bool) {
	switch v := x.(type) {
	case *Array:
		return v.Shape, v.Float64s(), v.DType, true
	case []float64:
		return []int{len(v)}, v, "", true
	case []float32:
		values = make([]float64, len(v))
		for i, f := range v {
			values[i] = float64(f)
		}
		return []int{len(v)}, values, "", true
	case []int64:
		values = make([]float64, len(v))
		for i, n := range v {
			values[i] = float64(n)
		}
		return []int{len(v)}, values, "", true
	case []int:
		values = make([]float64, len(v))
		for i, n := range v {
			values[i] = float64(n)
		}
		return []int{len(v)}, values, "", true
	case []any:
		a, err := ArrayFromList(v, Float64, nil)
		if err != nil {
			return nil, nil, "", false
		}
		return a.Shape, a.Data.([]float64), "", true
	}
	if f, err := toFloat64(x); err == nil {
		if _, isString := x.(string); !isString {
			return []int{}, []float64{f}, "", true
		}
	}
	return nil, nil, "", false
}

func (s *Box) Contains(x any) bool {
	shape, values, dtype, ok := numbersOf(x)
	if !ok || !sameInts(shape, s.shape) {
		return false
	}
	if dtype != "" && !canCast(dtype, s.dtype) {
		return false
	}
	for i, v := range values {
		if (!s.dtype.IsFloat() && v != math.Trunc(v)) || !(v >= s.Low[i] && v <= s.High[i]) {
			return false
		}
	}
	return true
}

func (s *Box) Describe() map[string]any {
	bound := func(b []float64) any {
		a := NewArray(Float64, s.shape)
		copy(a.Data.([]float64), b)
		return jsonSafe(a.ToList())
	}
	return map[string]any{"name": "Box", "shape": ints(s.shape), "low": bound(s.Low), "high": bound(s.High), "dtype": string(s.dtype)}
}

func ints(shape []int) []any {
	out := make([]any, len(shape))
	for i, d := range shape {
		out[i] = int64(d)
	}
	return out
}

func (s *Box) String() string {
	dims := make([]string, len(s.shape))
	for i, d := range s.shape {
		dims[i] = fmt.Sprint(d)
	}
	text := strings.Join(dims, ", ")
	if len(s.shape) == 1 {
		text += ","
	}
	return fmt.Sprintf("Box(%s) %s", text, s.dtype)
}
