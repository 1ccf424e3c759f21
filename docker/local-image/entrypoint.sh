#!/bin/sh
# The official image's entrypoint rewrites conf/ from ACTIVEMQ_* variables; the harness writes the
# whole configuration itself, so this image only runs the command it is given.
exec "$@"
