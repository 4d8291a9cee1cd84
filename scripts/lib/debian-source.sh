# Debian source packages for the project's build scripts (sourced, not run): the Linux test kernel's busybox and
# the benchmark's real programs come from `apt-get source --download-only`; only the upstream (orig) tarball is
# used (Debian's patches concern packaging). The caller defines SUDO and APT_OPTS.

# ensure_deb_src PACKAGE: makes `apt-get source PACKAGE` work, adding a deb-src entry for the system's suite
# (then apt-get update) when apt has none. Fails when the source still cannot be had.
ensure_deb_src() {
    apt-cache showsrc "$1" 2>/dev/null | grep -q '^Package:' && return 0
    local codename
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    echo "adding deb-src for $codename (/etc/apt/sources.list.d/rvjit-src.sources)" >&2
    $SUDO tee /etc/apt/sources.list.d/rvjit-src.sources >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO apt-get "${APT_OPTS[@]}" update -qq >/dev/null 2>&1 || true
    apt-cache showsrc "$1" 2>/dev/null | grep -q '^Package:'
}

# downloaded_orig PACKAGE DIR: the upstream tarball of PACKAGE already in DIR, if any (prints nothing otherwise).
downloaded_orig() {
    { ls "$2"/"$1"_*.orig.tar.* 2>/dev/null || true; } | grep -v -e '\.asc$' -e '-www\.' | head -1 || true
}

# orig_tarball PACKAGE DIR: prints the path of PACKAGE's upstream tarball, downloaded into DIR once.
orig_tarball() {
    local package="$1" dir="$2" orig
    orig="$(downloaded_orig "$package" "$dir")"
    if [ -z "$orig" ]; then
        ensure_deb_src "$package" || return 1
        (cd "$dir" && apt-get "${APT_OPTS[@]}" -o APT::Sandbox::User=root source -qq --download-only "$package" >/dev/null 2>&1) || return 1
        orig="$(downloaded_orig "$package" "$dir")"
    fi
    [ -n "$orig" ] && echo "$orig"
}
