// Command RenewalsSweep is the scheduled function RenewalsSweep (docs/spec.md §7).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("RenewalsSweep") }
