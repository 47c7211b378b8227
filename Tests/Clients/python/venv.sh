# The virtualenv that runs Seata's PyPI client, seata-python 0.1 (sourced, not executed).
#   seata_venv_dir      print the virtualenv's folder
#   seata_venv_ready    true when it is complete for the current requirements.txt
#   seata_venv_install  build it when it is not ready (PyPI needed only then)
# The folder lives in a cache outside the checkout (SEATA_PY_VENV overrides it), so a fresh
# clone, as CI makes, finds it built. Its name carries a hash of requirements.txt and of the
# interpreter, so a changed pin builds a new one instead of patching an old one. It is
# complete only once its stamp file exists: an install cut short is rebuilt from scratch.

seata_python_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Debian's python3 (with python3-venv) rather than whatever python3 comes first on PATH:
# the same interpreter on every machine of this kind, and not a pyenv shim that may move.
seata_venv_python() {
    if [ -x /usr/bin/python3 ]; then echo /usr/bin/python3; else command -v python3; fi
}

seata_venv_dir() {
    if [ -n "${SEATA_PY_VENV:-}" ]; then echo "$SEATA_PY_VENV"; return; fi
    local py key
    py=$(seata_venv_python)
    key=$( { cat "$seata_python_dir/requirements.txt"; echo "seata-python==0.1"; "$py" -VV; } | sha256sum | cut -c1-12)
    echo "${XDG_CACHE_HOME:-$HOME/.cache}/zkcc/seata-python-$key"
}

seata_venv_ready() { [ -f "$(seata_venv_dir)/.complete" ]; }

seata_venv_install() {
    seata_venv_ready && return 0
    local dir py
    dir=$(seata_venv_dir)
    py=$(seata_venv_python)
    echo "setup: building the seata-python virtualenv in $dir" >&2
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    "$py" -m venv "$dir" >&2
    "$dir/bin/pip" install -q --disable-pip-version-check --use-pep517 -r "$seata_python_dir/requirements.txt" >&2
    "$dir/bin/pip" install -q --disable-pip-version-check --no-deps seata-python==0.1 >&2
    "$dir/bin/python" -c 'import seata, pymysql, dbutils.pooled_db, yaml, loguru, google.protobuf, am' >&2
    touch "$dir/.complete"
}
