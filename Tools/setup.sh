#!/usr/bin/env bash
# Installs what this project needs from Debian, and nothing when it is all there.
#   setup.sh           everything: to build, run and test
#   setup.sh --build   only what building needs (Tools/install.sh uses this)
#   libzookeeper-mt-dev  the ZooKeeper C client the Swift package links
#   zookeeper            the real server the tests and run.sh start (Java 17 is assumed)
#   zookeeper-bin        cli_mt, a C command-line client used for cross-checks
#   python3-kazoo        an independent Python client used for cross-checks and benchmarks
#   libsqlite3-dev       SQLite, under GRDB: the coordinator's file store
#   mariadb-server-core  mariadbd and mariadb-install-db, for Tools/mariadb.sh (the AT tests'
#   mariadb-client-core  database) and the mariadb client; the -core packages, not mariadb-server,
#                        which adds galera, rsync, socat, a perl upgrade and a system service
#   python3-venv         the virtualenvs for Seata's PyPI client (Tests/Clients/python/venv.sh) and for
#                        the console's tests (Tests/Clients/console/venv.sh)
#   postgresql-15        PostgreSQL for Tools/postgres.sh (the db store's tests, run.sh --store db,
#   postgresql-client-15 the benchmark) and psql; postgresql-contrib-less, no system cluster is used
#   chromium             a real browser for the console page's test, run headless by selenium
#   chromium-driver      its WebDriver (chromedriver), the version of the chromium beside it
#   fonts-liberation     fonts, so the page's screenshots show text
# Then the seata-python virtualenv and the console tests' one (selenium, schemathesis), from PyPI,
# when they are not built yet.
# `apt-get update` runs only when something must be installed. Safe to run any number of times.
set -euo pipefail

packages=(libzookeeper-mt-dev zookeeper zookeeper-bin python3-kazoo libsqlite3-dev
    mariadb-server-core mariadb-client-core python3-venv postgresql-15 postgresql-client-15 chromium
    chromium-driver fonts-liberation)
build_only=false
if [ "${1:-}" = "--build" ]; then
    build_only=true
    packages=(libzookeeper-mt-dev libsqlite3-dev)
fi
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    # Other checkouts on this machine may be installing at the same moment: wait for dpkg's lock.
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
    $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

$build_only && exit 0
command -v java >/dev/null || { echo "setup: java is not on PATH; ZooKeeper needs Java 11 or later" >&2; exit 1; }
[ -f /usr/share/java/zookeeper.jar ] || { echo "setup: /usr/share/java/zookeeper.jar is missing after install" >&2; exit 1; }
[ -x /usr/sbin/mariadbd ] || { echo "setup: /usr/sbin/mariadbd is missing after install" >&2; exit 1; }
[ -x /usr/lib/postgresql/15/bin/postgres ] || { echo "setup: /usr/lib/postgresql/15/bin/postgres is missing after install" >&2; exit 1; }
[ -x /usr/bin/chromedriver ] || { echo "setup: /usr/bin/chromedriver is missing after install" >&2; exit 1; }

# shellcheck source=../Tests/Clients/python/venv.sh
. "$(dirname "$0")/../Tests/Clients/python/venv.sh"
seata_venv_install

# shellcheck source=../Tests/Clients/console/venv.sh
. "$(dirname "$0")/../Tests/Clients/console/venv.sh"
console_venv_install
