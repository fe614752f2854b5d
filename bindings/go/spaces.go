package gymcc

// gymnasium's spaces, rebuilt from the server's space descriptions (docs/api.md), with
// gymnasium's Contains and a seeded Sample that draws exactly what gymnasium draws for the
// same seed (rng.go). Box bounds are real numbers: the API's "Infinity"/"-Infinity" strings
// (JSON) and IEEE infinities (MessagePack ndarrays) both become ±Inf.

import (
	"fmt"
	"math/big"
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
