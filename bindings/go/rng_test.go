package gymcc

// The generator against numpy's own draws (tests/data/rng_vectors.json, written by
// tests/tools/make_rng_vectors.py, which libenv's C++ tests replay too).

import (
	"encoding/json"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

type draws struct {
	Count    int      `json:"count"`
	Checksum string   `json:"checksum"`
	Head     []string `json:"head"`
}

type seedVectors struct {
	Seed              string   `json:"seed"`
	SeedSequenceU32x8 []uint32 `json:"seed_sequence_u32x8"`
	Raw               []string `json:"raw"`
	Random            draws    `json:"random"`
	Uniform           []string `json:"uniform"`
	StandardNormal    draws    `json:"standard_normal"`
	StandardExp       draws    `json:"standard_exponential"`
	Integers          []struct {
		High   json.Number   `json:"high"`
		Values []json.Number `json:"values"`
	} `json:"integers"`
	Int8 []struct {
		Low, High int8
		Values    []int8
	} `json:"int8"`
	Interleave struct {
		Ops string   `json:"ops"`
		Out []string `json:"out"`
	} `json:"generator_interleave"`
}

// referenceFile reads tests/data/<name> of the repository (bindings/go is two levels down).
func referenceFile(t *testing.T, name string, into any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "tests", "data", name))
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(bytesReader(data))
	d.UseNumber()
	if err := d.Decode(into); err != nil {
		t.Fatal(err)
	}
}

func checksum(t *testing.T, multiplier uint64, values []float64) string {
	t.Helper()
	var h uint64
	for _, v := range values {
		h = h*multiplier + math.Float64bits(v)
	}
	return strconv.FormatUint(h, 10)
}

func TestGeneratorAgainstNumpy(t *testing.T) {
	var vectors struct {
		Multiplier string        `json:"checksum_multiplier"`
		Seeds      []seedVectors `json:"seeds"`
	}
	referenceFile(t, "rng_vectors.json", &vectors)
	multiplier, _ := strconv.ParseUint(vectors.Multiplier, 10, 64)
	for _, entry := range vectors.Seeds {
		seed, _ := new(big.Int).SetString(entry.Seed, 10)
		newGen := func() *Generator {
			g, err := NewGenerator(seed)
			if err != nil {
				t.Fatal(err)
			}
			return g
		}
		t.Run(entry.Seed, func(t *testing.T) {
			seq, _ := NewSeedSequence(seed)
			for i, w := range seq.GenerateState(8) {
				if w != entry.SeedSequenceU32x8[i] {
					t.Fatalf("SeedSequence word %d: %d, numpy %d", i, w, entry.SeedSequenceU32x8[i])
				}
			}
			bits := NewPCG64(seq)
			for i, want := range entry.Raw {
				if got := strconv.FormatUint(bits.Next64(), 10); got != want {
					t.Fatalf("PCG64 word %d: %s, numpy %s", i, got, want)
				}
			}
			for name, section := range map[string]struct {
				d    draws
				draw func(*Generator) float64
			}{
				"random":               {entry.Random, (*Generator).Random},
				"standard_normal":      {entry.StandardNormal, (*Generator).StandardNormal},
				"standard_exponential": {entry.StandardExp, (*Generator).StandardExponential},
			} {
				g := newGen()
				values := make([]float64, section.d.Count)
				for i := range values {
					values[i] = section.draw(g)
				}
				for i, want := range section.d.Head {
					if w, _ := strconv.ParseFloat(want, 64); values[i] != w {
						t.Fatalf("%s draw %d: %v, numpy %s", name, i, values[i], want)
					}
				}
				if got := checksum(t, multiplier, values); got != section.d.Checksum {
					t.Errorf("%s: checksum over %d draws %s, numpy %s", name, section.d.Count, got, section.d.Checksum)
				}
			}
			g := newGen()
			for i, want := range entry.Uniform {
				if w, _ := strconv.ParseFloat(want, 64); g.Uniform(-0.05, 0.05) != w {
					t.Fatalf("uniform draw %d differs from numpy's %s", i, want)
				}
			}
			for _, c := range entry.Integers {
				g := newGen()
				high, _ := strconv.ParseInt(string(c.High), 10, 64)
				for i, want := range c.Values {
					got, err := g.Integers(0, high)
					if err != nil || strconv.FormatInt(got, 10) != string(want) {
						t.Fatalf("integers(%d) draw %d: %d, numpy %s", high, i, got, want)
					}
				}
			}
			g = newGen() // consecutive int8 calls on one generator, each with a fresh byte buffer
			for _, c := range entry.Int8 {
				got, _ := g.IntegersInt8(c.Low, c.High, len(c.Values))
				for i := range got {
					if got[i] != c.Values[i] {
						t.Fatalf("int8 [%d, %d): %v, numpy %v", c.Low, c.High, got, c.Values)
					}
				}
			}
			g = newGen()
			for i, op := range entry.Interleave.Ops {
				var got string
				if op == 'i' {
					n, _ := g.Integers(0, 1<<31)
					got = strconv.FormatInt(n, 10)
				} else {
					got = strconv.FormatFloat(g.Random(), 'g', -1, 64)
					want, _ := strconv.ParseFloat(entry.Interleave.Out[i], 64)
					entry.Interleave.Out[i] = strconv.FormatFloat(want, 'g', -1, 64)
				}
				if got != entry.Interleave.Out[i] {
					t.Fatalf("interleaved draw %d (%c): %s, numpy %s", i, op, got, entry.Interleave.Out[i])
				}
			}
		})
	}
}

// The bulk sequences: two million draws of each kind from one seed, by checksum.
func TestGeneratorBulkAgainstNumpy(t *testing.T) {
	var vectors struct {
		Multiplier string `json:"checksum_multiplier"`
		Bulk       []struct {
			Seed     string `json:"seed"`
			Kind     string `json:"kind"`
			Arg      string `json:"arg"`
			Count    int    `json:"count"`
			Checksum string `json:"checksum"`
		} `json:"bulk"`
	}
	referenceFile(t, "rng_vectors.json", &vectors)
	multiplier, _ := strconv.ParseUint(vectors.Multiplier, 10, 64)
	for _, b := range vectors.Bulk {
		seed, _ := new(big.Int).SetString(b.Seed, 10)
		g, _ := NewGenerator(seed)
		var h uint64
		add := func(bits uint64) { h = h*multiplier + bits }
		switch b.Kind {
		case "random", "standard_normal", "standard_exponential":
			draw := map[string]func() float64{
				"random": g.Random, "standard_normal": g.StandardNormal, "standard_exponential": g.StandardExponential,
			}[b.Kind]
			for i := 0; i < b.Count; i++ {
				add(math.Float64bits(draw()))
			}
		case "integers":
			high, _ := strconv.ParseInt(b.Arg, 10, 64)
			for i := 0; i < b.Count; i++ {
				n, _ := g.Integers(0, high)
				add(uint64(n))
			}
		case "int8_0_2_by_13":
			for n := 0; n < b.Count; n += 13 {
				values, _ := g.IntegersInt8(0, 2, 13)
				for _, v := range values {
					add(uint64(int64(v)))
				}
			}
		default:
			continue
		}
		if got := strconv.FormatUint(h, 10); got != b.Checksum {
			t.Errorf("%s(%s) x%d: checksum %s, numpy %s", b.Kind, b.Arg, b.Count, got, b.Checksum)
		}
	}
}
