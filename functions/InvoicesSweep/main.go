// Command InvoicesSweep is the scheduled function InvoicesSweep (docs/spec.md §10).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("InvoicesSweep") }
