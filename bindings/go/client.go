package gymcc

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"time"
)

// DefaultTimeout bounds every answer unless WithTimeout says otherwise.
const DefaultTimeout = 30 * time.Second

// Client is a gymcc server (or, for single envs, any server of the gymnasium-http-api
// dialect). It holds its own keep-alive connection pool and no global state; it is safe for
// concurrent use.
type Client struct {
	baseURL string
	apiKey  string
	timeout time.Duration
	http    *http.Client
	rest    *restTransport
}

// Option configures a Client.
type Option func(*Client)

// WithAPIKey sends "Authorization: Bearer <key>" on every request (default: $GYMCC_API_KEY).
func WithAPIKey(key string) Option { return func(c *Client) { c.apiKey = key } }

// WithTimeout bounds every answer (default DefaultTimeout); a context's deadline also
// applies. A call that times out returns an error for which
// errors.Is(err, context.DeadlineExceeded) holds, over REST and on a session alike.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithHTTPClient replaces the client's own *http.Client (its Timeout then applies to REST calls).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// NewClient returns a client of the server at baseURL, e.g. "http://127.0.0.1:5000".
func NewClient(baseURL string, options ...Option) (*Client, error) {
	c := &Client{baseURL: baseURL, apiKey: os.Getenv("GYMCC_API_KEY"), timeout: DefaultTimeout}
	for _, option := range options {
		option(c)
	}
	if c.http == nil {
		pool := http.DefaultTransport.(*http.Transport).Clone()
		pool.MaxIdleConnsPerHost = 64
		c.http = &http.Client{Transport: pool, Timeout: c.timeout}
	}
	rest, err := newRESTTransport(baseURL, c.http, c.apiKey)
	if err != nil {
		return nil, err
	}
	c.rest = rest
	return c, nil
}

// Make is gymnasium.make over REST: Make(ctx, "CartPole-v1", &MakeOptions{Kwargs: ...}).
// options may be nil.
func (c *Client) Make(ctx context.Context, envID string, options *MakeOptions) (*Env, error) {
	return makeEnv(ctx, c.rest, envID, options)
}

// MakeVec is gymnasium.make_vec(id, numEnvs, vectorization_mode="sync") over REST.
func (c *Client) MakeVec(ctx context.Context, envID string, numEnvs int, options *MakeVecOptions) (*VectorEnv, error) {
	return makeVectorEnv(ctx, c.rest, envID, numEnvs, options)
}

// MakeFromState makes a new env over REST from a state (Env.GetState's, taken on this server
// or on another of the same version: how an instance moves between replicas). It is admitted
// like Make; a state the server refuses is an error for which errors.Is(err, ErrInvalidState).
func (c *Client) MakeFromState(ctx context.Context, state json.RawMessage) (*Env, error) {
	return makeEnvFromState(ctx, c.rest, state)
}

// MakeVecFromState makes a new vector env over REST from a VectorEnv.GetState state; its
// EnvID, NumEnvs and AutoresetMode are the state's.
func (c *Client) MakeVecFromState(ctx context.Context, state json.RawMessage) (*VectorEnv, error) {
	return makeVectorEnvFromState(ctx, c.rest, state)
}

// Session opens a WebSocket session (MessagePack), whose calls are pipelined.
func (c *Client) Session(ctx context.Context) (*Session, error) {
	return dialSession(ctx, c.baseURL, c.http, c.apiKey, c.timeout)
}

// ListEnvs is GET /v1/envs/: instance id → env id.
func (c *Client) ListEnvs(ctx context.Context) (map[string]string, error) {
	m, err := c.rest.object(ctx, "GET", "/v1/envs/", nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k], _ = v.(string)
	}
	return out, nil
}

// Specs is GET /v1/specs/: every registered env's spec, kwargs and spaces.
func (c *Client) Specs(ctx context.Context) ([]any, error) {
	v, err := c.rest.request(ctx, "GET", "/v1/specs/", nil)
	if err != nil {
		return nil, err
	}
	list, _ := v.([]any)
	return list, nil
}
