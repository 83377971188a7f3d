// Command RefundWindowsSweep is the scheduled function RefundWindowsSweep (docs/spec.md §7).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("RefundWindowsSweep") }
