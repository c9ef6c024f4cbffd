#!/usr/bin/env bash
# Makes the base-image root filesystems the tests and examples use, offline except for Debian's package mirror.
# Cached in $HOIST_FIXTURES (default ~/.cache/hoist-fixtures); prints the directory.
#   busybox-rootfs.tar       ~2 MB: busybox-static with its applet links, /etc/passwd and /etc/group
#   debian-rootfs.tar        mmdebstrap --variant=minbase bookworm            (only with --debian)
#   debian-gcc-rootfs.tar    the same plus gcc and libc6-dev                    (only with --gcc)
#   debian-cross-rootfs.tar  amd64 minbase with gcc-aarch64-linux-gnu and libc6-dev-arm64-cross (only with --cross)
#   debian-arm64-rootfs.tar  mmdebstrap --variant=minbase --arch=arm64 bookworm (only with --arm64; runs the arm64
#                            maintainer scripts through qemu-user-static, registering its binfmt_misc handler if needed)
set -euo pipefail
cache="${HOIST_FIXTURES:-$HOME/.cache/hoist-fixtures}"
mkdir -p "$cache"

want_debian=0; want_gcc=0; want_cross=0; want_arm64=0
for arg in "$@"; do
  case "$arg" in
    --debian) want_debian=1 ;;
    --gcc) want_gcc=1 ;;
    --cross) want_cross=1 ;;
    --arm64) want_arm64=1 ;;
    *) echo "fixtures: unknown option $arg" >&2; exit 2 ;;
  esac
done

make_busybox() {
  local out="$cache/busybox-rootfs.tar"
  [ -s "$out" ] && return 0
  local root; root="$(mktemp -d)"; chmod 0755 "$root"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,home,var/www,proc,sys,dev}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list-full); do
    [ "$applet" = "bin/busybox" ] && continue
    mkdir -p "$root/$(dirname "$applet")"
    ln -sf /bin/busybox "$root/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\nnonroot:x:65532:65532:nonroot:/home/nonroot:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\nnonroot:x:65532:\n' >"$root/etc/group"
  mkdir -p "$root/home/nonroot" && chown 65532:65532 "$root/home/nonroot"
  tar --sort=name --mtime=@0 --numeric-owner -C "$root" -cf "$out.tmp" .
  mv "$out.tmp" "$out"
  rm -rf "$root"
}

make_debian() {
  local out="$1"; shift
  [ -s "$out" ] && return 0
  SOURCE_DATE_EPOCH=0 mmdebstrap --quiet --variant=minbase --format=tar "$@" bookworm "$out.tmp" >/dev/null
  mv "$out.tmp" "$out"
}

# The kernel runs arm64 binaries through qemu only with a binfmt_misc handler; the F flag opens the interpreter now,
# so it also works inside mmdebstrap's chroot. Debian's qemu-user-static describes its handlers in /usr/share/binfmts.
register_binfmt() {
  local name="qemu-$1" dir=/proc/sys/fs/binfmt_misc
  [ -f "$dir/status" ] || mount -t binfmt_misc binfmt_misc "$dir"
  [ -f "$dir/$name" ] && return 0
  local spec="/usr/share/binfmts/$name"
  [ -f "$spec" ] || { echo "fixtures: $spec missing: install qemu-user-static" >&2; exit 1; }
  field() { sed -n "s/^$1 //p" "$spec"; }
  printf ':%s:M:%s:%s:%s:%s:%s' "$name" "$(field offset)" "$(field magic)" "$(field mask)" "$(field interpreter)" \
    "F$([ "$(field preserve)" = yes ] && echo P)" >"$dir/register"
}

make_busybox
[ "$want_debian" -eq 1 ] && make_debian "$cache/debian-rootfs.tar"
[ "$want_gcc" -eq 1 ] && make_debian "$cache/debian-gcc-rootfs.tar" --include=gcc,libc6-dev
[ "$want_cross" -eq 1 ] && make_debian "$cache/debian-cross-rootfs.tar" --include=gcc,libc6-dev,gcc-aarch64-linux-gnu,libc6-dev-arm64-cross
if [ "$want_arm64" -eq 1 ]; then
  register_binfmt aarch64
  make_debian "$cache/debian-arm64-rootfs.tar" --arch=arm64
fi
echo "$cache"
