package gymcc

// numpy's default random machinery as gymnasium's spaces use it:
// Generator(PCG64(SeedSequence(seed))), draw for draw. Ported from libenv/include/gymcc/rng.hpp
// (itself checked against numpy): every draw consumes exactly the 32/64-bit words numpy's does,
// because one divergence shifts every later draw. Products that meet an addition are
// converted explicitly (float64(a*b) + c): the Go spec lets a compiler fuse them into an FMA
// otherwise, which numpy's C does not do.

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
)

// numpy SeedSequence constants (bit_generator.pyx).
const (
	hashInitA = 0x43b0d7e5
	hashMultA = 0x931e8875
	hashInitB = 0x8b51f9dd
	hashMultB = 0x58f38ded
	mixMultL  = 0xca01f9dd
	mixMultR  = 0x4973f715
)

// numpy's ziggurat_nor_r, ziggurat_nor_inv_r and ziggurat_exp_r (their rounded literals).
const (
	normalTailStart        = 3.6541528853610087963519472518
	normalTailStartInverse = 0.27366123732975827203338247596
	exponentialTailStart   = 7.6971174701310497140446280481
)

// pcgMultiplier is PCG64's 128-bit multiplier, high and low words.
const (
	pcgMultiplierHigh = 2549297995355413924
	pcgMultiplierLow  = 4865540595714422341
)

// SeedWords returns the little-endian uint32 words of a seed, as numpy's
// _coerce_to_uint32_array: [0] for 0. Seeds must be non-negative.
func SeedWords(seed *big.Int) ([]uint32, error) {
	if seed.Sign() < 0 {
		return nil, fmt.Errorf("Seed must be greater or equal to zero, actual value: %s", seed)
	}
	value := new(big.Int).Set(seed)
	mask := big.NewInt(0xffffffff)
	words := []uint32{}
	for {
		words = append(words, uint32(new(big.Int).And(value, mask).Uint64()))
		value.Rsh(value, 32)
		if value.Sign() == 0 {
			return words, nil
		}
	}
}

// SeedSequence is numpy.random.SeedSequence(entropy) with pool size 4 and no spawn key.
type SeedSequence struct {
	pool [4]uint32
}

// NewSeedSequence mixes a non-negative seed of any size into the pool as numpy does.
func NewSeedSequence(seed *big.Int) (*SeedSequence, error) {
	words, err := SeedWords(seed)
	if err != nil {
		return nil, err
	}
	multiplier := uint32(hashInitA)
	// numpy's hashmix: its multiplier evolves with every call, in numpy's call order.
	hashmix := func(value uint32) uint32 {
		value ^= multiplier
		multiplier *= hashMultA
		value *= multiplier
		return value ^ value>>16
	}
	mix := func(x, y uint32) uint32 {
		result := mixMultL*x - mixMultR*y
		return result ^ result>>16
	}
	s := &SeedSequence{}
	for i := range s.pool {
		var word uint32
		if i < len(words) {
			word = words[i]
		}
		s.pool[i] = hashmix(word)
	}
	for src := 0; src < 4; src++ {
		for dst := 0; dst < 4; dst++ {
			if src != dst {
				s.pool[dst] = mix(s.pool[dst], hashmix(s.pool[src]))
			}
		}
	}
	for src := 4; src < len(words); src++ {
		for dst := 0; dst < 4; dst++ {
			s.pool[dst] = mix(s.pool[dst], hashmix(words[src]))
		}
	}
	return s, nil
}

// GenerateState is numpy's generate_state(n, np.uint32).
func (s *SeedSequence) GenerateState(n int) []uint32 {
	out := make([]uint32, n)
	multiplier := uint32(hashInitB)
	for i := range out {
		value := s.pool[i%4] ^ multiplier
		multiplier *= hashMultB
		value *= multiplier
		out[i] = value ^ value>>16
	}
	return out
}

// PCG64 is numpy.random.PCG64 (XSL-RR 128/64) with the 32-bit half buffer numpy keeps
// across calls.
type PCG64 struct {
	stateHigh, stateLow uint64
	incHigh, incLow     uint64
	bufferedHalf        uint32
	hasBufferedHalf     bool
}

