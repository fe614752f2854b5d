package gymcc

// What goes on the wire: JSON whose numbers keep Python's int/float distinction (integers
// decode to int64 — *big.Int beyond — and floats to float64, exactly), and MessagePack with the
// ndarray extension, decoded without any process-wide registration.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// DecodeJSON parses JSON text as the client decodes the server's answers: integers as int64
// (*big.Int beyond), floats as float64 (correctly rounded), objects as map[string]any, arrays
// as []any — Python's int/float distinction kept, no precision lost.
func DecodeJSON(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("gymcc: trailing data after a JSON value")
	}
	return fromJSONNumbers(v)
}

func fromJSONNumbers(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		return parseNumber(string(x))
	case []any:
		for i := range x {
			e, err := fromJSONNumbers(x[i])
			if err != nil {
				return nil, err
			}
			x[i] = e
		}
	case map[string]any:
		for k, e := range x {
			c, err := fromJSONNumbers(e)
			if err != nil {
				return nil, err
			}
			x[k] = c
		}
	}
	return v, nil
}

// parseNumber reads a JSON number literal: an int64, a *big.Int, or a float64 (correctly rounded).
func parseNumber(text string) (any, error) {
	if !strings.ContainsAny(text, ".eE") {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, nil
		}
		if n, ok := new(big.Int).SetString(text, 10); ok {
			return n, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return nil, fmt.Errorf("gymcc: bad JSON number %q", text)
	}
	return f, nil
}

// encodeJSON writes a request body: *big.Int as integers, Arrays as nested lists.
func encodeJSON(v any) ([]byte, error) {
	return json.Marshal(v)
}

// decodeMsgpack reads a MessagePack value: maps with string keys as map[string]any, arrays as
// []any, the ndarray extension as *Array, ints as int64 (uint64 above its range), floats as
// float64, bin as []byte.
func decodeMsgpack(data []byte) (any, error) {
	d := msgpack.NewDecoder(bytes.NewReader(data))
	v, err := decodeMsgpackValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.PeekCode(); err != io.EOF {
		return nil, fmt.Errorf("gymcc: trailing data after a MessagePack value")
	}
	return v, nil
}

func decodeMsgpackValue(d *msgpack.Decoder) (any, error) {
	c, err := d.PeekCode()
	if err != nil {
		return nil, err
	}
	switch {
	case msgpcode.IsFixedMap(c) || c == msgpcode.Map16 || c == msgpcode.Map32:
		n, err := d.DecodeMapLen()
		if err != nil {
			return nil, err
		}
		m := make(map[string]any, n)
		for i := 0; i < n; i++ {
			key, err := d.DecodeString()
			if err != nil {
				return nil, err
			}
			if m[key], err = decodeMsgpackValue(d); err != nil {
				return nil, err
			}
		}
		return m, nil
	case msgpcode.IsFixedArray(c) || c == msgpcode.Array16 || c == msgpcode.Array32:
		n, err := d.DecodeArrayLen()
		if err != nil {
			return nil, err
		}
		list := make([]any, n)
		for i := range list {
			if list[i], err = decodeMsgpackValue(d); err != nil {
				return nil, err
			}
		}
		return list, nil
	case msgpcode.IsFixedExt(c) || msgpcode.IsExt(c):
		id, length, err := d.DecodeExtHeader()
		if err != nil {
			return nil, err
		}
		payload := make([]byte, length)
		if err := d.ReadFull(payload); err != nil {
			return nil, err
		}
		if id != ndarrayExt {
			return nil, fmt.Errorf("gymcc: unknown MessagePack extension type %d", id)
		}
		return decodeNDArray(payload)
	case msgpcode.IsBin(c):
		return d.DecodeBytes()
	}
	v, err := d.DecodeInterfaceLoose()
	if u, ok := v.(uint64); ok && u <= math.MaxInt64 {
		return int64(u), err
	}
	return v, err
}

// fitsMsgpack tells whether MessagePack can carry v (it has no integers beyond 64 bits, and
// JSON text is sent as such).
func fitsMsgpack(v any) bool {
	switch x := v.(type) {
	case json.RawMessage:
		return false // JSON text (a snapshot) goes as JSON
	case *big.Int:
		return x.IsInt64() || x.IsUint64()
	case []any:
		for _, e := range x {
			if !fitsMsgpack(e) {
				return false
			}
		}
	case []*big.Int:
		for _, e := range x {
			if e != nil && !fitsMsgpack(e) {
				return false
			}
		}
	case map[string]any:
		for _, e := range x {
			if !fitsMsgpack(e) {
				return false
			}
		}
	}
	return true
}

// msgpackable replaces the *big.Ints of a value that fits MessagePack by int64/uint64.
func msgpackable(v any) any {
	switch x := v.(type) {
	case *big.Int:
		if x == nil {
			return nil
		}
		if x.IsInt64() {
			return x.Int64()
		}
		return x.Uint64()
	case []*big.Int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = msgpackable(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = msgpackable(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = msgpackable(e)
		}
		return out
	case json.Number:
		n, err := parseNumber(string(x))
		if err != nil {
			return x
		}
		return msgpackable(n)
	}
	return v
}

// encodeMsgpack writes a message; Arrays as the ndarray extension (Array.EncodeMsgpack).
func encodeMsgpack(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	enc.UseCompactFloats(false)
	if err := enc.Encode(msgpackable(v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// toFloat64 reads a number given as any Go numeric type, json.Number, *big.Int, or the API's
// strings for non-finite floats.
func toFloat64(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int8:
		return float64(x), nil
	case int16:
		return float64(x), nil
	case int32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case uint:
		return float64(x), nil
	case uint8:
		return float64(x), nil
	case uint16:
		return float64(x), nil
	case uint32:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case *big.Int:
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, nil
	case json.Number:
		n, err := parseNumber(string(x))
		if err != nil {
			return 0, err
		}
		return toFloat64(n)
	case string:
		switch x {
		case "Infinity":
			return math.Inf(1), nil
		case "-Infinity":
			return math.Inf(-1), nil
		case "NaN":
			return math.NaN(), nil
		}
	}
	return 0, fmt.Errorf("gymcc: expected a number, got %v (%T)", v, v)
}

func toInt64(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), nil
		}
	case *big.Int:
		if x.IsInt64() {
			return x.Int64(), nil
		}
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return n, nil
		}
	}
	f, err := toFloat64(v)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
		return 0, fmt.Errorf("gymcc: %v is not an int64", v)
	}
	return int64(f), nil
}

func toUint64(v any) (uint64, error) {
	switch x := v.(type) {
	case uint64:
		return x, nil
	case *big.Int:
		if x.IsUint64() {
			return x.Uint64(), nil
		}
	case json.Number:
		if n, err := strconv.ParseUint(string(x), 10, 64); err == nil {
			return n, nil
		}
	}
	n, err := toInt64(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("gymcc: %v is not a uint64", v)
	}
	return uint64(n), nil
}
