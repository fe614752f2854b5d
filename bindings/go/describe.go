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
