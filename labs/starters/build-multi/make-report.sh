#!/bin/sh
# Stands in for a compiler: it "builds" an artifact into /out.
mkdir -p /out
{
  echo "report built in the build stage"
  echo "build stage ran on: $(cat /etc/alpine-release 2>/dev/null || echo unknown) alpine"
} > /out/report.txt
echo "wrote /out/report.txt"
