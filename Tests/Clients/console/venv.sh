# The virtualenv of the console's tests: selenium and schemathesis from PyPI (sourced, not executed).
#   console_venv_dir      print the virtualenv's folder
#   console_venv_ready    true when it is complete for the current requirements.txt
#   console_venv_install  build it when it is not ready (PyPI needed only then)
# As Tests/Clients/python/venv.sh: a cache outside the checkout (CONSOLE_PY_VENV overrides it),
# named by a hash of requirements.txt and the interpreter, complete once its stamp file exists.

console_python_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

console_venv_python() {
    if [ -x /usr/bin/python3 ]; then echo /usr/bin/python3; else command -v python3; fi
}

console_venv_dir() {
    if [ -n "${CONSOLE_PY_VENV:-}" ]; then echo "$CONSOLE_PY_VENV"; return; fi
    local py key
    py=$(console_venv_python)
    key=$( { cat "$console_python_dir/requirements.txt"; "$py" -VV; } | sha256sum | cut -c1-12)
    echo "${XDG_CACHE_HOME:-$HOME/.cache}/zkcc/console-tests-$key"
}

console_venv_ready() { [ -f "$(console_venv_dir)/.complete" ]; }

console_venv_install() {
    console_venv_ready && return 0
    local dir py
    dir=$(console_venv_dir)
    py=$(console_venv_python)
    echo "setup: building the console tests' virtualenv (selenium, schemathesis) in $dir" >&2
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    "$py" -m venv "$dir" >&2
    "$dir/bin/pip" install -q --disable-pip-version-check -r "$console_python_dir/requirements.txt" >&2
    "$dir/bin/python" -c 'import selenium.webdriver, schemathesis' >&2
    "$dir/bin/schemathesis" --version >&2
    touch "$dir/.complete"
}
