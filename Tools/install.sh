#!/usr/bin/env bash
# Builds zkconfig and coordinator for release, with the Swift runtime linked statically, and
# installs them for operators:
#
#   ./Tools/install.sh [--prefix DIR]      (default prefix: /usr/local)
#
#   DIR/bin/zkconfig, DIR/bin/coordinator       the schema (Config/schema.json) is compiled in
#   DIR/bin/zk-config.sh                        the drop-in for Seata's script; runs the zkconfig beside it
#   DIR/share/bash-completion/completions/{zkconfig,coordinator}, DIR/share/zsh/site-functions/_{zkconfig,coordinator},
#   DIR/share/fish/vendor_completions.d/{zkconfig,coordinator}.fish
#   DIR/share/zookeeper-config-center/          config.txt (a seed), schema.json (to extend with --schema),
#                                               examples/ (systemd unit, Kubernetes init container)
#
# The binaries need no Swift toolchain where they run; they link the ZooKeeper C client
# (Debian: libzookeeper-mt2) and SQLite (libsqlite3-0). SWIFT_BUILD_FLAGS adds flags to the build.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=/usr/local
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 64; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (usage: install.sh [--prefix DIR])" >&2; exit 64 ;;
    esac
done

./Tools/setup.sh --build
flags=(-c release --static-swift-stdlib ${SWIFT_BUILD_FLAGS:-})
echo "install.sh: building zkconfig and coordinator (release, Swift runtime static)" >&2
swift build "${flags[@]}" --product zkconfig >&2
swift build "${flags[@]}" --product coordinator >&2
bin=$(swift build "${flags[@]}" --show-bin-path)

share="$prefix/share/zookeeper-config-center"
mkdir -p "$prefix/bin" "$share/examples" \
    "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
    "$prefix/share/fish/vendor_completions.d"
install -m 755 "$bin/zkconfig" "$bin/coordinator" Tools/zk-config.sh "$prefix/bin/"
install -m 644 Config/config.txt Config/schema.json Config/SCHEMA.md "$share/"
install -m 644 Tools/examples/* "$share/examples/"
"$prefix/bin/zkconfig" --generate-completion-script bash >"$prefix/share/bash-completion/completions/zkconfig"
"$prefix/bin/zkconfig" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_zkconfig"
"$prefix/bin/zkconfig" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/zkconfig.fish"
"$prefix/bin/coordinator" --generate-completion-script bash >"$prefix/share/bash-completion/completions/coordinator"
"$prefix/bin/coordinator" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_coordinator"
"$prefix/bin/coordinator" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/coordinator.fish"

echo "install.sh: installed into $prefix:" >&2
echo "  $("$prefix/bin/zkconfig" --version)" >&2
echo "  $("$prefix/bin/coordinator" --version)" >&2
echo "  $prefix/bin/zk-config.sh, completions of both for bash, zsh and fish, $share/" >&2
