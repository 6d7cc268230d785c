#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry:
#   Digdir's Designsystemet (CSS + the Digdir brand theme) and htmx.
# Usage: scripts/refresh-vendor.sh [css-version] [theme-version] [htmx-version] [htmx-ext-sse-version]
# Run it, look at the pages, run `make test`, and commit the result.
set -euo pipefail
css_version=${1:-1.22.0}
theme_version=${2:-1.11.0}
htmx_version=${3:-2.0.11}
sse_version=${4:-2.2.4}
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/balanse/core/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "Fetching @digdir/designsystemet-css@$css_version, @digdir/designsystemet-theme@$theme_version, htmx.org@$htmx_version"
npm pack --silent "@digdir/designsystemet-css@$css_version" "@digdir/designsystemet-theme@$theme_version" "htmx.org@$htmx_version" "htmx-ext-sse@$sse_version" >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
mkdir -p "$dest/designsystemet" "$dest/htmx"
cp "digdir-designsystemet-css-$css_version/package/dist/src/index.css" "$dest/designsystemet/designsystemet.css"
cp "digdir-designsystemet-css-$css_version/package/LICENSE" "$dest/designsystemet/LICENSE"
cp "digdir-designsystemet-theme-$theme_version/package/brand/digdir.css" "$dest/designsystemet/theme-digdir.css"
cp "digdir-designsystemet-theme-$theme_version/package/LICENSE" "$dest/designsystemet/LICENSE-theme"
cp "htmx.org-$htmx_version/package/dist/htmx.min.js" "$dest/htmx/htmx.min.js"
cp "htmx.org-$htmx_version/package/LICENSE" "$dest/htmx/LICENSE"
cp "htmx-ext-sse-$sse_version/package/dist/sse.min.js" "$dest/htmx/htmx-ext-sse.min.js"
cp "htmx-ext-sse-$sse_version/package/LICENSE" "$dest/htmx/LICENSE-sse"
cat > "$dest/VERSIONS" <<TXT
@digdir/designsystemet-css $css_version
@digdir/designsystemet-theme $theme_version
htmx.org $htmx_version
htmx-ext-sse $sse_version
TXT
echo "Vendored into ${dest#"$root"/}:"
cat "$dest/VERSIONS"
