#!/usr/bin/env bash
# Builds what the virt board's Linux tests boot: a small Linux 6.1 `Image` for riscv64 (Debian's
# linux-source-6.1, `make tinyconfig` + virt.config) and an initramfs (a static busybox from Debian's busybox
# source + init.sh as /init). Prints the directory holding Image and initramfs.cpio.gz on stdout.
#
# Cached outside the repository: ${RVJIT_CACHE:-~/.cache/rvjit}/linux-6.1-<hash of this script and its inputs>/;
# a complete directory is reused, so CI builds once. Nothing built is committed. Progress goes to stderr.
# Usage: build-linux.sh [--print-dir]   (--print-dir: print where the outputs would be, build nothing)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${RVJIT_CACHE:-$HOME/.cache/rvjit}"
# Each part is cached by what it is made of, so editing init.sh does not rebuild the kernel. Bump a recipe
# number when the part's build steps below change.
KERNEL_RECIPE=1 BUSYBOX_RECIPE=1
digest() { sha256sum | cut -c1-16; }
kernel_dir="$cache/linux-6.1-image-$( (echo "$KERNEL_RECIPE"; cat "$here/virt.config") | digest)"
busybox_dir="$cache/busybox-$( (echo "$BUSYBOX_RECIPE"; cat "$here/busybox.config") | digest)"
out="$cache/linux-6.1-$( (cat "$here/build-linux.sh" "$here/virt.config" "$here/busybox.config" "$here/init.sh") | digest)"
if [ "${1:-}" = "--print-dir" ]; then echo "$out"; exit 0; fi
done_marker() { [ -f "$out/Image" ] && [ -f "$out/initramfs.cpio.gz" ]; }
if done_marker; then echo "$out"; exit 0; fi

mkdir -p "$cache"
# One build at a time (test processes may ask concurrently); the second waits and then finds it done.
exec 9>"$cache/linux-6.1.lock"
flock 9
if done_marker; then echo "$out"; exit 0; fi

note() { echo "build-linux: $*" >&2; }
jobs="${JOBS:-$(nproc)}"
CROSS=riscv64-linux-gnu-
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
APT_OPTS=(-o Apt::Key::gpgvcommand=/usr/bin/gpgv)
# Shared with the benchmark's build: in scripts/lib in the repository, beside this script in a test's output.
debian_source="$here/debian-source.sh"
[ -f "$debian_source" ] || debian_source="$here/../../scripts/lib/debian-source.sh"
. "$debian_source"

# --- Tools: the cross compiler comes from scripts/install-deps.sh; the kernel build adds these.
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have "${CROSS}gcc" || need+=(gcc-riscv64-linux-gnu libc6-dev-riscv64-cross)
have flex  || need+=(flex)
have bison || need+=(bison)
have bc    || need+=(bc)
have cpio  || need+=(cpio)
have make  || need+=(make)
have dpkg-source || need+=(dpkg-dev)
[ -f /usr/src/linux-source-6.1.tar.xz ] || need+=(linux-source-6.1)
if [ ${#need[@]} -gt 0 ]; then
    note "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get "${APT_OPTS[@]}" update -qq >/dev/null
    $SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- Linux: tinyconfig, then the fragment; every symbol the fragment sets must survive olddefconfig.
# Keeps Image, the final .config and the kernel's gen_init_cpio (builds the initramfs without root).
build_kernel() {
    [ -f "$kernel_dir/Image" ] && return 0
    local work="$kernel_dir.work"
    rm -rf "$work"
    mkdir -p "$work"
    note "unpacking linux-source-6.1"
    tar xf /usr/src/linux-source-6.1.tar.xz -C "$work"
    local src="$work/linux-source-6.1" obj="$work/linux-build"
    local make_args=(-C "$src" O="$obj" ARCH=riscv CROSS_COMPILE="$CROSS" -j"$jobs")
    make "${make_args[@]}" -s tinyconfig >&2
    "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$here/virt.config" >/dev/null
    make "${make_args[@]}" -s olddefconfig >&2
    local line sym val missing=0
    while IFS= read -r line; do
        case "$line" in CONFIG_*=*) ;; *) continue ;; esac
        sym="${line%%=*}" val="${line#*=}"
        if [ "$val" = n ]; then
            grep -qx "$sym=y" "$obj/.config" && { note "$sym is still set"; missing=1; }
        else
            grep -qx "$line" "$obj/.config" || { note "$line did not survive olddefconfig"; missing=1; }
        fi
    done <"$here/virt.config"
    [ "$missing" -eq 0 ] || { note "config fragment not satisfied"; exit 1; }
    note "building Image (make -j$jobs; tens of minutes on 2 cores)"
    make "${make_args[@]}" -s Image >&2
    mkdir -p "$work/out"
    cp "$obj/arch/riscv/boot/Image" "$obj/usr/gen_init_cpio" "$work/out/"
    cp "$obj/.config" "$work/out/linux.config"
    rm -rf "$kernel_dir"
    mv "$work/out" "$kernel_dir"
    rm -rf "$work"
}

