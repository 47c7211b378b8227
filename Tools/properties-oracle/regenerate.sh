#!/usr/bin/env bash
# Regenerates the expected outputs of the properties corpus with the JDK's java.util.Properties.
#   Tools/properties-oracle/regenerate.sh
# Reads Tests/ConfigCenterTests/Corpus/properties/*.properties and writes NAME.expected beside
# each. Needs Java 11 or later (`java File.java` runs a source file); checked with Java 17.
# Review the diff before committing: a changed expectation means Java and the corpus disagree
# with what the tests assumed.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=Tests/ConfigCenterTests/Corpus/properties
java Tools/properties-oracle/PropertiesOracle.java --out "$corpus" "$corpus"/*.properties
echo "regenerated $(ls "$corpus"/*.expected | wc -l) expectations in $corpus" >&2
