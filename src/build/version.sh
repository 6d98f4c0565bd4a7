#!/bin/sh
# version.sh VERSION BASEDIR OUT: writes OUT (dev/nslab/cli/version.properties), which
# `nslab --version` reads: the version, and the commit the tree at BASEDIR is at with whether
# tracked files differ from it. A tree that is not a git work tree of its own (a source archive,
# even one unpacked inside another repository), or a machine without git, records no commit:
# --version then says "built outside git". Run by Maven (pom.xml, execution version-file): a
# shell and git cost milliseconds where a Groovy or Java step costs Maven seconds.
version=$1 base=$2 out=$3
commit="" dirty=false
top=$(git -C "$base" rev-parse --show-toplevel 2>/dev/null) || top=""
if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$base" && pwd -P)" ]; then
  commit=$(git -C "$base" rev-parse --short=12 HEAD 2>/dev/null) || commit=""
  if [ -n "$commit" ] && [ -n "$(git -C "$base" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    dirty=true
  fi
fi
mkdir -p "$(dirname "$out")"
printf '# Written by src/build/version.sh at build time; read by Main.Version.\nversion=%s\ncommit=%s\ndirty=%s\n' \
  "$version" "$commit" "$dirty" >"$out"
