//! numpy's default random machinery as gymnasium's spaces use it:
//! `Generator(PCG64(SeedSequence(seed)))`, draw for draw. Ported from
//! libenv/include/gymcc/rng.hpp (itself checked against numpy): every draw consumes exactly
//! the 32/64-bit words numpy's does, because one divergence shifts every later draw. Rust never
//! fuses a multiply and an add on its own, so the float arithmetic is numpy's C as written;
//! `ln_1p` and `exp` are the platform's libm, as numpy's.

use crate::error::{Error, Result};
use crate::ziggurat::*;
use std::fmt;

// numpy SeedSequence constants (bit_generator.pyx).
const HASH_INIT_A: u32 = 0x43b0d7e5;
const HASH_MULT_A: u32 = 0x931e8875;
const HASH_INIT_B: u32 = 0x8b51f9dd;
const HASH_MULT_B: u32 = 0x58f38ded;
const MIX_MULT_L: u32 = 0xca01f9dd;
const MIX_MULT_R: u32 = 0x4973f715;
// numpy's ziggurat_nor_r, ziggurat_nor_inv_r and ziggurat_exp_r.
#[allow(clippy::excessive_precision)]
const NORMAL_TAIL_START: f64 = 3.6541528853610087963519472518;
#[allow(clippy::excessive_precision)]
const NORMAL_TAIL_START_INVERSE: f64 = 0.27366123732975827203338247596;
#[allow(clippy::excessive_precision)]
const EXPONENTIAL_TAIL_START: f64 = 7.6971174701310497140446280481;
const PCG_MULTIPLIER: u128 = (2549297995355413924u128 << 64) | 4865540595714422341u128;

/// A seed of any size, as numpy takes them: its little-endian u32 words. A negative one can
/// be sent to the server (which refuses it, as gymnasium does) but seeds no generator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Seed {
    words: Vec<u32>,
    negative: bool,
}

impl Seed {
    /// A seed from its decimal digits, of any size ("340282366920938463463374607431768211459").
    pub fn from_decimal(text: &str) -> Result<Seed> {
        if let Some(magnitude) = text.strip_prefix('-') {
            let mut seed = Seed::from_decimal(magnitude)?;
            seed.negative = seed.words != [0];
            return Ok(seed);
        }
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(format!("Seed must be greater or equal to zero, actual value: {text}")));
        }
        let mut words: Vec<u32> = vec![0];
        for digit in text.bytes().map(|b| (b - b'0') as u64) {
            let mut carry = digit;
            for w in words.iter_mut() {
                let v = *w as u64 * 10 + carry;
                *w = v as u32;
                carry = v >> 32;
            }
            if carry > 0 {
                words.push(carry as u32);
            }
        }
        Ok(Seed::from_words(words))
    }

    fn from_words(mut words: Vec<u32>) -> Seed {
        while words.len() > 1 && *words.last().unwrap() == 0 {
            words.pop();
        }
        Seed { words, negative: false }
    }

    /// True for a seed below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The little-endian u32 words, as numpy's _coerce_to_uint32_array ([0] for 0).
    pub fn words(&self) -> &[u32] {
        &self.words
    }

    /// The seed as a JSON integer.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Number(self.to_string().parse().expect("a decimal integer is a JSON number"))
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut words = self.words.clone();
        let mut digits = Vec::new();
        loop {
            let mut remainder = 0u64;
            for w in words.iter_mut().rev() {
                let v = (remainder << 32) | *w as u64;
                *w = (v / 10) as u32;
                remainder = v % 10;
            }
            digits.push(b'0' + remainder as u8);
            while words.len() > 1 && *words.last().unwrap() == 0 {
                words.pop();
            }
            if words == [0] {
                break;
            }
        }
        if self.negative {
            digits.push(b'-');
        }
        digits.reverse();
        f.write_str(std::str::from_utf8(&digits).unwrap())
    }
}

impl From<u64> for Seed {
    fn from(n: u64) -> Seed {
        Seed::from_words(vec![n as u32, (n >> 32) as u32])
    }
}

impl From<u32> for Seed {
    fn from(n: u32) -> Seed {
        Seed::from(n as u64)
    }
}

impl From<u128> for Seed {
    fn from(n: u128) -> Seed {
        Seed::from_words((0..4).map(|i| (n >> (32 * i)) as u32).collect())
    }
}

