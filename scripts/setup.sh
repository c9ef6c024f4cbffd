#!/usr/bin/env bash
# Installs what Hoist's build and tests need on a fresh Debian 12 machine. Idempotent; quiet when all is present.
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_cmd runc            || need+=(runc)
have_cmd pasta           || need+=(passt)           # the user-mode network stack of the default RUN network
have_cmd slirp4netns     || need+=(slirp4netns)     # its fallback (and tested as such)
have_cmd docker-registry || need+=(docker-registry)
have_cmd htpasswd        || need+=(apache2-utils)   # bcrypt htpasswd files for the registry auth tests
[ -x /bin/busybox ]      || need+=(busybox-static)
have_cmd mmdebstrap      || need+=(mmdebstrap)
have_cmd skopeo          || need+=(skopeo)
have_cmd umoci           || need+=(umoci)
have_cmd pigz            || need+=(pigz)
have_cmd xz              || need+=(xz-utils)        # xz, bzip2 and zstd archives for the ADD extraction tests
have_cmd bzip2           || need+=(bzip2)
have_cmd zstd            || need+=(zstd)
[ -x /usr/bin/time ]     || need+=(time)
have_cmd gcc             || need+=(gcc)
have_cmd aarch64-linux-gnu-gcc || need+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)  # arm64 programs for the emulation tests
[ -x /usr/bin/qemu-aarch64-static ] || need+=(qemu-user-static)  # foreign-platform RUN and the arm64 fixture
have_cmd arch-test       || need+=(arch-test)       # mmdebstrap --arch=arm64 checks emulation with it
have_cmd go              || need+=(golang-go)      # a Go binary for the SBOM scanner's build-info test
have_cmd npm             || need+=(npm)            # npm ls, the reference for the SBOM's npm package count
have_cmd git             || need+=(git)            # repositories for the git-commit epoch tests (Hoist itself reads .git without it)
dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)   # Native AOT links against zlib

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages (${need[*]}); run as root or install them" >&2
    exit 1
  fi
  echo "setup: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! have_cmd dotnet; then
  echo "setup: the .NET SDK 10 (dotnet) is required on PATH" >&2
  exit 1
fi
