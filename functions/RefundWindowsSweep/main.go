// Command RefundWindowsSweep is the scheduled function RefundWindowsSweep (SPEC §7).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("RefundWindowsSweep") }
