#!/usr/bin/env bash
# The Debian packages, built from this build with CPack and taken apart: each package's file
# list, its dependencies, the server's conffiles and maintainer scripts, and its systemd unit,
# which `systemd-analyze verify` must pass (against the package's own files) and whose
# `systemd-analyze security` exposure must be OK or better. Prints the figure.
# usage: tst_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log" >&2; fail "cpack"; }
server=$(ls "$out"/doorstep-server_*.deb)
app=$(ls "$out"/doorstep_*.deb)

# --- doorstep-server ----------------------------------------------------------------------
dpkg-deb -c "$server" | awk '{print $6}' >"$out/server.files"
for f in ./usr/bin/doorstep-server ./lib/systemd/system/doorstep-server.service \
         ./etc/doorstep/doorstep-server.conf ./usr/share/doc/doorstep-server/copyright \
         ./usr/share/doc/doorstep-server/changelog.gz ./usr/share/doc/doorstep-server/runbook.md \
         ./usr/share/doc/doorstep-server/install.md ./usr/share/doc/doorstep-server/doorstep-alerts.yml; do
  grep -qx "$f" "$out/server.files" || fail "doorstep-server lacks $f"
done
depends=$(dpkg-deb -f "$server" Depends)
for d in adduser openssl init-system-helpers libprotobuf libsqlite3 libssl; do
  grep -q "$d" <<<"$depends" || fail "doorstep-server does not depend on $d: $depends"
done
dpkg-deb -e "$server" "$out/control"
grep -qx /etc/doorstep/doorstep-server.conf "$out/control/conffiles" || fail "the configuration is not a conffile"
for s in postinst prerm postrm; do
  [ -x "$out/control/$s" ] || fail "$s is missing or not executable"
  sh -n "$out/control/$s" || fail "$s is not valid sh"
done
grep -q 'adduser --system --group' "$out/control/postinst" || fail "postinst makes no system user"
grep -q 'deb-systemd-helper enable' "$out/control/postinst" || fail "postinst does not enable the unit"
grep -q 'doorstep-server init' "$out/control/postinst" || fail "postinst makes no store"
grep -q 'rm -rf\|rm -r ' "$out/control/postrm" && fail "postrm deletes files: a council's data is never the package's to delete"

# The unit, against the package's own files (its ExecStart binary must be there).
root="$out/root"
dpkg-deb -x "$server" "$root"
unit="$root/lib/systemd/system/doorstep-server.service"
grep -q '^ExecStart=/usr/bin/doorstep-server serve --config /etc/doorstep/doorstep-server.conf --data /var/lib/doorstep$' "$unit" \
  || fail "the unit does not start serve with the configuration"
for setting in Type=notify User=doorstep ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
               NoNewPrivileges=yes StateDirectory=doorstep CapabilityBoundingSet= \
               SystemCallFilter=@system-service Restart=on-failure; do
  grep -qx "$setting" "$unit" || fail "the unit lacks $setting"
done
# verify needs the host's own targets, and checks that ExecStart's binary exists: the unit is
# checked as shipped but for that one path, which points into the unpacked package.
mkdir -p "$out/unit"
sed "s#^ExecStart=/usr/bin/doorstep-server #ExecStart=$root/usr/bin/doorstep-server #" "$unit" \
  >"$out/unit/doorstep-server.service"
systemd-analyze verify "$out/unit/doorstep-server.service" \
  >"$out/verify.log" 2>&1 || { cat "$out/verify.log" >&2; fail "systemd-analyze verify"; }
# Notices about the host's own units are not ours.
if grep -i 'doorstep' "$out/verify.log"; then fail "systemd-analyze verify has notices about the unit"; fi
systemd-analyze security --offline=true --root="$root" /lib/systemd/system/doorstep-server.service \
  >"$out/security.log" 2>&1 || true
score=$(grep -o 'Overall exposure level for doorstep-server.service: .*' "$out/security.log" || true)
[ -n "$score" ] || { cat "$out/security.log" >&2; fail "no exposure level"; }
echo "systemd-analyze security: $score"
grep -qE ': [0-9.]+ (OK|SAFE|PERFECT)' <<<"$score" || fail "exposure is not OK or better: $score"

# --- doorstep (the app) -------------------------------------------------------------------
dpkg-deb -c "$app" | awk '{print $6}' >"$out/app.files"
for f in ./usr/bin/doorstep ./usr/share/applications/doorstep.desktop \
         ./usr/share/icons/hicolor/scalable/apps/doorstep.svg ./usr/share/doc/doorstep/copyright; do
  grep -qx "$f" "$out/app.files" || fail "doorstep lacks $f"
done
depends=$(dpkg-deb -f "$app" Depends)
for d in libqt6quick6 libsqlcipher libsodium qml6-module-qtquick-controls qt6-qpa-plugins; do
  grep -q "$d" <<<"$depends" || fail "doorstep does not depend on $d: $depends"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$src/packaging/desktop/doorstep.desktop" || fail "the .desktop file"
fi
echo "packages: $(basename "$server") $(stat -c %s "$server") bytes, $(basename "$app") $(stat -c %s "$app") bytes"
echo PASS
