package gymcc

// gymnasium's spaces, rebuilt from the server's space descriptions (docs/api.md), with
// gymnasium's Contains and a seeded Sample that draws exactly what gymnasium draws for the
// same seed (rng.go). Box bounds are real numbers: the API's "Infinity"/"-Infinity" strings
// (JSON) and IEEE infinities (MessagePack ndarrays) both become ±Inf.

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"
)

// Space is one of Discrete, Box, MultiDiscrete, MultiBinary, Tuple and Dict.
//
// Elements: Discrete → int64; Box, MultiDiscrete, MultiBinary → *Array (of the space's dtype);
// Tuple → []any; Dict → map[string]any.
type Space interface {
	// Kind is the space's class name: "Discrete", "Box", ...
	Kind() string
	// Shape is an element's shape (nil for Tuple and Dict).
	Shape() []int
	// DType is an element's dtype ("" for Tuple and Dict).
	DType() DType
	// Seed seeds the space's generator as gymnasium's space.seed(seed); nil seeds from entropy.
	Seed(seed *big.Int) error
	// Sample draws an element as gymnasium draws it.
	Sample() any
	// Contains is gymnasium's contains(x).
	Contains(x any) bool
	// Describe is the space in the server's description format.
	Describe() map[string]any
	String() string
}

// generator is the seeding every space shares: seeded on Seed, else from entropy on first use.
type generator struct {
	rng *Generator
}

func (g *generator) random() *Generator {
	if g.rng == nil {
		g.rng = GeneratorFromEntropy()
	}
	return g.rng
}

func (g *generator) seed(seed *big.Int) error {
	if seed == nil {
		g.rng = GeneratorFromEntropy()
		return nil
	}
	rng, err := NewGenerator(seed)
	if err != nil {
		return err
	}
	g.rng = rng
	return nil
}

// Seed is a seed of an int64 value, for the Seed fields of reset options and Space.Seed.
func Seed(n int64) *big.Int { return big.NewInt(n) }

// Discrete is gymnasium's Discrete(n, start): {start, ..., start + n - 1}.
type Discrete struct {
	N, Start int64
	generator
}

// NewDiscrete returns Discrete(n, start).
func NewDiscrete(n, start int64) *Discrete { return &Discrete{N: n, Start: start} }

func (s *Discrete) Kind() string             { return "Discrete" }
func (s *Discrete) Shape() []int             { return []int{} }
func (s *Discrete) DType() DType             { return Int64 }
func (s *Discrete) Seed(seed *big.Int) error { return s.seed(seed) }

// Sample is start + integers(n).
func (s *Discrete) Sample() any {
	v, err := s.random().Integers(0, s.N)
	if err != nil {
		panic(err)
	}
	return s.Start + v
}

func (s *Discrete) Contains(x any) bool {
	v, ok := integerValue(x)
	return ok && v >= s.Start && v < s.Start+s.N
}

func (s *Discrete) Describe() map[string]any {
	return map[string]any{"name": "Discrete", "n": s.N, "shape": []any{}, "start": s.Start, "dtype": "int64"}
}

func (s *Discrete) String() string {
	if s.Start == 0 {
		return fmt.Sprintf("Discrete(%d)", s.N)
	}
	return fmt.Sprintf("Discrete(%d, start=%d)", s.N, s.Start)
}

// integerValue reads an integer (any Go integer type or a 0-d integer Array); bools are not.
func integerValue(x any) (int64, bool) {
	switch v := x.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, *big.Int:
		n, err := toInt64(v)
		return n, err == nil
	case *Array:
		if len(v.Shape) == 0 && !v.DType.IsFloat() && v.DType != Bool {
			return v.Int64s()[0], true
		}
	}
	return 0, false
}

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

// MultiDiscrete is gymnasium's MultiDiscrete(nvec, start): element i in
// {Start[i], ..., Start[i] + Nvec[i] - 1} (int64).
type MultiDiscrete struct {
	Nvec, Start []int64
	shape       []int
	generator
}

