package main

import "context"

// functionKey is the context key of the template function an invocation
// runs as.
type functionKey struct{}

// functionName is the template function (its logical id) whose invocation
// ctx belongs to, "" outside any: what a deployed function knows from its
// environment (AWS_LAMBDA_FUNCTION_NAME), here per invocation since one
// process runs them all.
func functionName(ctx context.Context) string {
	name, _ := ctx.Value(functionKey{}).(string)
	return name
}

// asFunction is h invoked as the template function name: its context
// carries the name (functionName) and onInvoke, if set, hears of each
// invocation first.
func asFunction[E, R any](name string, onInvoke func(string), h func(context.Context, E) (R, error)) func(context.Context, E) (R, error) {
	return func(ctx context.Context, ev E) (R, error) {
		if onInvoke != nil {
			onInvoke(name)
		}
		return h(context.WithValue(ctx, functionKey{}, name), ev)
	}
}
