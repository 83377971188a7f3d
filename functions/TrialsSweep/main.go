// Command TrialsSweep is the scheduled function TrialsSweep (docs/spec.md §7).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("TrialsSweep") }