// NewMultiDiscrete returns MultiDiscrete(nvec, start) of a shape (nil: one dimension).
func NewMultiDiscrete(nvec, start []int64, shape []int) (*MultiDiscrete, error) {
	if shape == nil {
		shape = []int{len(nvec)}
	}
	if start == nil {
		start = make([]int64, len(nvec))
	}
	if sizeOf(shape) != len(nvec) || len(start) != len(nvec) {
		return nil, fmt.Errorf("gymcc: MultiDiscrete nvec %v and start %v do not fill shape %v", nvec, start, shape)
	}
	return &MultiDiscrete{Nvec: nvec, Start: start, shape: append([]int{}, shape...)}, nil
}

func (s *MultiDiscrete) Kind() string             { return "MultiDiscrete" }
func (s *MultiDiscrete) Shape() []int             { return s.shape }
func (s *MultiDiscrete) DType() DType             { return Int64 }
func (s *MultiDiscrete) Seed(seed *big.Int) error { return s.seed(seed) }

// Sample is (random(shape) * nvec).astype(int64) + start: all the draws first, in C order.
func (s *MultiDiscrete) Sample() any {
	g := s.random()
	draws := make([]float64, len(s.Nvec))
	for i := range draws {
		draws[i] = g.Random()
	}
	out := NewArray(Int64, s.shape)
	data := out.Data.([]int64)
	for i, r := range draws {
		data[i] = int64(math.Trunc(float64(r*float64(s.Nvec[i])))) + s.Start[i]
	}
	return out
}

func (s *MultiDiscrete) Contains(x any) bool {
	shape, values, dtype, ok := numbersOf(x)
	if !ok || !sameInts(shape, s.shape) || dtype.IsFloat() || dtype == Bool {
		return false
	}
	for i, v := range values {
		if v != math.Trunc(v) || v < float64(s.Start[i]) || v >= float64(s.Start[i]+s.Nvec[i]) {
			return false
		}
	}
	return true
}

func (s *MultiDiscrete) Describe() map[string]any {
	list := func(v []int64) []any {
		out := make([]any, len(v))
		for i, n := range v {
			out[i] = n
		}
		return out
	}
	return map[string]any{"name": "MultiDiscrete", "shape": ints(s.shape), "nvec": list(s.Nvec), "start": list(s.Start), "dtype": "int64"}
}

func (s *MultiDiscrete) String() string {
	parts := make([]string, len(s.Nvec))
	for i, n := range s.Nvec {
		parts[i] = fmt.Sprint(n)
	}
	return fmt.Sprintf("MultiDiscrete([%s])", strings.Join(parts, " "))
}

// MultiBinary is gymnasium's MultiBinary(n): arrays of 0s and 1s (int8).
type MultiBinary struct {
	shape []int
	generator
}

// NewMultiBinary returns MultiBinary of a shape ([]int{n} for MultiBinary(n)).
func NewMultiBinary(shape []int) *MultiBinary { return &MultiBinary{shape: append([]int{}, shape...)} }

func (s *MultiBinary) Kind() string             { return "MultiBinary" }
func (s *MultiBinary) Shape() []int             { return s.shape }
func (s *MultiBinary) DType() DType             { return Int8 }
func (s *MultiBinary) Seed(seed *big.Int) error { return s.seed(seed) }

// N is the number of elements.
func (s *MultiBinary) N() int { return sizeOf(s.shape) }

// Sample is integers(0, 2, size=shape, dtype=int8): numpy's buffered 8-bit draws.
func (s *MultiBinary) Sample() any {
	bits, err := s.random().IntegersInt8(0, 2, s.N())
	if err != nil {
		panic(err)
	}
	return &Array{DType: Int8, Shape: append([]int{}, s.shape...), Data: bits}
}

func (s *MultiBinary) Contains(x any) bool {
	shape, values, _, ok := numbersOf(x)
	if !ok || !sameInts(shape, s.shape) {
		return false
	}
	for _, v := range values {
		if v != 0 && v != 1 {
			return false
		}
	}
	return true
}

func (s *MultiBinary) Describe() map[string]any {
	return map[string]any{"name": "MultiBinary", "n": int64(s.N()), "shape": ints(s.shape), "dtype": "int8"}
}

func (s *MultiBinary) String() string {
	if len(s.shape) == 1 {
		return fmt.Sprintf("MultiBinary(%d)", s.shape[0])
	}
	return fmt.Sprintf("MultiBinary(%v)", s.shape)
}

