// Command PaymentRetrySweep is the scheduled function PaymentRetrySweep (docs/spec.md §10).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("PaymentRetrySweep") }
