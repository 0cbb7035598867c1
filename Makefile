# Every task a user runs. `make help` lists them.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
INFRA := scripts/infra/infra.sh
VITEST := npx vitest run
TEST_STAGE := config/test.yaml

.DEFAULT_GOAL := help
.PHONY: help setup infra-up infra-down infra-status migrate proto proto-check proto-breaking build lint format \
        test test-unit test-int test-e2e dev bench check-invariants clean

help: ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

node_modules/.install-stamp: package.json package-lock.json pkg/package.json $(wildcard service.*/package.json)
	npm ci --no-audit --no-fund
	@touch $@

setup: node_modules/.install-stamp ## install everything: npm packages, PostgreSQL, Redis, FerretDB, RocketMQ
	@bash $(INFRA) install

infra-up: setup ## start PostgreSQL, Redis, the MongoDB-wire server and RocketMQ on loopback (idempotent)
	@bash $(INFRA) up

infra-down: ## stop every server infra-up started
	@bash $(INFRA) down

infra-status: ## one line per server
	@bash $(INFRA) status

build: node_modules/.install-stamp ## compile every workspace (tsc -b)
	npx tsc -b

migrate: build ## apply the migrations of all four databases (STAGE, default config/local.yaml)
	npx tsx scripts/migrate.ts up

proto: node_modules/.install-stamp ## lint the protos and regenerate pkg/src/gen
	bash scripts/proto.sh generate

proto-check: node_modules/.install-stamp ## fail if regenerating the protos changes pkg/src/gen
	bash scripts/proto.sh check

proto-breaking: node_modules/.install-stamp ## fail on a breaking change against main's protos
	bash scripts/proto.sh breaking

lint: node_modules/.install-stamp ## eslint (incl. dependency direction), prettier check, full type check
	npx eslint .
	npx prettier --check .
	npx tsc -p tsconfig.typecheck.json

format: node_modules/.install-stamp ## rewrite files with prettier
	npx prettier --write .

test: infra-up build lint proto-check ## everything: unit, integration and e2e tests against the real servers
	@mkdir -p .run
	@STAGE=$(TEST_STAGE) $(VITEST) --reporter=default --reporter=json --outputFile.json=.run/test-results.json; \
	  rc=$$?; node scripts/test/summary.mjs .run/test-results.json; \
	  STAGE=$(TEST_STAGE) npx tsx scripts/check-invariants.ts || rc=1; exit $$rc

test-unit: node_modules/.install-stamp ## unit tests only (no servers)
	$(VITEST) --project unit

test-int: infra-up ## integration tests against the real servers
	STAGE=$(TEST_STAGE) $(VITEST) --project integration

test-e2e: infra-up build ## end-to-end tests through the gateway
	STAGE=$(TEST_STAGE) $(VITEST) --project e2e

dev: infra-up migrate ## run the whole system on this machine (Ctrl-C stops the services)
	@bash scripts/dev.sh

check-invariants: build ## check the stock and money invariants across the databases (exit 1 on violation)
	npx tsx scripts/check-invariants.ts

bench: infra-up build ## load benchmarks on loopback (bench/): cart GET, checkout
	STAGE=$(TEST_STAGE) npx tsx bench/cart-get.ts
	STAGE=$(TEST_STAGE) npx tsx bench/checkout.ts

clean: infra-down ## stop the servers and delete build output and all local data (.run/)
	rm -rf .run dist */dist node_modules/.install-stamp
