package gymcc

// A WebSocket session with a gymcc server (docs/fast-paths.md): one socket, binary MessagePack
// messages, replies in request order. Requests from any number of goroutines (or StepAsync
// calls) are in flight at once and the socket carries them without a round trip each.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Session is one WebSocket to the server; the Envs and VectorEnvs it makes share it. A
// Session is safe for concurrent use. The server closes a session's instances with it.
type Session struct {
	URL     string
	conn    *websocket.Conn
	timeout time.Duration

	// writeMu orders the sends (a request's place in the queue is its place on the wire);
	// queueMu guards the queue and the state. Two locks, so that a send blocked by the
	// server's backpressure never stops the reader that relieves it.
	writeMu sync.Mutex
	queueMu sync.Mutex
	queue   []*pendingCall
	closed  bool
	lost    error
}

type pendingCall struct {
	done  chan struct{}
	reply map[string]any
	text  []byte // a JSON (text) reply as it came
	err   error
}

// webSocketURL is the server's /v1/ws for a base URL (http(s):// or ws(s)://).
func webSocketURL(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("gymcc: expected a URL like http://127.0.0.1:5000, got %q", baseURL)
	}
	switch u.Scheme {
	case "http", "ws":
		u.Scheme = "ws"
	case "https", "wss":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("gymcc: expected an http(s):// or ws(s):// URL, got %q", baseURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	if !strings.HasSuffix(u.Path, "/v1/ws") {
		u.Path += "/v1/ws"
	}
	return u.String(), nil
}

// maxReply bounds one reply (a large vector env's observations).
const maxReply = 1 << 30

func dialSession(ctx context.Context, baseURL string, client *http.Client, apiKey string, timeout time.Duration) (*Session, error) {
	wsURL, err := webSocketURL(baseURL)
	if err != nil {
		return nil, err
	}
	header := http.Header{}
	if apiKey != "" {
		header.Set("Authorization", "Bearer "+apiKey)
	}
	dialCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, _, err := websocket.Dial(dialCtx, wsURL, &websocket.DialOptions{
		HTTPClient:      client,
		HTTPHeader:      header,
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		return nil, &ConnectionError{Op: "open " + wsURL, Err: err}
	}
	conn.SetReadLimit(maxReply)
	s := &Session{URL: wsURL, conn: conn, timeout: timeout}
	go s.read()
	return s, nil
}

func (s *Session) read() {
	for {
		kind, data, err := s.conn.Read(context.Background())
		if err != nil {
			s.lose(fmt.Errorf("the connection ended: %w", err))
			return
		}
		var decoded any
		var text []byte
		if kind == websocket.MessageBinary {
			decoded, err = decodeMsgpack(data)
		} else {
			decoded, err = DecodeJSON(data)
			text = data
		}
		s.queueMu.Lock()
		if len(s.queue) == 0 {
			s.queueMu.Unlock()
			s.lose(errors.New("a reply to no request"))
			return
		}
		p := s.queue[0]
		s.queue = s.queue[1:]
		s.queueMu.Unlock()
		reply, isMap := decoded.(map[string]any)
		switch {
		case err != nil:
			p.err = &ConnectionError{Op: s.URL, Err: fmt.Errorf("unreadable reply: %w", err)}
		case !isMap:
			p.err = &ConnectionError{Op: s.URL, Err: fmt.Errorf("a reply that is not a map: %v", decoded)}
		case reply["error"] != nil:
			p.err = serverError(0, reply["error"], fmt.Sprint(reply["error"]))
		default:
			p.reply, p.text = reply, text
		}
		close(p.done)
	}
}

// lose ends the session after a connection failure: every waiting call gets the error.
func (s *Session) lose(err error) {
	s.queueMu.Lock()
	if !s.closed {
		s.closed = true
		s.lost = err
	}
	waiting := s.queue
	s.queue = nil
	s.queueMu.Unlock()
	for _, p := range waiting {
		p.err = &ConnectionError{Op: s.URL, Err: err}
		close(p.done)
	}
	_ = s.conn.CloseNow()
}

func (s *Session) closedError() error {
	if s.lost != nil {
		return &ConnectionError{Op: s.URL, Err: s.lost}
	}
	return ErrClosed
}

// send queues one request and writes it; the reply arrives on the returned call.
func (s *Session) send(ctx context.Context, op string, fields map[string]any) (*pendingCall, error) {
	message := make(map[string]any, len(fields)+1)
	for k, v := range fields {
		message[k] = v
	}
	message["op"] = op
	kind := websocket.MessageBinary
	var data []byte
	var err error
	if op != "get_state" && fitsMsgpack(message) {
		data, err = encodeMsgpack(message)
	} else {
		// MessagePack has no integers beyond 64 bits: such a request (a huge seed) goes as JSON.
		// So do snapshots: get_state asks in JSON to have the state as the server's JSON text,
		// which a request carrying a state (a json.RawMessage) sends back unchanged.
		kind = websocket.MessageText
		data, err = encodeJSON(message)
	}
	if err != nil {
		return nil, fmt.Errorf("gymcc: cannot send %s: %w", op, err)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.queueMu.Lock()
	if s.closed {
		s.queueMu.Unlock()
		return nil, s.closedError()
	}
	p := &pendingCall{done: make(chan struct{})}
	s.queue = append(s.queue, p)
	s.queueMu.Unlock()
	writeCtx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := s.conn.Write(writeCtx, kind, data); err != nil {
		s.lose(fmt.Errorf("cannot send: %w", err))
		return nil, &ConnectionError{Op: s.URL, Err: err}
	}
	return p, nil
}

// wait is the reply to a sent request. A context that ends first returns its error; the
// reply, when it comes, is read and dropped, so the session stays usable.
func (s *Session) wait(ctx context.Context, p *pendingCall) (map[string]any, error) {
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	select {
	case <-p.done:
		return p.reply, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, fmt.Errorf("gymcc: %s: no reply within %v: %w", s.URL, s.timeout, context.DeadlineExceeded)
	}
}

func (s *Session) call(ctx context.Context, op string, fields map[string]any, _ bool) (map[string]any, error) {
	p, err := s.send(ctx, op, fields)
	if err != nil {
		return nil, err
	}
	reply, err := s.wait(ctx, p)
	if err != nil || op != "get_state" {
		return reply, err
	}
	return stateReply(p.text)
}

// Make creates an env on the session (see Client.Make).
func (s *Session) Make(ctx context.Context, envID string, options *MakeOptions) (*Env, error) {
	return makeEnv(ctx, s, envID, options)
}

// MakeVec creates a vector env on the session (see Client.MakeVec).
func (s *Session) MakeVec(ctx context.Context, envID string, numEnvs int, options *MakeVecOptions) (*VectorEnv, error) {
	return makeVectorEnv(ctx, s, envID, numEnvs, options)
}

// MakeFromState makes an env on the session from a state (see Client.MakeFromState).
func (s *Session) MakeFromState(ctx context.Context, state json.RawMessage) (*Env, error) {
	return makeEnvFromState(ctx, s, state)
}

// MakeVecFromState makes a vector env on the session from a state (see Client.MakeVecFromState).
func (s *Session) MakeVecFromState(ctx context.Context, state json.RawMessage) (*VectorEnv, error) {
	return makeVectorEnvFromState(ctx, s, state)
}

// Close closes the socket: waiting calls fail with ErrClosed, and the server closes the
// session's instances. Closing twice is fine.
func (s *Session) Close() error {
	s.queueMu.Lock()
	if s.closed {
		s.queueMu.Unlock()
		return nil
	}
	s.closed = true
	waiting := s.queue
	s.queue = nil
	s.queueMu.Unlock()
	for _, p := range waiting {
		p.err = ErrClosed
		close(p.done)
	}
	return s.conn.Close(websocket.StatusNormalClosure, "")
}
