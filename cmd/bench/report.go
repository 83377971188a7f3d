package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// report is everything measured, printed as one table at the end.
type report struct {
	opts options
	took time.Duration
	api  []apiResult
	cold *coldStartResult
	rows map[string][][3]string // sweeps, webhooks: name, value, note
}

func (r *report) add(part, name, value, note string) {
	if r.rows == nil {
		r.rows = map[string][][3]string{}
	}
	r.rows[part] = append(r.rows[part], [3]string{name, value, note})
}

func (r *report) print(out io.Writer) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	line := strings.Repeat("═", 118)
	fmt.Fprintln(w, line)
	fmt.Fprintf(w, "make bench — %s, %s %s/%s, %d CPUs, DynamoDB Local (in memory); bench ran %s\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), r.took.Round(time.Second))
	if len(r.api) > 0 {
		r.printAPI(w)
	}
	if r.cold != nil {
		r.printCold(w)
	}
	for _, part := range []string{"sweeps", "webhooks"} {
		if len(r.rows[part]) == 0 {
			continue
		}
		fmt.Fprintln(w, line)
		fmt.Fprintf(w, "%s\t\t\n", strings.ToUpper(part))
		for _, row := range r.rows[part] {
			fmt.Fprintf(w, "  %s\t%s\t%s\n", row[0], row[1], row[2])
		}
	}
	fmt.Fprintln(w, line)
	_ = w.Flush()
}

func (r *report) printAPI(w *tabwriter.Writer) {
	line := strings.Repeat("─", 118)
	fmt.Fprintln(w, strings.Repeat("═", 118))
	fmt.Fprintf(w, "API vs RAW DYNAMODB — through the HTTP handler stack (local API Gateway → route handler → DynamoDB Local) vs the raw requests;\n")
	fmt.Fprintf(w, "%d rounds × %d calls per side, API and raw calls alternating (A B B A …); p50 of each round → median [min–max over rounds]\n", r.opts.rounds, r.opts.calls)
	fmt.Fprintln(w, line)
	fmt.Fprintln(w, "  operation\tAPI p50\traw p50\tAPI/raw\tAPI's DynamoDB requests\traw requests")
	for _, a := range r.api {
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\t%s\t%s\n", a.name, durRange(a.api), durRange(a.raw), ratioRange(a.ratio), a.apiCalls, a.rawCalls)
	}
	fmt.Fprintln(w, line)
	fmt.Fprintf(w, "CAPACITY AND COST PER OPERATION — AWS rules, computed from the API's own requests (sized by an SDK middleware on a second API instance)\n")
	fmt.Fprintf(w, "prices us-east-1 on-demand: $%.3f per 1M write request units, $%.3f per 1M read request units; Lambda arm64 256 MB: $%.2f per 1M requests + $%.10f per GB-s\n",
		priceWRU, priceRRU, priceLambdaReq, priceLambdaGBs)
	fmt.Fprintln(w, line)
	fmt.Fprintln(w, "  operation\tWRU (table+GSI)\tRRU\titem sizes, bytes (per request)\tDDB Local says W/R\tDynamoDB $/1M\tLambda $/1M (billed)\ttotal $/1M")
	for _, a := range r.api {
		ddb := a.wru*priceWRU + a.rru*priceRRU
		billed := math.Ceil(float64(median(a.api)) / float64(time.Millisecond))
		lambda := priceLambdaReq + 1e6*billed/1000*lambdaMemoryGB*priceLambdaGBs
		fmt.Fprintf(w, "  %s\t%s (%s+%s)\t%s\t%s\t%s / %s\t$%.3f\t$%.3f (%.0f ms)\t$%.3f\n", a.name, num(a.wru), num(a.wru-a.gsiWRU), num(a.gsiWRU), num(a.rru), a.sizeNotes,
			num(a.localW), num(a.localR), ddb, lambda, billed, ddb+lambda)
	}
	for _, l := range []string{
		"rules: item size = dynamo.ItemSize (attribute names + values); writes: 1 WRU per started KB of the larger of the item before",
		"and after, ×2 in a transaction (a ConditionCheck as a write of the item it checks), + 1 per started KB for each GSI entry written",
		"(both GSIs project ALL; not doubled in a transaction); reads: 1 RRU per started 4 KB strongly consistent — GetItem/BatchGetItem",
		"per item (a key with no item, ∅, still 1), Query on the sum of the items it evaluates (Σ bytes). \"DDB Local says\": its own",
		"ReturnConsumedCapacity=TOTAL, for comparison only: it doesn't price transactions as AWS does (two 100-byte Puts in one",
		"TransactWriteItems report 2, not 4; GSI writes doubled). Lambda: billed duration = the API p50 above rounded up to 1 ms —",
		"measured on this machine against DynamoDB Local, not a 256 MB function (~1/7 vCPU) against DynamoDB; cold starts not included.",
		"Fixture: a user buys Power BI Pro monthly (Idempotency-Key, required); PATCH, cancel and the policy update are sent without one",
		"(with one, each also Puts the kept answer: +2 WRU per KB); cancel is within the refund window (deleted, with a credit order).",
	} {
		fmt.Fprintln(w, "  "+l)
	}
}

