// Command SuspensionsSweep is the scheduled function SuspensionsSweep (docs/spec.md §7).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("SuspensionsSweep") }
