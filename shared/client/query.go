package client

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// encodeQuery encodes a *…Params struct by its `url:"name[,omitempty]"`
// tags: strings, ints, *bool, []string (the parameter repeated) and
// time.Time (RFC 3339). A nil pointer encodes nothing.
func encodeQuery(params any) (url.Values, error) {
	v := reflect.ValueOf(params)
	if !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		return nil, nil
	}
	v = reflect.Indirect(v)
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("query parameters: want a struct, got %s", v.Type())
	}
	q := url.Values{}
	for i := range v.NumField() {
		name, omitempty := urlTag(v.Type().Field(i))
		f := v.Field(i)
		var vals []string
		switch x := f.Interface().(type) {
		case string:
			vals = []string{x}
		case int:
			vals = []string{strconv.Itoa(x)}
		case *bool:
			if x != nil {
				vals = []string{strconv.FormatBool(*x)}
			}
		case []string:
			vals = x
		case time.Time:
			vals = []string{x.UTC().Format(time.RFC3339Nano)}
		default:
			return nil, fmt.Errorf("query parameter %s: unsupported type %s", name, f.Type())
		}
		if omitempty && f.IsZero() {
			continue
		}
		q[name] = append(q[name], vals...)
	}
	return q, nil
}

// urlTag is a field's query parameter name and whether it is omitted when
// zero.
func urlTag(f reflect.StructField) (name string, omitempty bool) {
	name, opts, _ := strings.Cut(f.Tag.Get("url"), ",")
	return name, opts == "omitempty"
}
