package httpapi

import (
	"testing"

	"selfserve/shared/domain"
)

// TestDecodeStrictNamesTheMember: a body refused for one member names it
// as the problem's field, wherever the member sits and however the JSON is
// spaced; a body refused as a whole names none.
func TestDecodeStrictNamesTheMember(t *testing.T) {
	type user struct {
		ID    string `json:"id"`
		Email string `json:"email"`
	}
	type body struct {
		Quantity   *int     `json:"quantity"`
		Trial      bool     `json:"trial"`
		EventTypes []string `json:"eventTypes"`
		Users      []user   `json:"users"`
	}
	tests := []struct {
		name, body, want string
	}{
		{"wrong type", `{"quantity":"x"}`, "quantity"},
		{"wrong type, spaced", "{ \"trial\" : true ,\n \"quantity\" :\n \"x\" }", "quantity"},
		{"number too large", `{"quantity":99999999999999999999}`, "quantity"},
		{"object for a number", `{"quantity" : { } }`, "quantity"},
		{"first of two wrong types", `{"trial":1,"quantity":"x"}`, "trial"},
		{"nested wrong type", `{"users":[{"id":"a"},{"id":"b","email":3}]}`, "users.1.email"},
		{"nested array for a string", `{"users": [ {"id": [ ] } ] }`, "users.0.id"},
		{"wrong element type", `{"eventTypes":["a", 7 ]}`, "eventTypes"},
		{"wrong element kind", `{"users":[{}, []]}`, "users"},
		{"object for an array", `{"users":{}}`, "users"},
		{"unknown member", `{"quantity":1,"colour":"red"}`, "colour"},
		{"unknown nested member", `{"users":[{"id":"a"},{"id":"b","role":"x"}]}`, "users.1.role"},
		{"member in another case", `{"Quantity":1}`, "Quantity"},
		{"member twice", `{"quantity":1,"quantity":2}`, "quantity"},
		{"nested member twice", `{"users":[{"id":"a","id":"b"}]}`, "users.0.id"},
		{"null", `{"quantity":null}`, "quantity"},
		{"nested null", `{"users":[{"id":null}]}`, "users.0.id"},
		{"null element", `{"eventTypes":["a",null]}`, "eventTypes"},
		{"malformed", `{"quantity":`, ""},
		{"not an object", `[1]`, ""},
		{"a string", `"x"`, ""},
		{"null body", `null`, ""},
		{"two objects", `{}{}`, ""},
		{"empty", ``, ""},
		{"not UTF-8", "{\"x\":\"\xff\"}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v body
			err := decodeStrict([]byte(tt.body), &v)
			if got, want := domain.ErrorCode(err), domain.CodeInvalidRequest; got != want {
				t.Fatalf("code = %q (%v), want %q", got, err, want)
			}
			if got, want := domain.FieldOf(err), tt.want; got != want {
				t.Errorf("field = %q (%v), want %q", got, err, want)
			}
		})
	}
}
