package gymcc

// MultiDiscrete and MultiBinary.

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

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
