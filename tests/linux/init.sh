#!/bin/sh
# /init of the virt board's Linux test initramfs: mounts proc, sys and dev, prints the marker the tests wait
# for, then runs the commands of the kernel command line's rvjit_run= (a test's script: it ends with
# `poweroff -f`) or else an interactive shell on the console.
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
echo "rvjit-linux: init up ($(uname -r), $(grep -c ^processor /proc/cpuinfo) harts)"
if [ -n "${rvjit_run:-}" ]; then
    sh -c "$rvjit_run"
fi
# A shell on the console with job control (setsid + cttyhack give it a controlling terminal).
while true; do
    setsid cttyhack sh
done
