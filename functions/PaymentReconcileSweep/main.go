// Command PaymentReconcileSweep is the scheduled function PaymentReconcileSweep (docs/spec.md §10).
package main

import "selfserve/shared/lambdaapp"

func main() { lambdaapp.StartSweep("PaymentReconcileSweep") }
