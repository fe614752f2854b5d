package gymcc

// Spaces from the server's descriptions (JSON or MessagePack).

import (
	"fmt"
)

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

// description reads a description's fields, keeping the first error.
type description struct {
	name   string
	fields map[string]any
	err    error
}

func (d *description) value(key string, required bool) any {
	v := d.fields[key]
	if v == nil && required && d.err == nil {
		d.err = fmt.Errorf("gymcc: a %s space description needs %q", d.name, key)
	}
	return v
}

func (d *description) integer(key string, required bool) int64 {
	v := d.value(key, required)
	if v == nil || d.err != nil {
		return 0
	}
	n, err := toInt64(v)
	if err != nil {
		d.err = fmt.Errorf("gymcc: a %s space's %q: %w", d.name, key, err)
	}
	return n
}

func (d *description) numbers(key string, required bool) []float64 {
	v := d.value(key, required)
	if v == nil || d.err != nil {
		return nil
	}
	out, err := flatNumbers(v)
	if err != nil {
		d.err = fmt.Errorf("gymcc: a %s space's %q: %w", d.name, key, err)
	}
	return out
}

func (d *description) integers(key string, required bool) []int64 {
	floats := d.numbers(key, required)
	if floats == nil {
		return nil
	}
	out := make([]int64, len(floats))
	for i, f := range floats {
		out[i] = int64(f)
	}
	return out
}

// shape is the "shape" field: nil when absent or null (Tuple, Dict).
func (d *description) shape() []int {
	list, ok := d.fields["shape"].([]any)
	if !ok {
		return nil
	}
	shape := make([]int, len(list))
	for i, e := range list {
		n, err := toInt64(e)
		if err != nil && d.err == nil {
			d.err = fmt.Errorf("gymcc: a %s space with shape %v", d.name, list)
		}
		shape[i] = int(n)
	}
	return shape
}

// child reads a nested description.
func (d *description) child(v any) Space {
	m, ok := v.(map[string]any)
	if !ok {
		if d.err == nil {
			d.err = fmt.Errorf("gymcc: a %s child that is not a description: %v", d.name, v)
		}
		return nil
	}
	space, err := SpaceFromDescription(m)
	if err != nil && d.err == nil {
		d.err = err
	}
	return space
}

// SpaceFromDescription builds the typed space a server description describes (decoded JSON
// or MessagePack: GET .../action_space/, the spaces op).
func SpaceFromDescription(fields map[string]any) (Space, error) {
	name, _ := fields["name"].(string)
	d := &description{name: name, fields: fields}
	shape := d.shape()
	var space Space
	var err error
	switch name {
	case "Discrete":
		space = NewDiscrete(d.integer("n", true), d.integer("start", false))
	case "Box":
		low, high := d.numbers("low", true), d.numbers("high", true)
		dtype := Float32
		if s, ok := fields["dtype"].(string); ok {
			dtype = DType(s)
		}
		if shape == nil {
			shape = []int{}
		}
		if d.err == nil {
			space, err = NewBox(low, high, shape, dtype)
		}
	case "MultiDiscrete":
		nvec, start := d.integers("nvec", true), d.integers("start", false)
		if d.err == nil {
			space, err = NewMultiDiscrete(nvec, start, shape)
		}
	case "MultiBinary":
		if len(shape) == 0 {
			shape = []int{int(d.integer("n", true))}
		}
		space = NewMultiBinary(shape)
	case "Tuple":
		list, ok := fields["spaces"].([]any)
		if !ok {
			return nil, fmt.Errorf("gymcc: a Tuple space description needs a list of spaces")
		}
		children := make([]Space, len(list))
		for i, c := range list {
			children[i] = d.child(c)
		}
		space = &Tuple{Spaces: children}
	case "Dict":
		m, ok := fields["spaces"].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("gymcc: a Dict space description needs an object of spaces")
		}
		children := make(map[string]Space, len(m))
		for k, c := range m {
			children[k] = d.child(c)
		}
		// Go maps lose the description's key order; gymnasium's is sorted.
		space = NewDict(children)
	default:
		return nil, fmt.Errorf("gymcc: unsupported space %q", name)
	}
	if d.err != nil {
		return nil, d.err
	}
	return space, err
}
