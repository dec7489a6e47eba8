#!/bin/sh
# Runs inside the container: reports whether secrets.txt made it into the image.
if [ -e /app/secrets.txt ]; then
  echo "LEAKED: /app/secrets.txt is inside the image"
  exit 1
fi
echo "clean: no secrets.txt in this image"
ls /app
