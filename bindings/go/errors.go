package gymcc

import (
	"errors"
	"fmt"
)

// Error is an error the server answered: the HTTP status, the API's code and its detail
// (docs/api.md), the same over REST and a WebSocket session. Test for one with errors.As:
//
//	var e *gymcc.Error
//	if errors.As(err, &e) && e.Code == "reset_needed" { ... }
type Error struct {
	Status int    // 400, 404, 422, 503, ...
	Code   string // invalid_action, reset_needed, unknown_env, ...
	Detail string // the server's message, e.g. gymnasium's "Environment `Foo` doesn't exist."
}

func (e *Error) Error() string {
	return fmt.Sprintf("gymcc: %s (HTTP %d, %s)", e.Detail, e.Status, e.Code)
}

// Is makes errors.Is(err, ErrInvalidState) (and the other code sentinels) hold for an
// *Error of that code.
func (e *Error) Is(target error) bool {
	code, ok := target.(*codeError)
	return ok && code.code == e.Code
}

// codeError is a sentinel that stands for one of the API's error codes.
type codeError struct{ code, text string }

func (e *codeError) Error() string { return e.text }

// Sentinels for the API's error codes, matched by errors.Is against the *Error the server
// answered (its Status, Code and Detail stay available through errors.As):
//
//	if errors.Is(err, gymcc.ErrInvalidState) { ... }
var (
	// ErrInvalidState: a malformed, foreign (another env id, kwargs or time limit) or
	// tampered state given to SetState or MakeFromState (HTTP 400, code invalid_state).
	ErrInvalidState error = &codeError{"invalid_state", "gymcc: invalid state"}
	// ErrInstanceNotFound: no instance of that id, e.g. one deleted or expired (HTTP 404,
	// code instance_not_found).
	ErrInstanceNotFound error = &codeError{"instance_not_found", "gymcc: instance not found"}
	// ErrSubEnvNotFound: a vector env's sub-env index out of range (HTTP 404, code
	// sub_env_not_found).
	ErrSubEnvNotFound error = &codeError{"sub_env_not_found", "gymcc: sub-env not found"}
)

// ErrClosed is returned by calls on a closed env, vector env or session.
var ErrClosed = errors.New("gymcc: closed")

// serverError is the error for an error body {"detail", "code"} (REST) or
// {"status", "code", "detail"} (WebSocket).
func serverError(status int, body any, fallback string) *Error {
	e := &Error{Status: status, Code: "unknown", Detail: fallback}
	if fields, ok := body.(map[string]any); ok {
		if code, ok := fields["code"].(string); ok {
			e.Code = code
		}
		if detail, ok := fields["detail"].(string); ok {
			e.Detail = detail
		} else if message, ok := fields["message"].(string); ok {
			e.Detail = message
		}
		if status == 0 {
			if s, err := toInt64(fields["status"]); err == nil {
				e.Status = int(s)
			}
		}
	}
	return e
}