/// numpy.random.SeedSequence(seed).generate_state(8, np.uint32) (pool size 4, no spawn key).
pub fn seed_sequence_state(seed: &Seed) -> [u32; 8] {
    let words = seed.words();
    let mut multiplier = HASH_INIT_A;
    // numpy's hashmix: its multiplier evolves with every call, in numpy's call order.
    let mut hashmix = |value: u32| {
        let mut value = value ^ multiplier;
        multiplier = multiplier.wrapping_mul(HASH_MULT_A);
        value = value.wrapping_mul(multiplier);
        value ^ (value >> 16)
    };
    let mix = |x: u32, y: u32| {
        let result = MIX_MULT_L.wrapping_mul(x).wrapping_sub(MIX_MULT_R.wrapping_mul(y));
        result ^ (result >> 16)
    };
    let mut pool = [0u32; 4];
    for (i, p) in pool.iter_mut().enumerate() {
        *p = hashmix(words.get(i).copied().unwrap_or(0));
    }
    for src in 0..4 {
        for dst in 0..4 {
            if src != dst {
                let h = hashmix(pool[src]);
                pool[dst] = mix(pool[dst], h);
            }
        }
    }
    for &word in words.iter().skip(4) {
        for dst in 0..4 {
            let h = hashmix(word);
            pool[dst] = mix(pool[dst], h);
        }
    }
    let mut out = [0u32; 8];
    let mut multiplier = HASH_INIT_B;
    for (i, o) in out.iter_mut().enumerate() {
        let mut value = pool[i % 4] ^ multiplier;
        multiplier = multiplier.wrapping_mul(HASH_MULT_B);
        value = value.wrapping_mul(multiplier);
        *o = value ^ (value >> 16);
    }
    out
}

/// numpy.random.Generator over PCG64 (XSL-RR 128/64, with the 32-bit half buffer numpy keeps
/// across calls): the draws gymnasium's spaces make.
#[derive(Debug, Clone)]
pub struct Generator {
    state: u128,
    increment: u128,
    buffered_half: Option<u32>,
}

impl Generator {
    /// Generator(PCG64(SeedSequence(seed))). Panics for a negative seed, as numpy raises.
    pub fn new(seed: &Seed) -> Generator {
        assert!(!seed.is_negative(), "Seed must be greater or equal to zero, actual value: {seed}");
        let w = seed_sequence_state(seed);
        let u64_at = |i: usize| w[2 * i] as u64 | (w[2 * i + 1] as u64) << 32;
        let initial = (u64_at(0) as u128) << 64 | u64_at(1) as u128;
        let sequence = (u64_at(2) as u128) << 64 | u64_at(3) as u128;
        let mut g = Generator { state: 0, increment: (sequence << 1) | 1, buffered_half: None };
        g.step();
        g.state = g.state.wrapping_add(initial);
        g.step();
        g
    }

    /// Seeded from 128 random bits, as np.random.default_rng().
    pub fn from_entropy() -> Generator {
        let mut bytes = [0u8; 16];
        getrandom::getrandom(&mut bytes).expect("gymcc: no entropy");
        Generator::new(&Seed::from(u128::from_le_bytes(bytes)))
    }

    fn step(&mut self) {
        self.state = self.state.wrapping_mul(PCG_MULTIPLIER).wrapping_add(self.increment);
    }

    /// A 64-bit draw: the output of the next state.
    pub fn next_u64(&mut self) -> u64 {
        self.step();
        let high = (self.state >> 64) as u64;
        (high ^ self.state as u64).rotate_right((high >> 58) as u32)
    }

    /// The low half of a fresh 64-bit word, then its high half on the next call.
    pub fn next_u32(&mut self) -> u32 {
        if let Some(half) = self.buffered_half.take() {
            return half;
        }
        let word = self.next_u64();
        self.buffered_half = Some((word >> 32) as u32);
        word as u32
    }

    /// numpy's random(): a double in [0, 1) from 53 bits.
    pub fn random(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// numpy's uniform(low, high): low + (high - low) * random().
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let range = high - low;
        assert!(range.is_finite(), "gymcc: uniform: high - low range exceeds valid bounds");
        low + range * self.random()
    }

    /// numpy's integers(low, high) with the default int64 dtype: [low, high).
    pub fn integers(&mut self, low: i64, high: i64) -> i64 {
        assert!(low < high, "gymcc: integers: low >= high");
        // numpy draws on [0, high - 1 - low] and adds low, in wrapping uint64 arithmetic.
        let range = (high as u64).wrapping_sub(low as u64).wrapping_sub(1);
        (low as u64).wrapping_add(self.bounded(range)) as i64
    }

    fn bounded(&mut self, range: u64) -> u64 {
        match range {
            0 => 0,
            r if r < 0xffff_ffff => self.lemire32(r as u32) as u64,
            0xffff_ffff => self.next_u32() as u64,
            u64::MAX => self.next_u64(),
            r => self.lemire64(r),
        }
    }

