#!/usr/bin/env bash
# Fetches what the virt board's Debian-kernel tests boot: Debian trixie's generic riscv64 kernel (the
# linux-image package linux-image-riscv64 points at, as Debian's installer and cloud images use it) and
# busybox-static, from deb.debian.org through a private apt configuration (APT::Architecture "riscv64"; the
# host's apt state is not touched), and builds an initramfs by hand: busybox as /init's shell, the kernel's
# virtio, ext4 and their dependencies' modules (Debian builds them as modules), loaded by init.sh in order.
# Prints the directory holding Image (the kernel), initramfs.cpio.gz and kernel-version.
#
# Cached outside the repository: ${RVJIT_CACHE:-~/.cache/rvjit}/debian-kernel-<hash of this script and init>/.
# Progress goes to stderr. Also installs qemu-utils (qemu-img) when missing, which the qcow2 tests use.
# Usage: fetch-debian-kernel.sh [--print-dir | --tools]   (--tools: install the host tools, print qemu-img's path)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${RVJIT_CACHE:-$HOME/.cache/rvjit}"
digest() { sha256sum | cut -c1-16; }
out="$cache/debian-kernel-$( (cat "$here/fetch-debian-kernel.sh" "$here/debian-init.sh") | digest)"
if [ "${1:-}" = "--print-dir" ]; then echo "$out"; exit 0; fi
done_marker() { [ -f "$out/Image" ] && [ -f "$out/initramfs.cpio.gz" ]; }
note() { echo "fetch-debian-kernel: $*" >&2; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
APT_OPTS=(-o Apt::Key::gpgvcommand=/usr/bin/gpgv)

# Host tools: qemu-img for the qcow2 tests, cpio for the initramfs, zstd for Debian's compressed modules.
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have qemu-img || need+=(qemu-utils)
have cpio || need+=(cpio)
have zstd || need+=(zstd)
have mkfs.ext4 || need+=(e2fsprogs)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
if [ ${#need[@]} -gt 0 ]; then
    note "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get "${APT_OPTS[@]}" update -qq >/dev/null
    $SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ "${1:-}" = "--tools" ]; then command -v qemu-img; exit 0; fi
if done_marker; then echo "$out"; exit 0; fi

mkdir -p "$cache"
exec 9>"$cache/debian-kernel.lock"
flock 9
if done_marker; then echo "$out"; exit 0; fi

# --- A private apt for riscv64 trixie: its own state, cache and sources; signatures checked with Debian's keyring.
apt_dir="$cache/debian-riscv64-apt"
mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/etc/preferences.d"
echo "deb [arch=riscv64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
    >"$apt_dir/etc/sources.list"
touch "$apt_dir/state/status" "$apt_dir/etc/preferences"
cat >"$apt_dir/apt.conf" <<CONF
Dir::State "$apt_dir/state";
Dir::State::status "$apt_dir/state/status";
Dir::Cache "$apt_dir/cache";
Dir::Etc::SourceList "$apt_dir/etc/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::Etc::Preferences "$apt_dir/etc/preferences";
Dir::Etc::PreferencesParts "$apt_dir/etc/preferences.d";
APT::Architecture "riscv64";
APT::Architectures { "riscv64"; };
APT::Sandbox::User "root";
CONF
export APT_CONFIG="$apt_dir/apt.conf"
note "apt-get update (trixie, riscv64)"
apt-get "${APT_OPTS[@]}" update -qq >/dev/null || { note "apt-get update failed: cannot reach deb.debian.org"; exit 1; }
# The versioned kernel package the metapackage depends on (linux-image-6.12.*-riscv64).
image_pkg="$(apt-cache depends linux-image-riscv64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -1)"
[ -n "$image_pkg" ] || { note "linux-image-riscv64 names no kernel package"; exit 1; }
debs="$apt_dir/debs"
mkdir -p "$debs"
for pkg in "$image_pkg" busybox-static; do
    ls "$debs/${pkg}"_*.deb >/dev/null 2>&1 && continue
    note "downloading $pkg"
    (cd "$debs" && apt-get "${APT_OPTS[@]}" download -qq "$pkg" >/dev/null) || { note "apt-get download $pkg failed"; exit 1; }
done

work="$out.work"
rm -rf "$work"
mkdir -p "$work/kernel" "$work/busybox" "$work/root"
dpkg-deb -x "$(ls "$debs"/"$image_pkg"_*.deb | head -1)" "$work/kernel"
dpkg-deb -x "$(ls "$debs"/busybox-static_*.deb | head -1)" "$work/busybox"
version="$(ls "$work/kernel/lib/modules" 2>/dev/null || ls "$work/kernel/usr/lib/modules")"
moddir="$work/kernel/lib/modules/$version"
[ -d "$moddir" ] || moddir="$work/kernel/usr/lib/modules/$version"
# Debian installs the riscv64 kernel as /boot/vmlinux-*: the flat Image (with its EFI PE header), loaded at 0x80200000.
cp "$work/kernel/boot/vmlinux-$version" "$work/Image"
cp "$work/kernel/boot/config-$version" "$work/kernel.config"

# --- Modules: what the virt board's devices and an ext4 disk need, dependencies first. The package has no
# modules.dep (depmod runs at install), so each module's own .modinfo `depends=` names its dependencies.
wanted="virtio_mmio virtio_blk virtio_net virtio-rng crc32c_generic ext4"
declare -A seen=()
mkdir -p "$work/root/lib/modules"
: >"$work/root/lib/modules/load-order"
unpack_module() { # PATH DEST: the module's ELF, whatever Debian compressed it with
    case "$1" in
        *.ko.xz) xz -dc "$1" >"$2" ;;
        *.ko.zst) zstd -qdc "$1" >"$2" ;;
        *) cp "$1" "$2" ;;
    esac
}
add_module() { # NAME: appends NAME's dependencies, then NAME, once each (absent: built in)
    local name="$1" path ko dep
    path="$(find "$moddir/kernel" -regex ".*/${name//[-_]/[-_]}\\.ko\\(\\.[a-z]+\\)?" | head -1)"
    [ -n "$path" ] || return 0
    [ -n "${seen[$path]:-}" ] && return 0
    seen[$path]=1
    ko="$(basename "$path")"; ko="${ko%%.ko*}.ko"
    unpack_module "$path" "$work/root/lib/modules/$ko"
    for dep in $(tr '\0' '\n' <"$work/root/lib/modules/$ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
        add_module "$dep"
    done
    echo "$ko" >>"$work/root/lib/modules/load-order"
}
for m in $wanted; do add_module "$m"; done
note "modules: $(tr '\n' ' ' <"$work/root/lib/modules/load-order")"

# --- initramfs: busybox-static, debian-init.sh as /init (cpio -H newc, owned by root).
cd "$work/root"
mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp mnt root etc
mknod -m 600 dev/console c 5 1
mknod -m 666 dev/null c 1 3
cp "$work/busybox/usr/bin/busybox" bin/busybox
ln -sf busybox bin/sh
cp "$here/debian-init.sh" init
chmod 0755 init bin/busybox
find . | sort | cpio -o -H newc -R 0:0 --quiet | gzip -9 >"$work/initramfs.cpio.gz"
cd "$cache"
echo "$version" >"$work/kernel-version"
rm -rf "$work/kernel" "$work/busybox" "$work/root"
rm -rf "$out"
mv "$work" "$out"
note "done: $out ($version)"
echo "$out"
