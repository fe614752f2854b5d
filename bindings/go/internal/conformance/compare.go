package main

// Exact comparison of the client's results with fixture values (tests/conformance/README.md):
// floats by their bits (-0 is not 0, NaN is NaN), integers as integers and floats as floats
// (Go keeps them apart, as the golden files do), bools as bools, Arrays element by element,
// and the vector format's typed values ({"__ndarray__": dtype, "shape", "data"}) with their
// dtype wherever the result carries one.

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strings"

	gymcc "github.com/gymcc/gymcc/bindings/go"
)

const arrayTag = "__ndarray__"

func typed(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	_, ok = m[arrayTag]
	return m, ok
}

// untyped turns the fixture's typed values into plain nested lists.
func untyped(v any) any {
	if t, ok := typed(v); ok {
		shape := ints(t["shape"])
		data := t["data"].([]any)
		flat := make([]any, len(data))
		for i, e := range data {
			flat[i] = untyped(e)
		}
		if len(shape) == 0 {
			return flat[0]
		}
		next := 0
		var build func(axis int) any
		build = func(axis int) any {
			if axis == len(shape) {
				next++
				return flat[next-1]
			}
			out := make([]any, shape[axis])
			for i := range out {
				out[i] = build(axis + 1)
			}
			return out
		}
		return build(0)
	}
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = untyped(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = untyped(e)
		}
		return out
	}
	return v
}

func ints(v any) []int {
	list, _ := v.([]any)
	out := make([]int, len(list))
	for i, e := range list {
		out[i] = int(e.(int64))
	}
	return out
}

// typedArray is a typed fixture value as an Array of its dtype (for actions).
func typedArray(t map[string]any) (*gymcc.Array, error) {
	return gymcc.ArrayFromList(untyped(t), gymcc.DType(t[arrayTag].(string)), ints(t["shape"]))
}

func show(v any) string {
	text := fmt.Sprintf("%v", v)
	if len(text) > 200 {
		text = text[:200] + "..."
	}
	return text
}

// asList reads the actual value's slices ([]bool, []float64, ...) as []any.
func asList(v any) ([]any, bool) {
	if list, ok := v.([]any); ok {
		return list, true
	}
	r := reflect.ValueOf(v)
	if r.Kind() != reflect.Slice {
		return nil, false
	}
	out := make([]any, r.Len())
	for i := range out {
		e := r.Index(i).Interface()
		switch n := e.(type) {
		case int:
			e = int64(n)
		case float32:
			e = float64(n)
		}
		out[i] = e
	}
	return out, true
}

func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// diff says where actual differs from the fixture's expected value ("" if nowhere).
func diff(expected, actual any, path string) string {
	if t, ok := typed(expected); ok {
		if a, isArray := actual.(*gymcc.Array); isArray {
			if string(a.DType) != t[arrayTag] {
				return fmt.Sprintf("%s: expected dtype %v, got %s", path, t[arrayTag], a.DType)
			}
			if fmt.Sprint(a.Shape) != fmt.Sprint(ints(t["shape"])) {
				return fmt.Sprintf("%s: expected shape %v, got %v", path, ints(t["shape"]), a.Shape)
			}
		}
		return diff(untyped(expected), actual, path)
	}
	if a, ok := actual.(*gymcc.Array); ok {
		return diff(expected, a.ToList(), path)
	}
	switch e := expected.(type) {
	case []any:
		list, ok := asList(actual)
		if !ok || len(list) != len(e) {
			return fmt.Sprintf("%s: expected %s, got %s", path, show(expected), show(actual))
		}
		for i := range e {
			if d := diff(e[i], list[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	case map[string]any:
		m, ok := actual.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: expected %s, got %s", path, show(expected), show(actual))
		}
		if keys(e) != keys(m) {
			return fmt.Sprintf("%s: expected keys %s, got %s", path, keys(e), keys(m))
		}
		for k := range e {
			if d := diff(e[k], m[k], path+"."+k); d != "" {
				return d
			}
		}
		return ""
	case float64:
		if a, ok := actual.(float64); ok && sameFloat(e, a) {
			return ""
		}
	case int64:
		switch a := actual.(type) {
		case int64:
			if a == e {
				return ""
			}
		case *big.Int:
			if a.IsInt64() && a.Int64() == e {
				return ""
			}
		}
	case *big.Int:
		if a, ok := actual.(*big.Int); ok && a.Cmp(e) == 0 {
			return ""
		}
	default:
		if reflect.DeepEqual(expected, actual) {
			return ""
		}
	}
	return fmt.Sprintf("%s: expected %s (%T), got %s (%T)", path, show(expected), expected, show(actual), actual)
}

func keys(m map[string]any) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return "[" + strings.Join(out, " ") + "]"
}

func numbers(v any) []float64 {
	var out []float64
	var walk func(v any)
	walk = func(v any) {
		if list, ok := v.([]any); ok {
			for _, e := range list {
				walk(e)
			}
			return
		}
		switch x := v.(type) {
		case int64:
			out = append(out, float64(x))
		case float64:
			out = append(out, x)
		case string:
			out = append(out, map[string]float64{"Infinity": math.Inf(1), "-Infinity": math.Inf(-1), "NaN": math.NaN()}[x])
		}
	}
	walk(v)
	return out
}

func sameFloats(a []float64, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameFloat(a[i], b[i]) {
			return false
		}
	}
	return true
}

