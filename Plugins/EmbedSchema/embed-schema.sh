#!/bin/sh
# embed-schema.sh SCHEMA.json OUTPUT.swift: writes the JSON into a Swift raw string literal.
# Run by the EmbedSchema build-tool plugin; the output lives in the build folder only.
set -eu
schema=$1
output=$2
# The literal ends at `"""#####`; a schema containing that text cannot be embedded this way.
if grep -q '"""#####' "$schema"; then
    echo "embed-schema.sh: $schema contains \"\"\"#####, which would end the Swift literal" >&2
    exit 1
fi
{
    echo '// Generated at build time from Config/schema.json by the EmbedSchema plugin; do not edit.'
    echo '/// The text of Config/schema.json as it was when this binary was built.'
    echo 'let embeddedSchemaJSON = #####"""'
    cat "$schema"
    echo
    echo '"""#####'
} >"$output.tmp"
mv "$output.tmp" "$output"
