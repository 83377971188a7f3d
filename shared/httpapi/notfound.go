package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"selfserve/shared/domain"
)

// DefaultRoute is the function of the HTTP API's $default route: API
// Gateway sends it every request that matches no route of the table —
// an unknown path, or a known path with another method (HEAD included).
// In template.yaml its HttpApi event has neither Path nor Method, SAM's
// syntax for $default; the local gateway sends it the same requests.
var DefaultRoute = Route{Name: "NotFound", handle: notFound}

// DefaultRouteKey is the route key of the $default route in its events.
const DefaultRouteKey = "$default"

// notFound answers 405 with Allow when the path is a route's under other
// methods, 404 otherwise (also for a route's own method: a path the
// gateway doesn't route as sent, such as one with "..", is no route's);
// both problem+json.
func notFound(_ *API, w http.ResponseWriter, r *http.Request, _ domain.Principal) error {
	if allow := AllowedMethods(r.URL.EscapedPath()); len(allow) > 0 && !slices.Contains(allow, r.Method) {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return domain.Errorf(domain.CodeMethodNotAllowed, "this path takes %s, not %s", strings.Join(allow, ", "), r.Method)
	}
	return domain.Errorf(domain.CodeNotFound, "no route matches this path (see docs/openapi.yaml)")
}

// AllowedMethods are the methods of the routes whose path matches path
// (as sent, escaped), sorted; none when no route has this path. A path
// parameter matches one non-empty segment, as in API Gateway.
func AllowedMethods(path string) []string {
	segs := strings.Split(path, "/")
	var out []string
	for _, rt := range Routes {
		if matchPath(strings.Split(rt.Path, "/"), segs) && !slices.Contains(out, rt.Method) {
			out = append(out, rt.Method)
		}
	}
	slices.Sort(out)
	return out
}

func matchPath(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if segs[i] == "" {
				return false
			}
		} else if p != segs[i] {
			return false
		}
	}
	return true
}
