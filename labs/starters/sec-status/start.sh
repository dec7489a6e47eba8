#!/bin/sh
# The status page: written when the container starts, then served on port 8080.
# It writes only to /tmp; everything else may be read-only.
set -e
mkdir -p /tmp/www
{
  echo '<h1>Status: up</h1>'
  echo "<p>Served by user ID $(id -u).</p>"
} >/tmp/www/index.html
exec httpd -f -p 8080 -h /tmp/www
