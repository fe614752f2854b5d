package gymcc

// Typed spaces: seeded samples against gymnasium's (tests/data/space_samples.json, written
// by tests/tools/make_space_samples.py), descriptions, Contains.

import (
	"math"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSeededSamplesAreGymnasiums(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "tests", "data", "space_samples.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.(map[string]any)["cases"].([]any) {
		c := c.(map[string]any)
		t.Run(c["name"].(string), func(t *testing.T) {
			description := c["space"].(map[string]any)
			space, err := SpaceFromDescription(description)
			if err != nil {
				t.Fatal(err)
			}
			if got := space.Describe(); !reflect.DeepEqual(normalizeDescription(got), normalizeDescription(description)) {
				t.Errorf("Describe() = %v, want %v", got, description)
			}
			for _, s := range c["seeds"].([]any) {
				s := s.(map[string]any)
				seed, _ := new(big.Int).SetString(s["seed"].(string), 10)
				if err := space.Seed(seed); err != nil {
					t.Fatal(err)
				}
				for i, want := range s["samples"].([]any) {
					got := space.Sample()
					if !reflect.DeepEqual(plainValue(got), want) {
						t.Fatalf("seed %s sample %d: %v, gymnasium %v", seed, i, plainValue(got), want)
					}
					if !space.Contains(got) {
						t.Fatalf("%v does not contain its sample %v", space, got)
					}
				}
			}
		})
	}
}

// plainValue is a sample as decoded JSON has it: nested []any of int64, float64, bool.
func plainValue(v any) any {
	switch x := v.(type) {
	case *Array:
		return x.ToList()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plainValue(e)
		}
		return out
	}
	return v
}

// normalizeDescription makes JSON-decoded and Describe() descriptions comparable.
func normalizeDescription(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = normalizeDescription(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeDescription(e)
		}
		return out
	case int64:
		return float64(x)
	}
	return v
}

func TestBoxBoundsAreRealInfinities(t *testing.T) {
	data := []byte(`{"name":"Box","shape":[2],"low":[-4.800000190734863,"-Infinity"],"high":[4.800000190734863,"Infinity"],"dtype":"float32"}`)
	d, _ := DecodeJSON(data)
	space, err := SpaceFromDescription(d.(map[string]any))
	if err != nil {
		t.Fatal(err)
	}
	box := space.(*Box)
	if !math.IsInf(box.Low[1]+1, -1) || !math.IsInf(box.High[1], 1) || box.Low[0] != float64(float32(-4.8)) {
		t.Fatalf("bounds %v %v", box.Low, box.High)
	}
	if !box.Contains([]float64{0, 1e30}) || box.Contains([]float64{5, 0}) || box.Contains([]float64{0}) {
		t.Fatal("Box.Contains")
	}
	f64, _ := ArrayFromList([]any{0.0, 0.0}, Float64, nil)
	f32, _ := ArrayFromList([]any{0.0, 0.0}, Float32, nil)
	if box.Contains(f64) || !box.Contains(f32) {
		t.Fatal("a float64 array is not safely cast to float32; a float32 one is contained")
	}
	if box.String() != "Box(2,) float32" {
		t.Fatal(box.String())
	}
}

func TestDiscreteContains(t *testing.T) {
	d := NewDiscrete(3, -1)
	for _, x := range []any{-1, int64(1), big.NewInt(0)} {
		if !d.Contains(x) {
			t.Errorf("Discrete(3, start=-1) should contain %v", x)
		}
	}
	for _, x := range []any{2, 0.5, true, "1", nil} {
		if d.Contains(x) {
			t.Errorf("Discrete(3, start=-1) should not contain %v", x)
		}
	}
}

func TestNDArrayCodecRoundTrip(t *testing.T) {
	for _, a := range []*Array{
		{DType: Float32, Shape: []int{2, 2}, Data: []float32{1, -2, float32(math.Inf(1)), 0.5}},
		{DType: Int64, Shape: []int{3}, Data: []int64{-1, 0, 1 << 62}},
		{DType: Bool, Shape: []int{2}, Data: []bool{true, false}},
		{DType: Uint8, Shape: []int{}, Data: []uint8{7}},
	} {
		payload, err := a.ndarrayPayload()
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeNDArray(payload)
		if err != nil || !reflect.DeepEqual(back, a) {
			t.Fatalf("%v -> %v (%v)", a, back, err)
		}
	}
}
