package gymcc

// The MessagePack "ndarray" extension (docs/fast-paths.md): type 1, a dtype code, the
// dimensions as little-endian uint32s, then the elements in C order, little-endian.

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/vmihailenco/msgpack/v5"
)

// The ndarray extension's dtype codes and item sizes (docs/fast-paths.md).
var dtypeCodes = map[DType]byte{
	Bool: 0, Int8: 1, Uint8: 2, Int16: 3, Uint16: 4, Int32: 5, Uint32: 6, Int64: 7, Uint64: 8, Float32: 10, Float64: 11,
}

var dtypeOfCode = func() map[byte]DType {
	m := map[byte]DType{}
	for d, c := range dtypeCodes {
		m[c] = d
	}
	return m
}()

// EncodeMsgpack writes the array as the ndarray extension (type 1).
func (a *Array) EncodeMsgpack(enc *msgpack.Encoder) error {
	payload, err := a.ndarrayPayload()
	if err != nil {
		return err
	}
	if err := enc.EncodeExtHeader(ndarrayExt, len(payload)); err != nil {
		return err
	}
	_, err = enc.Writer().Write(payload)
	return err
}

const ndarrayExt = 1

func (a *Array) ndarrayPayload() ([]byte, error) {
	code, ok := dtypeCodes[a.DType]
	if !ok {
		return nil, fmt.Errorf("gymcc: no ndarray code for dtype %q", a.DType)
	}
	n := a.Len()
	header := 2 + 4*len(a.Shape)
	out := make([]byte, header+n*a.DType.Itemsize())
	out[0] = code
	out[1] = byte(len(a.Shape))
	for i, d := range a.Shape {
		binary.LittleEndian.PutUint32(out[2+4*i:], uint32(d))
	}
	body := out[header:]
	le := binary.LittleEndian
	switch d := a.Data.(type) {
	case []bool:
		for i, v := range d {
			if v {
				body[i] = 1
			}
		}
	case []int8:
		for i, v := range d {
			body[i] = byte(v)
		}
	case []uint8:
		copy(body, d)
	case []int16:
		for i, v := range d {
			le.PutUint16(body[2*i:], uint16(v))
		}
	case []uint16:
		for i, v := range d {
			le.PutUint16(body[2*i:], v)
		}
	case []int32:
		for i, v := range d {
			le.PutUint32(body[4*i:], uint32(v))
		}
	case []uint32:
		for i, v := range d {
			le.PutUint32(body[4*i:], v)
		}
	case []int64:
		for i, v := range d {
			le.PutUint64(body[8*i:], uint64(v))
		}
	case []uint64:
		for i, v := range d {
			le.PutUint64(body[8*i:], v)
		}
	case []float32:
		for i, v := range d {
			le.PutUint32(body[4*i:], math.Float32bits(v))
		}
	case []float64:
		for i, v := range d {
			le.PutUint64(body[8*i:], math.Float64bits(v))
		}
	default:
		return nil, fmt.Errorf("gymcc: an Array with data of type %T", a.Data)
	}
	if len(body) != n*a.DType.Itemsize() || lenOfData(a.Data) != n {
		return nil, fmt.Errorf("gymcc: %s holds %d elements", a, lenOfData(a.Data))
	}
	return out, nil
}

func lenOfData(data any) int {
	switch d := data.(type) {
	case []bool:
		return len(d)
	case []int8:
		return len(d)
	case []uint8:
		return len(d)
	case []int16:
		return len(d)
	case []uint16:
		return len(d)
	case []int32:
		return len(d)
	case []uint32:
		return len(d)
	case []int64:
		return len(d)
	case []uint64:
		return len(d)
	case []float32:
		return len(d)
	case []float64:
		return len(d)
	}
	return -1
}

// decodeNDArray is the array an ndarray extension payload holds.
func decodeNDArray(payload []byte) (*Array, error) {
	if len(payload) < 2 {
		return nil, fmt.Errorf("gymcc: an ndarray payload of %d bytes", len(payload))
	}
	dtype, ok := dtypeOfCode[payload[0]]
	if !ok {
		return nil, fmt.Errorf("gymcc: unknown ndarray dtype code %d", payload[0])
	}
	ndim := int(payload[1])
	header := 2 + 4*ndim
	if len(payload) < header {
		return nil, fmt.Errorf("gymcc: a truncated ndarray header")
	}
	shape := make([]int, ndim)
	for i := range shape {
		shape[i] = int(binary.LittleEndian.Uint32(payload[2+4*i:]))
	}
	a := NewArray(dtype, shape)
	body := payload[header:]
	if len(body) != a.Len()*dtype.Itemsize() {
		return nil, fmt.Errorf("gymcc: an ndarray %v %s needs %d bytes, got %d", shape, dtype, a.Len()*dtype.Itemsize(), len(body))
	}
	le := binary.LittleEndian
	switch d := a.Data.(type) {
	case []bool:
		for i := range d {
			d[i] = body[i] != 0
		}
	case []int8:
		for i := range d {
			d[i] = int8(body[i])
		}
	case []uint8:
		copy(d, body)
	case []int16:
		for i := range d {
			d[i] = int16(le.Uint16(body[2*i:]))
		}
	case []uint16:
		for i := range d {
			d[i] = le.Uint16(body[2*i:])
		}
	case []int32:
		for i := range d {
			d[i] = int32(le.Uint32(body[4*i:]))
		}
	case []uint32:
		for i := range d {
			d[i] = le.Uint32(body[4*i:])
		}
	case []int64:
		for i := range d {
			d[i] = int64(le.Uint64(body[8*i:]))
		}
	case []uint64:
		for i := range d {
			d[i] = le.Uint64(body[8*i:])
		}
	case []float32:
		for i := range d {
			d[i] = math.Float32frombits(le.Uint32(body[4*i:]))
		}
	case []float64:
		for i := range d {
			d[i] = math.Float64frombits(le.Uint64(body[8*i:]))
		}
	}
	return a, nil
}