// gymnasium seeds a composite space's children with integers(2**31 - 1, size=k) drawn from
// its own generator.
const subseedBound = 1<<31 - 1

func seedChildren(g *generator, seed *big.Int, children []Space) error {
	if err := g.seed(seed); err != nil {
		return err
	}
	for _, child := range children {
		if seed == nil {
			if err := child.Seed(nil); err != nil {
				return err
			}
		}
	}
	if seed == nil {
		return nil
	}
	subseeds := make([]int64, len(children))
	for i := range subseeds {
		subseeds[i], _ = g.rng.Integers(0, subseedBound)
	}
	for i, child := range children {
		if err := child.Seed(big.NewInt(subseeds[i])); err != nil {
			return err
		}
	}
	return nil
}

// Tuple is gymnasium's Tuple(spaces): elements are []any with one element of each space.
type Tuple struct {
	Spaces []Space
	generator
}

func (s *Tuple) Kind() string             { return "Tuple" }
func (s *Tuple) Shape() []int             { return nil }
func (s *Tuple) DType() DType             { return "" }
func (s *Tuple) Seed(seed *big.Int) error { return seedChildren(&s.generator, seed, s.Spaces) }

func (s *Tuple) Sample() any {
	out := make([]any, len(s.Spaces))
	for i, child := range s.Spaces {
		out[i] = child.Sample()
	}
	return out
}

func (s *Tuple) Contains(x any) bool {
	list, ok := x.([]any)
	if !ok || len(list) != len(s.Spaces) {
		return false
	}
	for i, child := range s.Spaces {
		if !child.Contains(list[i]) {
			return false
		}
	}
	return true
}

func (s *Tuple) Describe() map[string]any {
	children := make([]any, len(s.Spaces))
	for i, child := range s.Spaces {
		children[i] = child.Describe()
	}
	return map[string]any{"name": "Tuple", "shape": nil, "spaces": children}
}

func (s *Tuple) String() string {
	parts := make([]string, len(s.Spaces))
	for i, child := range s.Spaces {
		parts[i] = child.String()
	}
	return fmt.Sprintf("Tuple(%s)", strings.Join(parts, ", "))
}

// Dict is gymnasium's Dict(spaces): elements are map[string]any with one element of each
// space. Keys are in the space's order (gymnasium sorts them), which seeding follows.
type Dict struct {
	Keys   []string
	Spaces map[string]Space
	generator
}