    fn lemire32(&mut self, range: u32) -> u32 {
        let outcomes = range as u64 + 1;
        let mut product = self.next_u32() as u64 * outcomes;
        let mut leftover = product as u32;
        if (leftover as u64) < outcomes {
            let threshold = ((0xffff_ffffu64 - range as u64) % outcomes) as u32;
            while leftover < threshold {
                product = self.next_u32() as u64 * outcomes;
                leftover = product as u32;
            }
        }
        (product >> 32) as u32
    }

    fn lemire64(&mut self, range: u64) -> u64 {
        let outcomes = range.wrapping_add(1);
        let mut product = self.next_u64() as u128 * outcomes as u128;
        let mut leftover = product as u64;
        if leftover < outcomes {
            let threshold = (u64::MAX - range) % outcomes;
            while leftover < threshold {
                product = self.next_u64() as u128 * outcomes as u128;
                leftover = product as u64;
            }
        }
        (product >> 64) as u64
    }

    /// numpy's integers(low, high, size=n, dtype=np.int8): the buffered 8-bit path, with a
    /// buffer local to the call.
    pub fn integers_i8(&mut self, low: i8, high: i8, n: usize) -> Vec<i8> {
        if n == 0 {
            return Vec::new();
        }
        assert!(low < high, "gymcc: integers: low >= high");
        let range = (high as i16 - 1 - low as i16) as u8;
        let mut buffer = 0u32;
        let mut bytes_left = 0;
        let mut next_byte = |g: &mut Generator| {
            if bytes_left == 0 {
                buffer = g.next_u32();
                bytes_left = 3;
            } else {
                buffer >>= 8;
                bytes_left -= 1;
            }
            buffer as u8
        };
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let value = match range {
                0 => 0,
                0xff => next_byte(self),
                r => {
                    let outcomes = r as u32 + 1;
                    let mut product = next_byte(self) as u32 * outcomes;
                    let mut leftover = product & 0xff;
                    if leftover < outcomes {
                        let threshold = (0xff - r as u32) % outcomes;
                        while leftover < threshold {
                            product = next_byte(self) as u32 * outcomes;
                            leftover = product & 0xff;
                        }
                    }
                    (product >> 8) as u8
                }
            };
            out.push((low as u8).wrapping_add(value) as i8);
        }
        out
    }

    /// numpy's 256-layer ziggurat standard_normal().
    pub fn standard_normal(&mut self) -> f64 {
        loop {
            let word = self.next_u64();
            let layer = (word & 0xff) as usize;
            let magnitude = (word >> 9) & 0x000f_ffff_ffff_ffff;
            let mut x = magnitude as f64 * NORMAL_LAYER_WIDTHS[layer];
            if (word >> 8) & 1 == 1 {
                x = -x;
            }
            if magnitude < NORMAL_LAYER_THRESHOLDS[layer] {
                return x;
            }
            if layer == 0 {
                // Marsaglia's tail method; numpy takes the sign from magnitude bit 8.
                loop {
                    let xx = -NORMAL_TAIL_START_INVERSE * (-self.random()).ln_1p();
                    let yy = -(-self.random()).ln_1p();
                    if yy + yy > xx * xx {
                        return if (magnitude >> 8) & 1 == 1 { -(NORMAL_TAIL_START + xx) } else { NORMAL_TAIL_START + xx };
                    }
                }
            }
            let (upper, lower) = (NORMAL_LAYER_DENSITIES[layer - 1], NORMAL_LAYER_DENSITIES[layer]);
            if (upper - lower) * self.random() + lower < (-0.5 * x * x).exp() {
                return x;
            }
            // Rejected: numpy starts over with a fresh word.
        }
    }

    /// numpy's ziggurat standard_exponential().
    pub fn standard_exponential(&mut self) -> f64 {
        loop {
            let word = self.next_u64() >> 3;
            let layer = (word & 0xff) as usize;
            let magnitude = word >> 8;
            let x = magnitude as f64 * EXPONENTIAL_LAYER_WIDTHS[layer];
            if magnitude < EXPONENTIAL_LAYER_THRESHOLDS[layer] {
                return x;
            }
            if layer == 0 {
                return EXPONENTIAL_TAIL_START - (-self.random()).ln_1p();
            }
            let (upper, lower) = (EXPONENTIAL_LAYER_DENSITIES[layer - 1], EXPONENTIAL_LAYER_DENSITIES[layer]);
            if (upper - lower) * self.random() + lower < (-x).exp() {
                return x;
            }
        }
    }
}