func (r *report) printCold(w *tabwriter.Writer) {
	c := r.cold
	line := strings.Repeat("─", 118)
	fmt.Fprintln(w, strings.Repeat("═", 118))
	fmt.Fprintf(w, "COLD START — exec → first GET /2018-06-01/runtime/invocation/next on a fake Runtime API; %d starts each, interleaved; built with\n", c.runs)
	fmt.Fprintf(w, "the Makefile's LAMBDA_FLAGS for %s/%s; a Lambda-like environment (region, credentials, TABLE_NAME, CURSOR_KEY, DYNAMODB_ENDPOINT)\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintln(w, line)
	fmt.Fprintln(w, "  bootstrap\tp50\tmin–max\tbinary\tinit (inittrace): packages, clock, bytes, allocs")
	fmt.Fprintf(w, "  %s\t%s\t%s–%s\t%.1f MB\t%d, %s, %d KB, %d\n", c.route, ms(c.routeP50), ms(c.routeMin), ms(c.routeMax), float64(c.routeSize)/1e6,
		c.init.packages, ms(c.init.clock), c.init.bytes/1024, c.init.allocs)
	fmt.Fprintf(w, "  hello world (lambda.Start)\t%s\t%s–%s\t%.1f MB\t%d, %s, %d KB, %d\n", ms(c.helloP50), ms(c.helloMin), ms(c.helloMax), float64(c.helloSize)/1e6,
		c.helloInit.packages, ms(c.helloInit.clock), c.helloInit.bytes/1024, c.helloInit.allocs)
	diff := c.routeP50 - c.helloP50
	verdict := "within"
	if diff > coldStartBudget {
		verdict = "OVER"
	}
	fmt.Fprintf(w, "  difference (p50)\t%s\t\t\tbudget ≤ hello world + %s: %s\n", signedMS(diff), ms(coldStartBudget), verdict)
	fmt.Fprintf(w, "  %s's slowest package inits\t\t\t\t\n", c.route)
	for _, p := range c.init.top[:min(8, len(c.init.top))] {
		fmt.Fprintf(w, "    %s\t%s\t\t\t%d KB, %d allocs\n", p.name, ms(p.clock), p.bytes/1024, p.allocs)
	}
}

func durRange(d []time.Duration) string {
	return fmt.Sprintf("%s [%s–%s]", ms(median(d)), ms(slices.Min(d)), ms(slices.Max(d)))
}

func ratioRange(f []float64) string {
	return fmt.Sprintf("%.2f× [%.2f–%.2f]", medianF(f), slices.Min(f), slices.Max(f))
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func signedMS(d time.Duration) string {
	return fmt.Sprintf("%+.2f ms", float64(d)/float64(time.Millisecond))
}

// num prints capacity units: whole numbers without decimals.
func num(f float64) string {
	if math.IsNaN(f) {
		return "—"
	}
	if f == math.Trunc(f) {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}
