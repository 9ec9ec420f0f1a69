#!/usr/bin/env bash
# Installs the Debian packages the tests use besides the JDK and PostgreSQL, when they are missing:
#   - prometheus: promtool checks the alert rules (observability/), and a real Prometheus fires them
#     (PrometheusAlertingIntegrationTest);
#   - chromium and chromium-driver: the status page is tested end to end in headless Chromium;
#   - libfaketime: a replica runs with its clock an hour off (ClockSkewClusterTest);
# as root, or through `sudo -n`. Prints what it installed; fails with a clear message if it cannot.
set -euo pipefail

missing=()
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing+=(prometheus)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium chromium-driver)
ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1 || missing+=(libfaketime)
[ ${#missing[@]} -eq 0 ] && exit 0

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}
echo "Installing ${missing[*]} (Debian packages) for the tests" >&2
if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { echo "Could not install ${missing[*]}: install them (apt-get install ${missing[*]}) and run again" >&2; exit 1; }
fi
# Debian's package starts nothing in a container without systemd; make sure no server is left running.
pkill -x prometheus 2>/dev/null || true
echo "Installed ${missing[*]}" >&2
