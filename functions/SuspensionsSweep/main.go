// Command SuspensionsSweep is the scheduled function SuspensionsSweep (SPEC §7).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("SuspensionsSweep") }
