#!/bin/sh
# Answers every page: adds one to the counter "visits" in Redis and shows it.
host=${REDIS_HOST:-localhost}
port=${REDIS_PORT:-6379}
# Redis understands plain text commands: INCR adds one and answers ":N".
reply=$(printf 'INCR visits\r\nQUIT\r\n' | nc -w 3 "$host" "$port" 2>&1 | head -n 1 | tr -d '\r')
case $reply in
  :*)
    printf 'Content-Type: text/plain\r\n\r\n'
    echo "Hello from the visits app! Visits counted so far: ${reply#:}"
    echo "(counted by Redis at $host:$port)"
    ;;
  *)
    printf 'Status: 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\n'
    echo "The visits app cannot reach its data store at $host:$port: ${reply:-no answer}"
    ;;
esac
