package fetch

import "sync"

// flight collapses concurrent lookups of the same key into one.
type flight struct {
	mu    sync.Mutex
	calls map[string]*call
}

type call struct {
	done chan struct{}
	val  any
	resp Response
}

// do runs fn once for all concurrent callers of key and gives each the
// result. If fn panics, waiters get an Unavailable response and the panic
// propagates to the caller that ran fn.
func (f *flight) do(key string, fn func() (any, Response)) (any, Response) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = make(map[string]*call)
	}
	if c, ok := f.calls[key]; ok {
		f.mu.Unlock()
		<-c.done
		return c.val, c.resp
	}
	c := &call{done: make(chan struct{}), resp: unavailable("", ReasonInvalidRequest, 0, 0, errPanicked)}
	f.calls[key] = c
	f.mu.Unlock()

	defer func() {
		f.mu.Lock()
		delete(f.calls, key)
		f.mu.Unlock()
		close(c.done)
	}()
	c.val, c.resp = fn()
	return c.val, c.resp
}
