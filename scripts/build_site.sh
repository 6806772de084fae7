#!/bin/sh
# Build the site with --strict into a fresh folder beside the target, then swap it in: a failed
# build leaves the previous site untouched (`make site` runs this; tests/test_cli.py tests it).
#
#   scripts/build_site.sh [SITE_DIR]          default: site
#   MKDOCS=path/to/mkdocs                     default: .venv/bin/mkdocs
#   CONFIG=path/to/mkdocs.yml                 default: mkdocs.yml
#
# The same input gives the same bytes: MkDocs dates the sitemap (lastmod, and the gzip header
# of sitemap.xml.gz) from SOURCE_DATE_EPOCH when it is set, else from the clock. Unless the
# caller sets it, it is the time of the last git commit, so a rebuild on another day of the
# same commit is byte-identical.
set -eu

site=${1:-site}
mkdocs=${MKDOCS:-.venv/bin/mkdocs}
config=${CONFIG:-mkdocs.yml}
case $site in /*) ;; *) site="$PWD/$site" ;; esac

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    epoch=$(git -C "$(dirname "$config")" log -1 --format=%ct 2>/dev/null || true)
    if [ -n "$epoch" ]; then
        SOURCE_DATE_EPOCH=$epoch
        export SOURCE_DATE_EPOCH
    fi
fi

rm -rf "$site.tmp"
if ! "$mkdocs" build --strict --config-file "$config" --site-dir "$site.tmp"; then
    rm -rf "$site.tmp"
    echo "build_site: the build failed; $site was left as it was" >&2
    exit 1
fi
rm -rf "$site.old"
if [ -d "$site" ]; then
    mv "$site" "$site.old"
fi
mv "$site.tmp" "$site"
rm -rf "$site.old"
