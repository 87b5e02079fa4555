# The knowledge base on the werkzame elementen.
#   make serve   build the site and serve it with live reload
#   make build   build the whole site into public/ (BASE_URL=/sub/ for a sub-path,
#                PRECOMPRESS=1 for .gz and .br siblings)
#   make test    go vet and every test
#   make check   check the content without writing anything
#   make bench   speed and size, side by side with Hugo and Pagefind (minutes)
#   make fuzz    the fuzz targets, FUZZTIME each (default 60s)

GO       ?= go
BASE_URL ?=
ADDR     ?= 127.0.0.1:8080
KB       := bin/kb

.PHONY: all build check serve test vet clean kb e2e-deps bench-deps bench benchcmp fuzz seedprints

all: build

kb:
	$(GO) build -o $(KB) ./cmd/kb

build: kb
	$(KB) build -content content -templates templates -out public $(if $(BASE_URL),-base-url $(BASE_URL)) $(if $(PRECOMPRESS),-precompress)

check: kb
	$(KB) check -content content

serve: kb
	$(KB) serve -addr $(ADDR)

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l cmd internal); if [ -n "$$unformatted" ]; then echo "niet met gofmt opgemaakt:"; echo "$$unformatted"; exit 1; fi

# The packages that run goroutines are tested with the race detector;
# the rest as they are.
RACE_PKGS := build search kvfile serve publish parallel
test: vet e2e-deps
	$(GO) test -race $(addprefix ./internal/,$(RACE_PKGS))
	$(GO) test $$($(GO) list ./... | grep -v -E '/internal/($(subst $(eval) ,|,$(RACE_PKGS)))$$')
	$(MAKE) --no-print-directory fuzz FUZZTIME=20000x

# Each fuzz target on its own (go test -fuzz takes one at a time); every
# crasher it finds is saved under testdata/fuzz and stays a regression test.
# make test gives each a count of inputs, not a duration: with a duration,
# Go 1.26's fuzz coordinator can report "context deadline exceeded" when
# the time runs out on a busy machine (go.dev/issue/75804, fixed in 1.27).
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParsePage$$' -fuzztime $(FUZZTIME) ./internal/content
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./internal/content
	$(GO) test -run '^$$' -fuzz '^FuzzRender$$' -fuzztime $(FUZZTIME) ./internal/markdown
	$(GO) test -run '^$$' -fuzz '^FuzzOpen$$' -fuzztime $(FUZZTIME) ./internal/kvfile

# The fingerprints of the seed documents (hashes of every run of ten and
# of eight words) that the tests against copied sentences read; the seeds exist on
# the developers' machines only: run after a seed changes, naming their
# folder, e.g. make seedprints SEEDS=<folder with the seed .txt files>.
# Nothing else reads them.
seedprints:
	@test -n "$(SEEDS)" || { echo "geef de map met de bronteksten: make seedprints SEEDS=<map>"; exit 2; }
	$(GO) test ./internal/build -run '^TestNoSentencesFromSeeds$$' -seeds $(abspath $(SEEDS)) -v

# What make bench needs beyond make test: Hugo (Debian's hugo) and
# Pagefind (npm, pinned in internal/bench/package-lock.json).
bench-deps: e2e-deps
	@command -v hugo >/dev/null 2>&1 || { \
		echo "Hugo ontbreekt: installeren met apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
	@test -x internal/bench/node_modules/.bin/pagefind || (cd internal/bench && npm ci --no-audit --no-fund --loglevel=error)

# Speed and size, measured (never asserted): Go benchmarks of the hot
# paths, the search in headless Chromium next to Pagefind (the table:
# real site and BENCH_SIZES pages, three network/CPU profiles, medians
# of BENCH_RUNS cold runs), the dev
# server's save-to-reload latency, and kb build next to Hugo + Pagefind
# on synthetic corpora of BENCH_SIZES pages.
BENCH_SIZES ?= 1000,10000
BENCH_RUNS ?= 3
bench: kb bench-deps
	$(GO) test -run '^$$' -bench . -benchmem ./internal/content ./internal/markdown ./internal/search ./internal/kvfile ./internal/build
	$(GO) test -run '^$$' -bench '^Benchmark(SearchInBrowser|Pagefind)$$' -benchtime 3x ./internal/e2e
	KB_BENCH_SIZES=$(BENCH_SIZES) KB_BENCH_RUNS=$(BENCH_RUNS) $(GO) test -run '^$$' -bench '^BenchmarkSearchTable$$' -benchtime 1x -timeout 90m ./internal/e2e
	$(GO) test -run '^$$' -bench SaveToReload -benchtime 5x -timeout 30m ./internal/serve
	$(GO) run ./cmd/kbbench -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS) -kb $(KB) 2>/dev/null

# Before and after: the Go benchmarks of the hot paths at BASE (a commit;
# default the one before HEAD) and in the working tree, BENCH_COUNT runs
# each, compared with benchstat (pinned in go.mod as a tool). The base is
# checked out in a temporary git worktree under test-artifacts/; packages
# it does not have yet are left out there.
BASE ?= HEAD~1
BENCH_COUNT ?= 6
BENCH_PKGS = ./internal/content ./internal/markdown ./internal/search ./internal/kvfile ./internal/build
benchcmp:
	@mkdir -p test-artifacts
	@rm -rf test-artifacts/bench-base; git worktree prune
	git worktree add --detach test-artifacts/bench-base $(BASE)
	cd test-artifacts/bench-base && $(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_COUNT) $$(for p in $(BENCH_PKGS); do [ -d $$p ] && echo $$p; done) > ../bench-base.txt; \
		status=$$?; cd ../.. && git worktree remove --force test-artifacts/bench-base; exit $$status
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_COUNT) $(BENCH_PKGS) > test-artifacts/bench-new.txt
	$(GO) tool benchstat test-artifacts/bench-base.txt test-artifacts/bench-new.txt

# What the browser tests need on a fresh machine: Debian's Chromium, Node.js
# (the spiegel's CSV test runs its script in node) and axe-core from npm
# (pinned in internal/e2e/package-lock.json).
e2e-deps:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
		echo "Node.js ontbreekt: installeren met apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Chromium ontbreekt: installeren met apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f internal/e2e/node_modules/axe-core/axe.min.js || (cd internal/e2e && npm ci --no-audit --no-fund --loglevel=error)

# clean also removes the WebAssembly engine that older versions built into
# templates/static/zoeken/: kb build would ship it with the site.
clean:
	rm -rf bin public templates/static/zoeken/kbsearch.wasm* templates/static/zoeken/wasm_exec.js
