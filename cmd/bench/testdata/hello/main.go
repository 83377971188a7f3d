// Command hello is the cold-start baseline of `make bench`: a trivial
// handler started by aws-lambda-go, built like the functions (see the
// Makefile's LAMBDA_FLAGS). Under testdata, so ./... leaves it out.
package main

import "github.com/aws/aws-lambda-go/lambda"

func main() { lambda.Start(func() (string, error) { return "hello", nil }) }
