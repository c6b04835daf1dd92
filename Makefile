# Tessera's commands. The two that matter:
#   make dev    builds everything and runs the portal on http://127.0.0.1:8787
#   make test   runs every test: unit, the real Workers runtime, headless Chromium
# Each installs what it needs first (scripts/bootstrap, idempotent): `make dev`
# only what serving needs, `make test` also what only the tests need.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# Where scripts/bootstrap installs the cargo tools (wasm-bindgen, worker-build, wasm-pack).
export CARGO_TOOLS ?= $(HOME)/.cargo
export PATH := $(CARGO_TOOLS)/bin:$(HOME)/.cargo/bin:$(ROOT)/node_modules/.bin:$(PATH)
# worker-build never looks on PATH: without these it tries to download the tools.
export WASM_BINDGEN_BIN := $(CARGO_TOOLS)/bin/wasm-bindgen
export ESBUILD_BIN := $(ROOT)/node_modules/.bin/esbuild
export WASM_OPT_BIN := $(ROOT)/node_modules/.bin/wasm-opt
export WRANGLER_SEND_METRICS := false
export CHROMEDRIVER := /usr/bin/chromedriver

DEV_STATE := $(ROOT)/.state/dev

.PHONY: setup setup-test build frontend worker dev test test-unit test-frontend test-e2e bench bench-api deploy-dry-run screenshot openapi fuzz clean

## What building and serving needs.
setup:
	@scripts/bootstrap serve

## That, and what only the tests and the bench need.
setup-test:
	@scripts/bootstrap test

build: setup frontend worker

# What each wasm build reads: a change anywhere here builds it again.
SHARED_INPUTS := Cargo.toml Cargo.lock shared

## The portal, split per page, into frontend/dist (frontend/bundle).
frontend:
	scripts/unless-unchanged frontend frontend/dist/index.html $(SHARED_INPUTS) frontend -- \
		cargo run -q -p tessera-bundle

worker:
	scripts/unless-unchanged worker worker/build/index.js $(SHARED_INPUTS) worker -- \
		sh -c 'cd worker && worker-build --release'


## Builds everything and serves the portal with local D1 and KV and the demo data.
dev: build
	scripts/local-state $(DEV_STATE) --demo
	cd worker && wrangler dev --ip 127.0.0.1 --port 8787 --persist-to $(DEV_STATE)

## Every test: shared's unit tests, the frontend in headless Chromium, then
## the worker on the real runtime over HTTP and through the browser.
test: setup-test build test-unit test-frontend test-e2e

test-unit:
	cargo test -p tessera-shared --all-features
	cargo test -p tessera-bundle
	cargo test -p tessera-worker --lib

test-frontend:
	cd frontend && wasm-pack test --headless --chrome

test-e2e:
	cargo test -p tessera-tests

## Performance figures and ratios on the real runtime under wrk; writes bench/results.md.
bench: setup-test build
	cargo run -q -p tessera-tests --bin bench

## The API's figures alone, at 1,000 tokens, printed (about 2 minutes): to compare two builds.
bench-api: setup-test build
	cargo run -q -p tessera-tests --bin bench -- --api-only

## What `wrangler deploy` would upload, with its size, without uploading.
deploy-dry-run: build
	cd worker && wrangler deploy --dry-run --outdir $(ROOT)/target/deploy-dry-run

## Rewrites worker/openapi.json from the shared types (a unit test keeps them equal).
openapi:
	UPDATE_OPENAPI=1 cargo test -p tessera-shared --features openapi openapi

## The long schemathesis run: over 10,000 generated test cases per pass (the test suite runs a short one).
fuzz: setup-test build
	FUZZ_EXAMPLES=400 cargo test -p tessera-tests --test api fuzz -- --nocapture

## Retakes docs/portal.png, the README's picture, in headless Chromium.
screenshot: setup-test build
	cargo run -q -p tessera-tests --bin screenshot

clean:
	rm -rf target frontend/dist worker/build .state
