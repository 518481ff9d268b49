#!/bin/sh
# Debian's Chromium on the machine's real clock. The shifted pass of scripts/test.sh preloads libfaketime into the
# tests' Node processes, and Chromium (which prints the PDF reports) crashes under it; it needs no shift of its own.
unset LD_PRELOAD FAKETIME FAKETIME_DONT_FAKE_MONOTONIC
exec /usr/bin/chromium "$@"
