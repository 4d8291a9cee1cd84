#!/usr/bin/env bash
# Builds the real programs of the comparison (none written here) from Debian's source packages and Go's own
# sources, twice each: a static riscv64 Linux binary (what qemu-riscv64 and rvjit run) and a native x86-64
# binary of the same sources (the baseline), into bench/compare/build/real/{riscv64,native}/NAME, plus their
# generated inputs in bench/compare/build/real/data. compare.py's REAL_PROGRAMS says how each one is run.
#
# Cached: a program whose two binaries exist is not rebuilt (rm -rf bench/compare/build/real to redo all).
# A program whose sources cannot be obtained is skipped with a message; the others still build.
# Sources come from `apt-get source --download-only` (this script adds a deb-src entry when apt has none);
# only the upstream (orig) tarball is unpacked: Debian's patches concern packaging, not these workloads.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/build/real"
debs="$out/debs"
work="$out/work"
data="$out/data"
RV_CC="${RV_CC:-riscv64-linux-gnu-gcc}"
RV_CXX="${RV_CXX:-riscv64-linux-gnu-g++}"
RV_FLAGS=(-O2 -static -march=rv64gc)
NATIVE_FLAGS=(-O2)
mkdir -p "$out/riscv64" "$out/native" "$debs" "$work" "$data"

note() { echo "  real: $*" >&2; }
skip() { echo "build-real.sh: skipping $1: $2" >&2; }
built() { [ -x "$out/riscv64/$1" ] && [ -x "$out/native/$1" ]; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# Some sandboxes keep apt's helper from finding gpgv by PATH; naming it is harmless elsewhere.
APT_OPTS=(-o Apt::Key::gpgvcommand=/usr/bin/gpgv)

. "$here/../../scripts/lib/debian-source.sh"

# unpack_source PACKAGE DIR: downloads PACKAGE's Debian source (once) and unpacks its upstream tarball into
# $work/DIR (fresh). Fails when the source cannot be had.
unpack_source() {
    local package="$1" dir="$2" orig
    orig="$(orig_tarball "$package" "$debs")" || return 1
    rm -rf "${work:?}/$dir" "$work/.unpack"
    mkdir -p "$work/.unpack"
    tar xf "$orig" -C "$work/.unpack" || return 1
    mv "$work/.unpack"/* "$work/$dir" && rmdir "$work/.unpack"
}

# --- gofmt: Go's own formatter (cmd/gofmt from Debian's golang-go), formatting a large file of Go's library.
build_gofmt() {
    built gofmt && return 0
    command -v go >/dev/null 2>&1 || $SUDO apt-get install -y -qq golang-go >/dev/null 2>&1
    command -v go >/dev/null 2>&1 || { skip gofmt "no go toolchain (apt-get install golang-go)"; return; }
    local goroot
    goroot="$(go env GOROOT)"
    note "go build cmd/gofmt (riscv64 and native)"
    (cd "$goroot/src" && GOARCH=riscv64 CGO_ENABLED=0 go build -o "$out/riscv64/gofmt" ./cmd/gofmt \
        && CGO_ENABLED=0 go build -o "$out/native/gofmt" ./cmd/gofmt) || { skip gofmt "go build failed"; return; }
    # Inputs: a big file of Go's library, copied so the path is the same for every runner.
    cp "$goroot/src/net/http/server.go" "$data/server.go"
}

# --- strconv.test: the test binary of Go's strconv package (`go test -c`), run in a copy of its directory.
build_go_test() {
    built strconv.test && [ -d "$data/strconv/testdata" ] && return 0
    command -v go >/dev/null 2>&1 || { skip strconv.test "no go toolchain (apt-get install golang-go)"; return; }
    local goroot
    goroot="$(go env GOROOT)"
    note "go test -c strconv (riscv64 and native)"
    (cd "$goroot/src" && GOARCH=riscv64 CGO_ENABLED=0 go test -c -o "$out/riscv64/strconv.test" strconv \
        && CGO_ENABLED=0 go test -c -o "$out/native/strconv.test" strconv) || { skip strconv.test "go test -c failed"; return; }
    mkdir -p "$data/strconv" && cp -r "$goroot/src/strconv/testdata" "$data/strconv/"
}

# --- sqlite: Debian's sqlite3 source; the amalgamation is generated natively (needs tclsh), then
# speedtest1 (SQLite's own benchmark) and the sqlite3 shell are compiled for both targets.
build_sqlite() {
    built speedtest1 && built sqlite3 && return 0
    command -v tclsh >/dev/null 2>&1 || $SUDO apt-get install -y -qq tcl >/dev/null 2>&1
    unpack_source sqlite3 sqlite || { skip sqlite "apt-get source sqlite3 failed"; return; }
    note "sqlite: generating the amalgamation"
    (cd "$work/sqlite" && ./configure --disable-tcl >/dev/null 2>&1 && make sqlite3.c shell.c >/dev/null 2>&1) \
        || { skip sqlite "amalgamation failed (tclsh missing?)"; return; }
    local defs=(-DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=0 -I"$work/sqlite")
    note "sqlite: compiling speedtest1 and the shell"
    "$RV_CC" "${RV_FLAGS[@]}" "${defs[@]}" -o "$out/riscv64/speedtest1" "$work/sqlite/test/speedtest1.c" "$work/sqlite/sqlite3.c" -lm \
        && gcc "${NATIVE_FLAGS[@]}" "${defs[@]}" -o "$out/native/speedtest1" "$work/sqlite/test/speedtest1.c" "$work/sqlite/sqlite3.c" -lm \
        && "$RV_CC" "${RV_FLAGS[@]}" "${defs[@]}" -o "$out/riscv64/sqlite3" "$work/sqlite/shell.c" "$work/sqlite/sqlite3.c" -lm \
        && gcc "${NATIVE_FLAGS[@]}" "${defs[@]}" -o "$out/native/sqlite3" "$work/sqlite/shell.c" "$work/sqlite/sqlite3.c" -lm \
        || { rm -f "$out"/*/speedtest1 "$out"/*/sqlite3; skip sqlite "compile failed"; }
}

# --- lua: Debian's lua5.1 source (its tarball keeps Lua's own test/ scripts, which 5.4's does not).
build_lua() {
    built lua && return 0
    unpack_source lua5.1 lua || { skip lua "apt-get source lua5.1 failed"; return; }
    local srcs=()
    for f in "$work/lua/src"/*.c; do
        case "$(basename "$f")" in luac.c|print.c) ;; *) srcs+=("$f") ;; esac
    done
    note "lua: compiling"
    "$RV_CC" "${RV_FLAGS[@]}" -DLUA_USE_POSIX -o "$out/riscv64/lua" "${srcs[@]}" -lm \
        && gcc "${NATIVE_FLAGS[@]}" -DLUA_USE_POSIX -o "$out/native/lua" "${srcs[@]}" -lm \
        || { rm -f "$out"/*/lua; skip lua "compile failed"; return; }
    cp "$work/lua/test"/*.lua "$data/"
}

# --- zstd: Debian's libzstd source; the zstd command (threads with -T2) and its datagen for the input.
build_zstd() {
    built zstd && [ -s "$data/datagen-8M" ] && [ -s "$data/datagen-4M" ] && return 0
    local arch cc flags
    for arch in riscv64 native; do
        unpack_source libzstd "zstd-$arch" || { skip zstd "apt-get source libzstd failed"; return; }
        if [ "$arch" = riscv64 ]; then cc="$RV_CC"; flags="-static"; else cc=gcc; flags=""; fi
        note "zstd: compiling ($arch)"
        make -C "$work/zstd-$arch/programs" -j2 zstd CC="$cc" LDFLAGS="$flags" HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0 \
            >/dev/null 2>&1 || { skip zstd "make failed ($arch)"; return; }
        cp "$work/zstd-$arch/programs/zstd" "$out/$arch/zstd"
    done
    make -C "$work/zstd-native/tests" datagen >/dev/null 2>&1 || { skip zstd "datagen failed"; return; }
    # zstd's synthetic compressible data (deterministic: fixed seeds); lzip compresses the smaller one.
    "$work/zstd-native/tests/datagen" -g8MB -s1 > "$data/datagen-8M"
    "$work/zstd-native/tests/datagen" -g4MB -s2 > "$data/datagen-4M"
}

# --- lzip: Debian's lzip source, a C++ compressor (LZMA), compiled with the C++ cross compiler.
build_lzip() {
    built lzip && return 0
    unpack_source lzip lzip || { skip lzip "apt-get source lzip failed"; return; }
    local version
    version="$(sed -n 's/^pkgversion=//p;s/^version=//p' "$work/lzip/configure" | tail -1)"
    note "lzip: compiling (C++)"
    "$RV_CXX" "${RV_FLAGS[@]}" -DPROGVERSION="\"$version\"" -o "$out/riscv64/lzip" "$work/lzip"/*.cc \
        && g++ "${NATIVE_FLAGS[@]}" -DPROGVERSION="\"$version\"" -o "$out/native/lzip" "$work/lzip"/*.cc \
        || { rm -f "$out"/*/lzip; skip lzip "compile failed"; }
}

