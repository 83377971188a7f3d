// Command RenewalsSweep is the scheduled function RenewalsSweep (SPEC §7).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("RenewalsSweep") }
