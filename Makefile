# The knowledge base on the werkzame elementen.
#   make serve   build the site and serve it with live reload
#   make build   build the whole site into public/ (BASE_URL=/sub/ for a sub-path)
#   make test    go vet and every test
#   make check   check the content without writing anything

GO       ?= go
BASE_URL ?=
ADDR     ?= 127.0.0.1:8080
KB       := bin/kb
# The search engine for the browser: internal/search compiled to WebAssembly,
# shipped by kb build as a static file (kb build itself never runs the Go
# toolchain).
WASM     := templates/static/zoeken/kbsearch.wasm
WASMJS   := templates/static/zoeken/wasm_exec.js
WASMSRC  := $(shell find internal/search internal/slug cmd/kbsearch-wasm -name '*.go' -not -name '*_test.go') go.mod go.sum
# Packages the engine links but hardly runs (protobuf, geo, JSON, reflect,
# date parsing, the English analyzer, ...) are compiled without inlining:
# 0.26 MB less brotli for the browser to fetch, while the search path keeps
# its speed.
WASM_COLD := google.golang.org/protobuf/... github.com/blevesearch/geo/... github.com/json-iterator/go \
	fmt encoding/... reflect golang.org/x/text/... strconv math/big time syscall/js \
	github.com/blevesearch/bleve/v2/mapping github.com/blevesearch/bleve/v2/analysis/datetime/... \
	github.com/blevesearch/bleve/v2/geo github.com/blevesearch/bleve/v2/analysis/lang/en \
	github.com/blevesearch/go-porterstemmer github.com/blevesearch/snowballstem/english

.PHONY: all build check serve test vet clean kb e2e-deps wasm

all: build

kb:
	$(GO) build -o $(KB) ./cmd/kb

$(WASM): $(WASMSRC)
	@mkdir -p $(dir $(WASM))
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" $(foreach p,$(WASM_COLD),-gcflags=$(p)=-l) -o $(WASM) ./cmd/kbsearch-wasm
	$(GO) run ./cmd/kbcompress $(WASM)

$(WASMJS): go.mod
	@mkdir -p $(dir $(WASMJS))
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(WASMJS)

wasm: $(WASM) $(WASMJS)

build: kb wasm
	$(KB) build -content content -templates templates -out public $(if $(BASE_URL),-base-url $(BASE_URL))

check: kb
	$(KB) check -content content

serve: kb wasm
	$(KB) serve -addr $(ADDR)

vet:
	$(GO) vet ./...

test: vet e2e-deps wasm
	$(GO) test ./...

# What the browser tests need on a fresh machine: Debian's Chromium and
# axe-core from npm (pinned in internal/e2e/package-lock.json).
e2e-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Chromium ontbreekt: installeren met apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f internal/e2e/node_modules/axe-core/axe.min.js || (cd internal/e2e && npm ci --no-audit --no-fund --loglevel=error)

clean:
	rm -rf bin public $(WASM) $(WASM).gz $(WASM).br $(WASMJS)
