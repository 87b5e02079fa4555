# The knowledge base on the werkzame elementen.
#   make serve   build the site and serve it with live reload
#   make build   build the whole site into public/ (BASE_URL=/sub/ for a sub-path)
#   make test    go vet and every test
#   make check   check the content without writing anything

GO       ?= go
BASE_URL ?=
ADDR     ?= 127.0.0.1:8080
KB       := bin/kb

.PHONY: all build check serve test vet clean kb

all: build

kb:
	$(GO) build -o $(KB) ./cmd/kb

build: kb
	$(KB) build -content content -templates templates -out public $(if $(BASE_URL),-base-url $(BASE_URL))

check: kb
	$(KB) check -content content

serve: kb
	$(KB) serve -addr $(ADDR)

vet:
	$(GO) vet ./...

test: vet
	$(GO) test ./...

clean:
	rm -rf bin public
