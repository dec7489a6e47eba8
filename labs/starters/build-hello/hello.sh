#!/bin/sh
# This script is copied into the image at build time and runs when a container starts.
echo "Hello from inside build-hello!"
echo "I run as process $$ in a container built from your own Dockerfile."
