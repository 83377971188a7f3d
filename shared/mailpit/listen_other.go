//go:build !linux

package mailpit

// listens cannot tell which process listens on a port here: it trusts
// that the one answering is the one started.
func listens(pid int, ports ...int) bool { return true }