// NewPCG64 seeds the generator from a SeedSequence as numpy's pcg64_set_seed.
func NewPCG64(seq *SeedSequence) *PCG64 {
	w := seq.GenerateState(8)
	u64 := func(i int) uint64 { return uint64(w[2*i]) | uint64(w[2*i+1])<<32 }
	initialHigh, initialLow := u64(0), u64(1)
	sequenceHigh, sequenceLow := u64(2), u64(3)
	p := &PCG64{incHigh: sequenceHigh<<1 | sequenceLow>>63, incLow: sequenceLow<<1 | 1}
	p.step()
	var carry uint64
	p.stateLow, carry = bits.Add64(p.stateLow, initialLow, 0)
	p.stateHigh, _ = bits.Add64(p.stateHigh, initialHigh, carry)
	p.step()
	return p
}

func (p *PCG64) step() {
	// state = state * multiplier + increment (mod 2**128)
	high, low := bits.Mul64(p.stateLow, pcgMultiplierLow)
	high += p.stateHigh*pcgMultiplierLow + p.stateLow*pcgMultiplierHigh
	var carry uint64
	p.stateLow, carry = bits.Add64(low, p.incLow, 0)
	p.stateHigh, _ = bits.Add64(high, p.incHigh, carry)
}

// Next64 is a 64-bit draw: the output of the new state.
func (p *PCG64) Next64() uint64 {
	p.step()
	return bits.RotateLeft64(p.stateHigh^p.stateLow, -int(p.stateHigh>>58))
}

// Next32 returns the low half of a fresh 64-bit word, then its high half on the next call.
func (p *PCG64) Next32() uint32 {
	if p.hasBufferedHalf {
		p.hasBufferedHalf = false
		return p.bufferedHalf
	}
	word := p.Next64()
	p.bufferedHalf = uint32(word >> 32)
	p.hasBufferedHalf = true
	return uint32(word)
}

// NextDouble is a double in [0, 1) from 53 bits.
func (p *PCG64) NextDouble() float64 {
	return float64(p.Next64()>>11) * (1.0 / (1 << 53))
}

// Generator is numpy.random.Generator over PCG64: the draws gymnasium's spaces make.
type Generator struct {
	Bits *PCG64
}

// NewGenerator is Generator(PCG64(SeedSequence(seed))) for a non-negative seed of any size.
func NewGenerator(seed *big.Int) (*Generator, error) {
	seq, err := NewSeedSequence(seed)
	if err != nil {
		return nil, err
	}
	return &Generator{Bits: NewPCG64(seq)}, nil
}

// GeneratorFromEntropy seeds from 128 random bits, as np.random.default_rng().
func GeneratorFromEntropy() *Generator {
	var buf [16]byte
	if _, err := rand.Read(buf[:]); err != nil {
		panic(fmt.Sprintf("gymcc: no entropy: %v", err))
	}
	g, _ := NewGenerator(new(big.Int).SetBytes(buf[:]))
	return g
}

// Random is numpy's random(): a double in [0, 1).
func (g *Generator) Random() float64 { return g.Bits.NextDouble() }

// Uniform is numpy's uniform(low, high): low + (high - low) * random().
func (g *Generator) Uniform(low, high float64) float64 {
	r := high - low
	if math.IsInf(r, 0) || math.IsNaN(r) {
		panic("gymcc: uniform: high - low range exceeds valid bounds")
	}
	return low + float64(r*g.Random())
}

var errLowNotBelowHigh = errors.New("low >= high")

// Integers is numpy's integers(low, high) with the default int64 dtype: [low, high).
func (g *Generator) Integers(low, high int64) (int64, error) {
	if low >= high {
		return 0, errLowNotBelowHigh
	}
	// numpy draws on [0, high - 1 - low] and adds low, in wrapping uint64 arithmetic.
	r := uint64(high) - uint64(low) - 1
	return int64(uint64(low) + g.bounded(r)), nil
}

func (g *Generator) bounded(r uint64) uint64 {
	switch {
	case r == 0:
		return 0
	case r < 0xffffffff:
		return uint64(g.lemire32(uint32(r)))
	case r == 0xffffffff:
		return uint64(g.Bits.Next32())
	case r == math.MaxUint64:
		return g.Bits.Next64()
	}
	return g.lemire64(r)
}

