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
