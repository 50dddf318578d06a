#!/usr/bin/env bash
# The Python package's, the Spark job's and the datatrove step's tests: the
# second half of the test command README.md gives (`cargo test --release &&
# tests/python.sh`), which .ci/run runs.
#
# The Python side runs in a virtual environment under target/: it installs
# the test requirements (pytest, pyspark, datatrove) from PyPI, builds the
# package's wheel (maturin, fetched by pip) and installs it with its
# datatrove extra (`pip install "./python[datatrove]"`), and runs pytest with
# DECLUTTER_BIN pointing at the release binary, against which the package's,
# the Spark job's and the datatrove step's output is compared.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --bin declutter

venv=target/python-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/pip" install --quiet --disable-pip-version-check)
"${pip[@]}" -r python/requirements-test.txt
# The package is built once, as a wheel: installed in place of the last one,
# then with its datatrove extra (whose requirements the pins above satisfy).
wheels=target/python-wheel
rm -rf "$wheels"
"$venv/bin/pip" wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$wheels" ./python
wheel=$(echo "$wheels"/declutter-*.whl)
"${pip[@]}" --force-reinstall --no-deps "$wheel"
"${pip[@]}" "$wheel[datatrove]"
"$venv/bin/python" -c "import pyspark, declutter, declutter.datatrove"
DECLUTTER_BIN="$PWD/target/release/declutter" "$venv/bin/python" -m pytest -q python/tests