# --- duk: Duktape (Debian's duktape source), a JavaScript engine: its command line `duk` (as its
# Makefile.cmdline builds it, with print/console/logging/modules) running the tarball's own mandel.js.
build_duktape() {
    built duk && [ -s "$data/mandel.js" ] && return 0
    unpack_source duktape duktape || { skip duk "apt-get source duktape failed"; return; }
    local d="$work/duktape" srcs=() defs=()
    srcs=("$d/src/duktape.c" "$d/examples/cmdline/duk_cmdline.c")
    defs=(-std=c99 -I"$d/examples/cmdline" -I"$d/src")
    for extra in print-alert:PRINTALERT console:CONSOLE logging:LOGGING module-duktape:MODULE; do
        local dir="${extra%%:*}" name="${extra##*:}"
        defs+=(-DDUK_CMDLINE_${name}_SUPPORT -I"$d/extras/$dir")
        srcs+=("$d/extras/$dir"/duk_*.c)
    done
    note "duk: compiling"
    "$RV_CC" "${RV_FLAGS[@]}" "${defs[@]}" -o "$out/riscv64/duk" "${srcs[@]}" -lm \
        && gcc "${NATIVE_FLAGS[@]}" "${defs[@]}" -o "$out/native/duk" "${srcs[@]}" -lm \
        || { rm -f "$out"/*/duk; skip duk "compile failed"; return; }
    cp "$d/mandel.js" "$data/"
}

build_gofmt
build_go_test
build_sqlite
build_lua
build_zstd
build_lzip
build_duktape
exit 0
