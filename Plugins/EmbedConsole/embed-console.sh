#!/bin/sh
# embed-console.sh OUTPUT.swift FILE…: writes each file into a Swift raw string literal, keyed by
# its name. Run by the EmbedConsole build-tool plugin; the output lives in the build folder only.
set -eu
output=$1
shift
{
    echo '// Generated at build time from Console/ by the EmbedConsole plugin; do not edit.'
    echo '/// The console page'"'"'s files (name → text) as they were when this binary was built.'
    echo 'let embeddedConsoleFiles: [String: String] = ['
    for file in "$@"; do
        # A literal ends at `"""#####`; a file containing that text cannot be embedded this way.
        if grep -q '"""#####' "$file"; then
            echo "embed-console.sh: $file contains \"\"\"#####, which would end the Swift literal" >&2
            exit 1
        fi
        echo "    \"$(basename "$file")\": #####\"\"\""
        cat "$file"
        echo
        echo '"""#####,'
    done
    echo ']'
} >"$output.tmp"
mv "$output.tmp" "$output"