# --- busybox: Debian's source package (upstream tarball only), defconfig + busybox.config, static.
build_busybox() {
    [ -f "$busybox_dir/busybox" ] && return 0
    local debs="$cache/debs" orig work="$busybox_dir.work"
    mkdir -p "$debs"
    orig="$(orig_tarball busybox "$debs")" || { note "no Debian source for busybox"; exit 1; }
    rm -rf "$work"
    mkdir -p "$work"
    note "unpacking $(basename "$orig")"
    tar xf "$orig" -C "$work"
    local src
    src="$(ls -d "$work"/busybox-*/)"
    make -C "$src" -s defconfig >/dev/null
    local line sym
    while IFS= read -r line; do
        case "$line" in
            CONFIG_*=*) sym="${line%%=*}" ;;
            "# CONFIG_"*" is not set") sym="${line#\# }"; sym="${sym%% *}" ;;
            *) continue ;;
        esac
        sed -i -e "/^$sym=/d" -e "/^# $sym is not set/d" "$src/.config"
        echo "$line" >>"$src/.config"
    done <"$here/busybox.config"
    yes "" | make -C "$src" oldconfig >/dev/null 2>&1 || true
    grep -qx 'CONFIG_STATIC=y' "$src/.config" || { note "busybox config not static"; exit 1; }
    note "building busybox (make -j$jobs)"
    make -C "$src" -s -j"$jobs" busybox >/dev/null 2>"$work/build.log" \
        || { tail -30 "$work/build.log" >&2; exit 1; }
    mkdir -p "$busybox_dir"
    cp "$src/busybox" "$busybox_dir/busybox.tmp"
    mv "$busybox_dir/busybox.tmp" "$busybox_dir/busybox"
    rm -rf "$work"
}

# --- initramfs: busybox (its applet links are made at boot by init.sh: busybox --install) and init.sh as /init.
build_initramfs() {
    local work="$out.work"
    rm -rf "$work"
    mkdir -p "$work"
    cat >"$work/initramfs.list" <<LIST
dir /bin 0755 0 0
dir /sbin 0755 0 0
dir /usr 0755 0 0
dir /usr/bin 0755 0 0
dir /usr/sbin 0755 0 0
dir /dev 0755 0 0
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
dir /mnt 0755 0 0
dir /root 0700 0 0
dir /etc 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/null 0666 0 0 c 1 3
file /bin/busybox $busybox_dir/busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
file /init $here/init.sh 0755 0 0
LIST
    "$kernel_dir/gen_init_cpio" "$work/initramfs.list" | gzip -9 >"$work/initramfs.cpio.gz"
    cp "$kernel_dir/Image" "$kernel_dir/linux.config" "$work/"
    rm -rf "$out"
    mv "$work" "$out"
}

build_kernel
build_busybox
build_initramfs
note "done: $out"
echo "$out"
