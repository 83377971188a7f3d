# selfserve — build, run and test. `make run` and `make test` are the contract.
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO          ?= go
GOBIN       := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN)/staticcheck
STATICCHECK_VERSION := v0.8.2
FUNCTIONS   := $(notdir $(wildcard functions/*))
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags="-s -w"

.PHONY: help run cli test bench lint vet fmt-check tidy-check staticcheck build dynamodb-local clean console console-check console-test

help:
	@echo "make run    start everything locally on http://127.0.0.1:3000 (DynamoDB Local, API, console, schedules, Mailpit)"
	@echo "            the runner's flags go in ARGS, e.g. make run ARGS=\"-addr 127.0.0.1:3001\" for another port:"
	@echo "              -addr HOST:PORT          where to serve the API (default 127.0.0.1:3000)"
	@echo "              -data DIR                DynamoDB Local's files, the local secrets and clock (default .data)"
	@echo "              -in-memory               keep nothing between runs"
	@echo "              -dynamodb-endpoint URL   use this running DynamoDB Local instead of starting one"
	@echo "              -table NAME              table name (default selfserve)"
	@echo "              -log-level LEVEL         DEBUG, INFO, WARN or ERROR (default INFO)"
	@echo "              -payments KIND           local (test cards, default) or stripe (STRIPE_SECRET_KEY)"
	@echo "              -mail KIND               smtp (default: to -smtp, where Mailpit is started, UI on -mailpit-ui), ses or off"
	@echo "              -smtp HOST:PORT          SMTP server of -mail smtp (default 127.0.0.1:1025)"
	@echo "              -mailpit-ui HOST:PORT    Mailpit's web UI, every mail sent (default 127.0.0.1:8025)"
	@echo "              -mail-from ADDRESS       the mails' sender"
	@echo "            local endpoints: POST /_local/tokens (a signed token), GET|POST /_local/clock"
	@echo "            (read or move the clock forward), POST /_local/sweeps/{name} (run a scheduled function)"
	@echo "            and the device sign-in of selfserve login --issuer (/_local/oauth/…)"
	@echo "            the admin console is at / (built into console/dist on the first run; make console rebuilds it)"
	@echo "make cli    build the command-line tool into bin/selfserve (or: go install ./cmd/selfserve); see docs/cli.md"
	@echo "make test   lint (gofmt, go vet, staticcheck; the console's API types, tsc, eslint), every Go test on one DynamoDB Local,"
	@echo "            then the console's Playwright tests in Debian's chromium against the runner (screenshots in console/test-results/screens)"
	@echo "make console  build the admin console (npm ci, vite build) into console/dist"
	@echo "make build  build every Lambda (linux/arm64 bootstrap) into bin/<Function>/"
	@echo "make soak   kill -9 the runner at random points of a write load, restart, check every acknowledged write survived once, every card charge once"
	@echo "            (a few minutes; ARGS=\"-kills 5 -requests 300 -workers 8 -seed N -keep\")"
	@echo "make smoke API=URL  the README tour's read-only and reversible checks against a deployed stack (tokens: SMOKE_ADMIN_TOKEN, SMOKE_USER_TOKEN; README, Deploy)"
	@echo "make bench  one table: each API operation vs its raw DynamoDB requests (interleaved rounds), its capacity units by AWS's rules and"
	@echo "            cost per million; a route's cold start vs a hello-world bootstrap and its package inits; sweep throughput, no-due"
	@echo "            sweep cost at 10,000 and 100,000, webhook latency and dispatch rate (~25 min, nearly all importing 100,000 items);"
	@echo "            parts with ARGS, e.g. make bench ARGS=\"-only api,coldstart\" (under a minute); -rounds, -calls, -coldstart-runs, -big"

## Local ---------------------------------------------------------------------

# The script prints the jar's folder on stdout (dropped here) and, the first
# time, its progress on stderr.
dynamodb-local:
	@./infra/dynamodb-local.sh >/dev/null

# stripe-mock for the Stripe adapter's tests, go installed into bin/ once;
# the script prints the binary's path on stdout (dropped here).
.PHONY: stripe-mock
stripe-mock:
	@./infra/stripe-mock.sh >/dev/null

# Mailpit for the SMTP adapter's tests, go installed into bin/ once;
# the script prints the binary's path on stdout (dropped here).
.PHONY: mailpit
mailpit:
	@./infra/mailpit.sh >/dev/null

# The AWS Lambda Runtime Interface Emulator for the test that invokes real
# bootstraps (shared/lambdarie), go installed into bin/ once; the script
# prints the binary's path on stdout (dropped here).
.PHONY: rie
rie:
	@./infra/rie.sh >/dev/null

run: dynamodb-local mailpit cli
	@test -f console/dist/index.html || $(MAKE) --no-print-directory console
	@echo "building the local runner… (the first build downloads modules and compiles: a minute or two)"
	$(GO) run ./cmd/local $(ARGS)

cli:
	$(GO) build -o bin/selfserve ./cmd/selfserve

## Console (console/: TypeScript, React, Fluent UI, Vite) ----------------------

CONSOLE_DEPS := console/node_modules/.package-lock.json
CONSOLE_SRC  := $(shell find console/src console/index.html console/vite.config.ts console/package.json -type f 2>/dev/null)

# npm ci from the committed lockfile, again only when the lockfile changes.
$(CONSOLE_DEPS): console/package-lock.json
	cd console && npm ci --no-audit --no-fund --loglevel=error

console/dist/index.html: $(CONSOLE_DEPS) $(CONSOLE_SRC)
	cd console && npm run --silent build -- --logLevel warn

console: console/dist/index.html

# The API types are generated from docs/openapi.yaml (fails when stale),
# then tsc --strict and eslint.
console-check: $(CONSOLE_DEPS)
	cd console && npm run --silent api:check && npm run --silent typecheck && npm run --silent lint

# Playwright (Debian's chromium) against the real runner, built here.
console-test: console dynamodb-local
	$(GO) build -o bin/local ./cmd/local
	cd console && npx playwright test

## Tests ---------------------------------------------------------------------

test: lint console-check dynamodb-local stripe-mock mailpit rie
	$(GO) run ./cmd/withddb -- $(GO) test -count=1 -timeout 15m ./...
	$(MAKE) --no-print-directory console-test

bench: dynamodb-local
	$(GO) run ./cmd/bench $(ARGS)

.PHONY: soak
soak: dynamodb-local
	$(GO) run ./cmd/soak $(ARGS)

# The README tour's read-only and reversible steps against API (a deployed
# stack, or a local runner, where it mints its own tokens); stops at the
# first failing check.
.PHONY: smoke
smoke:
	@test -n "$(API)" || { echo "usage: make smoke API=https://… (tokens in SMOKE_ADMIN_TOKEN, SMOKE_USER_TOKEN; see README.md, Deploy)"; exit 2; }
	$(GO) run ./cmd/smoke -api "$(API)" $(ARGS)

lint: fmt-check tidy-check vet staticcheck cfn-lint

# template.yaml with AWS's CloudFormation linter (on the machine's Python):
# one run reports errors, warnings and, with --include-checks I, the
# informational checks too (I3011: stateful resources need explicit
# DeletionPolicy/UpdateReplacePolicy); any finding fails (exit code != 0).
# The SAM translation itself is checked by go test ./shared/template/
# (infra/sam-check.py).
.PHONY: cfn-lint
cfn-lint:
	@command -v cfn-lint >/dev/null 2>&1 || { echo "cfn-lint is missing: pip install cfn-lint (Python 3; it brings aws-sam-translator)"; exit 1; }
	cfn-lint template.yaml --include-checks I

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.cache/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

tidy-check:
	@$(GO) mod tidy -diff >/dev/null || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }

vet:
	$(GO) vet ./...

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

## Lambda builds (SAM: BuildMethod makefile calls build-<LogicalId>) ----------

# The console's function carries the built console beside its bootstrap.
build-Console: console
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build $(LAMBDA_FLAGS) -o $(or $(ARTIFACTS_DIR),bin/Console)/bootstrap ./functions/Console
	rm -rf $(or $(ARTIFACTS_DIR),bin/Console)/console && cp -R console/dist $(or $(ARTIFACTS_DIR),bin/Console)/console

build-%:
	@test -d functions/$* || { echo "no function $*"; exit 1; }
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build $(LAMBDA_FLAGS) -o $(or $(ARTIFACTS_DIR),bin/$*)/bootstrap ./functions/$*

build: $(addprefix build-,$(FUNCTIONS))

clean:
	rm -rf bin .aws-sam console/dist console/test-results
