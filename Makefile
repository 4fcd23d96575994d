# Two commands do all the set-up:  make ask Q="…"  and  make test.
# Each installs what is missing into .venv (once; again only when pyproject.toml changes).

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)
Q ?= What is Avocado, and which model is it built on?
# llama.cpp compiled for the CPU that builds it (AVX-512 where it has it: the answer judge reads its
# candidates 1.3x faster than with the portable AVX2 build). pip keeps the wheel in this machine's
# cache; for a wheel to copy to other machines, build with CMAKE_ARGS=-DGGML_NATIVE=OFF.
# On x86 without the AMX int8 kernels: where the CPU has AMX (Intel Sapphire Rapids and later) they
# crash the first prompt with the bundled Q4_K_M model (llama.cpp issue 20824).
ifeq ($(shell uname -m),x86_64)
export CMAKE_ARGS ?= -DGGML_NATIVE=ON -DCMAKE_C_FLAGS=-mno-amx-int8 -DCMAKE_CXX_FLAGS=-mno-amx-int8
else
export CMAKE_ARGS ?= -DGGML_NATIVE=ON
endif

.PHONY: install ask test lint bench eval serve clean corpora

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel setuptools

$(STAMP): $(BIN)/python pyproject.toml
	@# torch first and pinned: the CPU build comes from the machine's local wheel folder.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[llama,eval,dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

ask: install
	$(BIN)/rag ask "$(Q)"

test: install corpora
	$(BIN)/python -m pytest -q

# The second evaluation corpus (KiCad manuals, man pages) from Debian, into the data dir; idempotent.
# Its tests skip when it cannot be fetched here (no apt-get), unless RAG_REQUIRE_SECOND_CORPUS=1 (CI).
corpora: install
	-$(BIN)/python eval/corpora/kicad.py

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python benchmarks/retrieval.py

eval: install
	$(BIN)/rag eval --generator extractive --json eval/runs/extractive.json --report eval

serve: install
	$(BIN)/rag serve

clean:
	rm -rf .rag
