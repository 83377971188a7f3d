package dynamo

import (
	"math"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ItemSize is the size of item by DynamoDB's rules, which its capacity
// units count: each attribute's name (UTF-8 bytes) plus its value —
// strings and binaries their bytes, numbers about one byte per two
// significant digits plus one, booleans and null one byte, lists and maps
// three bytes plus one per element plus their elements (and a map's names).
func ItemSize(item map[string]types.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return len(v.Value)
	case *types.AttributeValueMemberN:
		return numberSize(v.Value)
	case *types.AttributeValueMemberB:
		return len(v.Value)
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberSS:
		n := 0
		for _, s := range v.Value {
			n += len(s)
		}
		return n
	case *types.AttributeValueMemberNS:
		n := 0
		for _, s := range v.Value {
			n += numberSize(s)
		}
		return n
	case *types.AttributeValueMemberBS:
		n := 0
		for _, b := range v.Value {
			n += len(b)
		}
		return n
	case *types.AttributeValueMemberL:
		n := 3
		for _, e := range v.Value {
			n += 1 + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberM:
		n := 3
		for k, e := range v.Value {
			n += 1 + len(k) + valueSize(e)
		}
		return n
	}
	return 0
}

func numberSize(s string) int {
	digits := strings.TrimLeft(strings.Trim(strings.TrimLeft(s, "-"), "0."), "0")
	digits = strings.ReplaceAll(digits, ".", "")
	return int(math.Ceil(float64(len(digits))/2)) + 1
}

// WriteUnits are the write capacity units of putting item: one per KB,
// rounded up; twice that inside a transaction.
func WriteUnits(item map[string]types.AttributeValue, transactional bool) int {
	u := max(1, int(math.Ceil(float64(ItemSize(item))/1024)))
	if transactional {
		u *= 2
	}
	return u
}