// NewDict returns a Dict of the given children, keys sorted as gymnasium sorts them.
func NewDict(spaces map[string]Space) *Dict {
	keys := make([]string, 0, len(spaces))
	for k := range spaces {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return &Dict{Keys: keys, Spaces: spaces}
}

func (s *Dict) Kind() string { return "Dict" }
func (s *Dict) Shape() []int { return nil }
func (s *Dict) DType() DType { return "" }

func (s *Dict) children() []Space {
	out := make([]Space, len(s.Keys))
	for i, k := range s.Keys {
		out[i] = s.Spaces[k]
	}
	return out
}

func (s *Dict) Seed(seed *big.Int) error { return seedChildren(&s.generator, seed, s.children()) }

func (s *Dict) Sample() any {
	out := make(map[string]any, len(s.Keys))
	for _, k := range s.Keys {
		out[k] = s.Spaces[k].Sample()
	}
	return out
}

func (s *Dict) Contains(x any) bool {
	m, ok := x.(map[string]any)
	if !ok || len(m) != len(s.Keys) {
		return false
	}
	for _, k := range s.Keys {
		v, present := m[k]
		if !present || !s.Spaces[k].Contains(v) {
			return false
		}
	}
	return true
}

func (s *Dict) Describe() map[string]any {
	children := make(map[string]any, len(s.Keys))
	for _, k := range s.Keys {
		children[k] = s.Spaces[k].Describe()
	}
	return map[string]any{"name": "Dict", "shape": nil, "spaces": children}
}

func (s *Dict) String() string {
	parts := make([]string, len(s.Keys))
	for i, k := range s.Keys {
		parts[i] = fmt.Sprintf("'%s': %s", k, s.Spaces[k])
	}
	return fmt.Sprintf("Dict(%s)", strings.Join(parts, ", "))
}

// flatNumbers reads bounds, nvec or starts: an *Array's elements, or a nested list's.
func flatNumbers(v any) ([]float64, error) {
	if a, ok := v.(*Array); ok {
		return a.Float64s(), nil
	}
	var out []float64
	var walk func(v any) error
	walk = func(v any) error {
		if list, ok := v.([]any); ok {
			for _, e := range list {
				if err := walk(e); err != nil {
					return err
				}
			}
			return nil
		}
		f, err := toFloat64(v)
		out = append(out, f)
		return err
	}
	return out, walk(v)
}

func flatInts(v any) ([]int64, error) {
	floats, err := flatNumbers(v)
	out := make([]int64, len(floats))
	for i, f := range floats {
		out[i] = int64(f)
	}
	return out, err
}

// SpaceFromDescription builds the typed space a server description describes (decoded JSON
// or MessagePack: the *Description* objects of GET .../action_space/ and the spaces op).
func SpaceFromDescription(description map[string]any) (Space, error) {
	name, _ := description["name"].(string)
	var shape []int
	if list, ok := description["shape"].([]any); ok {
		shape = make([]int, len(list))
		for i, d := range list {
			n, err := toInt64(d)
			if err != nil {
				return nil, fmt.Errorf("gymcc: a %s space with shape %v", name, description["shape"])
			}
			shape[i] = int(n)
		}
	}
	need := func(key string) (any, error) {
		v, ok := description[key]
		if !ok || v == nil {
			return nil, fmt.Errorf("gymcc: a %s space description needs %q", name, key)
		}
		return v, nil
	}
	switch name {
	case "Discrete":
		n, err := need("n")
		if err != nil {
			return nil, err
		}
		count, err := toInt64(n)
		if err != nil {
			return nil, err
		}
		var start int64
		if s, ok := description["start"]; ok {
			if start, err = toInt64(s); err != nil {
				return nil, err
			}
		}
		return NewDiscrete(count, start), nil
	case "Box":
		low, err := need("low")
		if err != nil {
			return nil, err
		}
		high, err := need("high")
		if err != nil {
			return nil, err
		}
		lows, err := flatNumbers(low)
		if err != nil {
			return nil, err
		}
		highs, err := flatNumbers(high)
		if err != nil {
			return nil, err
		}
		dtype := Float32
		if d, ok := description["dtype"].(string); ok {
			dtype = DType(d)
		}
		if shape == nil {
			shape = []int{}
		}
		return NewBox(lows, highs, shape, dtype)
	case "MultiDiscrete":
		nv, err := need("nvec")
		if err != nil {
			return nil, err
		}
		nvec, err := flatInts(nv)
		if err != nil {
			return nil, err
		}
		var start []int64
		if s, ok := description["start"]; ok && s != nil {
			if start, err = flatInts(s); err != nil {
				return nil, err
			}
		}
		return NewMultiDiscrete(nvec, start, shape)
	case "MultiBinary":
		if len(shape) == 0 {
			n, err := need("n")
			if err != nil {
				return nil, err
			}
			count, err := toInt64(n)
			if err != nil {
				return nil, err
			}
			shape = []int{int(count)}
		}
		return NewMultiBinary(shape), nil
	case "Tuple":
		list, ok := description["spaces"].([]any)
		if !ok {
			return nil, fmt.Errorf("gymcc: a Tuple space description needs a list of spaces")
		}
		children := make([]Space, len(list))
		for i, c := range list {
			child, ok := c.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("gymcc: a Tuple child that is not a description: %v", c)
			}
			var err error
			if children[i], err = SpaceFromDescription(child); err != nil {
				return nil, err
			}
		}
		return &Tuple{Spaces: children}, nil
	case "Dict":
		m, ok := description["spaces"].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("gymcc: a Dict space description needs an object of spaces")
		}
		children := make(map[string]Space, len(m))
		for k, c := range m {
			child, ok := c.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("gymcc: a Dict child that is not a description: %v", c)
			}
			var err error
			if children[k], err = SpaceFromDescription(child); err != nil {
				return nil, err
			}
		}
		// Go maps lose the description's key order; gymnasium's is sorted.
		return NewDict(children), nil
	}
	return nil, fmt.Errorf("gymcc: unsupported space %q", name)
}
