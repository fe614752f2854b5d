package gymcc

// The two ways to reach a server behind one interface: REST with JSON bodies (restTransport,
// net/http with keep-alive) and a WebSocket session with MessagePack messages (session.go).
// Both speak in the WebSocket protocol's terms — an op and the REST body's fields
// (docs/fast-paths.md) — so that Env and VectorEnv need not know which.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

type transport interface {
	// call does one operation: make, make_vec, reset, step, spaces, close, get_state,
	// set_state or clone. get_state's reply is {"state": json.RawMessage}: the server's text.
	call(ctx context.Context, op string, fields map[string]any, vector bool) (map[string]any, error)
}

// ConnectionError is returned when the server cannot be reached or the connection broke
// before an answer; it wraps the underlying error.
type ConnectionError struct {
	Op  string
	Err error
}

func (e *ConnectionError) Error() string { return fmt.Sprintf("gymcc: %s: %v", e.Op, e.Err) }
func (e *ConnectionError) Unwrap() error { return e.Err }

type restTransport struct {
	base   string
	http   *http.Client
	header http.Header
}

func newRESTTransport(baseURL string, client *http.Client, apiKey string) (*restTransport, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("gymcc: the base URL must be like http://127.0.0.1:5000, got %q", baseURL)
	}
	header := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}
	if apiKey != "" {
		header.Set("Authorization", "Bearer "+apiKey)
	}
	return &restTransport{base: strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), http: client, header: header}, nil
}

// request sends one request and decodes the JSON answer; an error status is an *Error.
func (t *restTransport) request(ctx context.Context, method, path string, body any) (any, error) {
	data, status, err := t.requestBytes(ctx, method, path, body)
	if err != nil || len(data) == 0 {
		return nil, err
	}
	decoded, err := DecodeJSON(data)
	if err != nil {
		return nil, &Error{Status: status, Code: "invalid_reply", Detail: fmt.Sprintf("not JSON: %.200s", data)}
	}
	return decoded, nil
}

// requestBytes sends one request and returns the answer's text and status; an error status
// is an *Error.
func (t *restTransport) requestBytes(ctx context.Context, method, path string, body any) ([]byte, int, error) {
	var reader io.Reader
	if body != nil {
		data, err := encodeJSON(body)
		if err != nil {
			return nil, 0, fmt.Errorf("gymcc: cannot send %v as JSON: %w", body, err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, t.base+path, reader)
	if err != nil {
		return nil, 0, err
	}
	req.Header = t.header.Clone()
	resp, err := t.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		var netErr net.Error
		if errors.As(err, &netErr) && netErr.Timeout() {
			return nil, 0, fmt.Errorf("gymcc: %s %s%s: no answer within the timeout: %w", method, t.base, path, context.DeadlineExceeded)
		}
		return nil, 0, &ConnectionError{Op: method + " " + t.base + path, Err: err}
	}
	defer resp.Body.Close()
	// Read to the end, so that the connection goes back to the pool.
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, 0, &ConnectionError{Op: method + " " + t.base + path, Err: err}
	}
	if resp.StatusCode >= 400 {
		var decoded any
		if len(data) > 0 {
			decoded, _ = DecodeJSON(data)
		}
		fallback := strings.TrimSpace(string(data))
		if fallback == "" {
			fallback = resp.Status
		}
		return nil, 0, serverError(resp.StatusCode, decoded, fallback)
	}
	return data, resp.StatusCode, nil
}

func (t *restTransport) object(ctx context.Context, method, path string, body any) (map[string]any, error) {
	v, err := t.request(ctx, method, path, body)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &Error{Status: 200, Code: "invalid_reply", Detail: fmt.Sprintf("%s %s: not an object: %v", method, path, v)}
	}
	return m, nil
}

func (t *restTransport) call(ctx context.Context, op string, fields map[string]any, vector bool) (map[string]any, error) {
	base := "/v1/envs/"
	if vector {
		base = "/v1/vector_envs/"
	}
	body := make(map[string]any, len(fields))
	for k, v := range fields {
		if k != "instance_id" {
			body[k] = v
		}
	}
	path := fmt.Sprintf("%s%v/", base, fields["instance_id"])
	switch op {
	case "make":
		return t.object(ctx, "POST", "/v1/envs/", body)
	case "make_vec":
		return t.object(ctx, "POST", "/v1/vector_envs/", body)
	case "reset":
		return t.object(ctx, "POST", path+"reset/", body)
	case "step":
		return t.object(ctx, "POST", path+"step/", body)
	case "close":
		return t.object(ctx, "DELETE", path, nil)
	case "get_state":
		if index, ok := fields["index"]; ok {
			path = fmt.Sprintf("%senvs/%v/", path, index)
		}
		data, _, err := t.requestBytes(ctx, "GET", path+"state/", nil)
		if err != nil {
			return nil, err
		}
		return stateReply(data)
	case "set_state":
		if index, ok := fields["index"]; ok {
			path = fmt.Sprintf("%senvs/%v/", path, index)
			delete(body, "index")
		}
		return t.object(ctx, "PUT", path+"state/", body)
	case "clone":
		return t.object(ctx, "POST", path+"clone/", body)
	case "spaces":
		names := []string{"action_space", "observation_space"}
		if vector {
			names = append(names, "single_action_space", "single_observation_space")
		}
		out := map[string]any{}
		for _, name := range names {
			space, err := t.object(ctx, "GET", path+name+"/", nil)
			if err != nil {
				return nil, err
			}
			out[name] = space
		}
		return out, nil
	}
	return nil, fmt.Errorf("gymcc: unknown op %q", op)
}

// stateReply is a get_state answer, {"state": ...}, with the state kept as the server's JSON
// text (json.RawMessage), exactly as written (decoding and re-encoding it would turn 1.0 into 1).
func stateReply(data []byte) (map[string]any, error) {
	var reply struct {
		State json.RawMessage `json:"state"`
	}
	if err := json.Unmarshal(data, &reply); err != nil || len(reply.State) == 0 || reply.State[0] != '{' {
		return nil, &Error{Status: 200, Code: "invalid_reply", Detail: fmt.Sprintf("no state in %.200s", data)}
	}
	return map[string]any{"state": reply.State}, nil
}