func int64s(v []int64) []float64 {
	out := make([]float64, len(v))
	for i, n := range v {
		out[i] = float64(n)
	}
	return out
}

// spaceDiff says where the client's typed space differs from a description ("" if nowhere).
func spaceDiff(d map[string]any, space gymcc.Space, path string) string {
	name, _ := d["name"].(string)
	if space.Kind() != name {
		return fmt.Sprintf("%s: expected a %s, got %v", path, name, space)
	}
	shape := func() string {
		if want, ok := d["shape"].([]any); ok && fmt.Sprint(ints(want)) != fmt.Sprint(space.Shape()) {
			return fmt.Sprintf("%s: expected shape %v, got %v", path, ints(want), space.Shape())
		}
		return ""
	}
	switch s := space.(type) {
	case *gymcc.Discrete:
		start, _ := d["start"].(int64)
		if s.N != d["n"].(int64) || s.Start != start {
			return fmt.Sprintf("%s: expected Discrete(%v, start=%v), got %v", path, d["n"], d["start"], s)
		}
	case *gymcc.Box:
		if string(s.DType()) != d["dtype"] {
			return fmt.Sprintf("%s: expected dtype %v, got %s", path, d["dtype"], s.DType())
		}
		if !sameFloats(numbers(d["low"]), s.Low) {
			return fmt.Sprintf("%s.low: expected %v, got %v", path, numbers(d["low"]), s.Low)
		}
		if !sameFloats(numbers(d["high"]), s.High) {
			return fmt.Sprintf("%s.high: expected %v, got %v", path, numbers(d["high"]), s.High)
		}
		return shape()
	case *gymcc.MultiDiscrete:
		if !sameFloats(numbers(d["nvec"]), int64s(s.Nvec)) || !sameFloats(numbers(d["start"]), int64s(s.Start)) {
			return fmt.Sprintf("%s: expected nvec %v start %v, got %v %v", path, d["nvec"], d["start"], s.Nvec, s.Start)
		}
		return shape()
	case *gymcc.MultiBinary:
		if int64(s.N()) != d["n"].(int64) {
			return fmt.Sprintf("%s: expected n %v, got %d", path, d["n"], s.N())
		}
		return shape()
	case *gymcc.Tuple:
		children, _ := d["spaces"].([]any)
		if len(children) != len(s.Spaces) {
			return fmt.Sprintf("%s: expected %d spaces, got %d", path, len(children), len(s.Spaces))
		}
		for i, c := range children {
			if diff := spaceDiff(c.(map[string]any), s.Spaces[i], fmt.Sprintf("%s[%d]", path, i)); diff != "" {
				return diff
			}
		}
	case *gymcc.Dict:
		children, _ := d["spaces"].(map[string]any)
		if keys(children) != "["+strings.Join(s.Keys, " ")+"]" {
			return fmt.Sprintf("%s: expected keys %s, got %v", path, keys(children), s.Keys)
		}
		for k, c := range children {
			if diff := spaceDiff(c.(map[string]any), s.Spaces[k], path+"."+k); diff != "" {
				return diff
			}
		}
	}
	return ""
}
