package httpapi_test

import (
	"testing"

	"selfserve/shared/ddbtest"
)

func TestMain(m *testing.M) { ddbtest.Main(m) }
