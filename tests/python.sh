#!/usr/bin/env bash
# The Python package's and the Spark job's tests: the second half of the
# test command README.md gives (`cargo test --release && tests/python.sh`),
# which .ci/run runs.
#
# The Python side runs in a virtual environment under target/: it installs
# the test requirements (pytest, pyspark) from PyPI, builds and installs the
# package with `pip install ./python` (maturin, fetched by pip), and runs
# pytest with DECLUTTER_BIN pointing at the release binary, against which
# the package's and the Spark job's output is compared.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --bin declutter

venv=target/python-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r python/requirements-test.txt
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps ./python
"$venv/bin/python" -c "import pyspark, declutter"
DECLUTTER_BIN="$PWD/target/release/declutter" "$venv/bin/python" -m pytest -q python/tests
