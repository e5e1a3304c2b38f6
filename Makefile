# gutang-analysis: `make` lists the targets. Every target prepares the local virtual
# environment (.venv) itself; nothing is installed by hand.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= reports

.DEFAULT_GOAL := help
.PHONY: help venv report test lint bench eval-extract clean

help: ## Show this list
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@echo "==> 准备本地虚拟环境 $(VENV)（首次约需几分钟）"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create or update the local virtual environment (.venv)

report: $(STAMP) ## Build the default reports from the bundled data into reports/
	$(BIN)/gutang-review build --dir data/plans/gutang-2022 --out $(OUT) --jobs 2
	$(BIN)/python scripts/district_example.py --out $(OUT)/district

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## Check the code with ruff
	$(BIN)/ruff check gutang_analysis tests scripts
	$(BIN)/ruff format --check gutang_analysis tests scripts

bench: $(STAMP) ## Time the reports against the papermill+nbconvert floor, a 20-town district, plan loading, plan/template/check on 100,000 targets
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_plan_load.py
	$(BIN)/python scripts/bench_scale.py

eval-extract: $(STAMP) ## Measure plan drafting on the real-plan corpus and 古塘 (recall, precision, calibration)
	$(BIN)/python scripts/evaluate_extraction.py

clean: ## Remove the virtual environment and built reports
	rm -rf $(VENV) $(OUT)/_failed $(OUT)/_last_complete $(OUT)/.*.lock
	for d in $(OUT)/*/; do if [ -f "$$d/manifest.json" ]; then rm -rf "$$d"; fi; done
	rm -rf $(OUT)/district/示例计划文件夹 $(OUT)/district/district_review.html $(OUT)/district/辖区考核汇总.xlsx