func (g *Generator) lemire32(r uint32) uint32 {
	outcomes := uint64(r) + 1
	product := uint64(g.Bits.Next32()) * outcomes
	leftover := uint32(product)
	if uint64(leftover) < outcomes {
		threshold := uint32((0xffffffff - uint64(r)) % outcomes)
		for leftover < threshold {
			product = uint64(g.Bits.Next32()) * outcomes
			leftover = uint32(product)
		}
	}
	return uint32(product >> 32)
}

func (g *Generator) lemire64(r uint64) uint64 {
	outcomes := r + 1
	high, leftover := bits.Mul64(g.Bits.Next64(), outcomes)
	if leftover < outcomes {
		threshold := (math.MaxUint64 - r) % outcomes
		for leftover < threshold {
			high, leftover = bits.Mul64(g.Bits.Next64(), outcomes)
		}
	}
	return high
}

// IntegersInt8 is numpy's integers(low, high, size=n, dtype=np.int8): the buffered 8-bit
// path, with a buffer local to the call.
func (g *Generator) IntegersInt8(low, high int8, n int) ([]int8, error) {
	out := make([]int8, n)
	if n == 0 {
		return out, nil
	}
	if low >= high {
		return nil, errLowNotBelowHigh
	}
	r := uint8(high - 1 - low)
	var buffer uint32
	bytesLeft := 0
	nextByte := func() uint8 {
		if bytesLeft == 0 {
			buffer = g.Bits.Next32()
			bytesLeft = 3
		} else {
			buffer >>= 8
			bytesLeft--
		}
		return uint8(buffer)
	}
	boundedByte := func() uint8 {
		if r == 0 {
			return 0
		}
		if r == 0xff {
			return nextByte()
		}
		outcomes := uint(r) + 1
		product := uint(nextByte()) * outcomes
		leftover := product & 0xff
		if leftover < outcomes {
			threshold := (0xff - uint(r)) % outcomes
			for leftover < threshold {
				product = uint(nextByte()) * outcomes
				leftover = product & 0xff
			}
		}
		return uint8(product >> 8)
	}
	for i := range out {
		out[i] = int8(uint8(low) + boundedByte())
	}
	return out, nil
}

// StandardNormal is numpy's 256-layer ziggurat standard_normal().
func (g *Generator) StandardNormal() float64 {
	for {
		word := g.Bits.Next64()
		layer := word & 0xff
		magnitude := (word >> 9) & 0x000fffffffffffff
		x := float64(magnitude) * normalLayerWidths[layer]
		if (word>>8)&1 == 1 {
			x = -x
		}
		if magnitude < normalLayerThresholds[layer] {
			return x
		}
		if layer == 0 {
			// Marsaglia's tail method; numpy takes the sign from magnitude bit 8.
			for {
				xx := float64(-normalTailStartInverse * math.Log1p(-g.Random()))
				yy := -math.Log1p(-g.Random())
				if yy+yy > float64(xx*xx) {
					if (magnitude>>8)&1 == 1 {
						return -(normalTailStart + xx)
					}
					return normalTailStart + xx
				}
			}
		}
		upper, lower := normalLayerDensities[layer-1], normalLayerDensities[layer]
		if float64((upper-lower)*g.Random())+lower < math.Exp(-0.5*x*x) {
			return x
		}
		// Rejected: numpy starts over with a fresh word.
	}
}

// StandardExponential is numpy's ziggurat standard_exponential().
func (g *Generator) StandardExponential() float64 {
	for {
		word := g.Bits.Next64() >> 3
		layer := word & 0xff
		magnitude := word >> 8
		x := float64(magnitude) * exponentialLayerWidths[layer]
		if magnitude < exponentialLayerThresholds[layer] {
			return x
		}
		if layer == 0 {
			return exponentialTailStart - math.Log1p(-g.Random())
		}
		upper, lower := exponentialLayerDensities[layer-1], exponentialLayerDensities[layer]
		if float64((upper-lower)*g.Random())+lower < math.Exp(-x) {
			return x
		}
	}
}
