#!/bin/sh
# /init of the Debian-kernel test initramfs: loads the modules fetch-debian-kernel.sh packed (Debian builds
# virtio and ext4 as modules), mounts proc, sys and dev, prints the marker the tests wait for, then runs the
# kernel command line's rvjit_run= (a test's script, ending with `poweroff -f`) or else a shell on the console.
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
while read -r m; do
    insmod "/lib/modules/$m" || echo "rvjit-linux: insmod $m failed"
done </lib/modules/load-order
echo "rvjit-linux: init up ($(uname -r), $(grep -c ^processor /proc/cpuinfo) harts)"
if [ -n "${rvjit_run:-}" ]; then
    sh -c "$rvjit_run"
fi
while true; do
    setsid cttyhack sh
done
