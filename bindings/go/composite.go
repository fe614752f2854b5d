package gymcc

// Tuple and Dict, whose seeding derives one sub-seed per child from their own generator.

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

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
