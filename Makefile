# Two commands for people (see README): `make run` and `make test`.
# Both set up everything first and are quick when already set up.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-test
SYSSTAMP := .setup/system-packages.done

.PHONY: run test setup lint bench clean

run: setup
	QTWEBENGINE_DISABLE_SANDBOX=1 $(PY) main.py $(ARGS)

test: setup
	bash scripts/test.sh

setup: $(SYSSTAMP) $(STAMP)

$(SYSSTAMP): scripts/system-packages.sh
	bash scripts/system-packages.sh
	mkdir -p .setup && touch $@

$(STAMP): pyproject.toml $(SYSSTAMP)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==26.3
	$(PY) -m pip install --quiet --disable-pip-version-check --group test
	touch $@

lint: setup
	$(VENV)/bin/lint-imports

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .setup
