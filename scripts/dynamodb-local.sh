#!/usr/bin/env bash
# Runs DynamoDB Local (in memory) in the foreground: scripts/dynamodb-local.sh [PORT]   (default 8000)
# It comes from Maven Central (com.amazonaws:DynamoDBLocal, a test dependency of this project), so no
# download step of its own is needed. State is lost when it stops, as in the tests. -sharedDb: one
# database whatever access key and region a client signs with (DynamoDB Local separates them otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8000}"
classpath_file=target/dynamodb-local.classpath
if [ ! -s "$classpath_file" ] || [ app/pom.xml -nt "$classpath_file" ]; then
  mkdir -p target
  # the application module's test classpath; compiled in the same run so that the library resolves from the reactor
  ./mvnw -B -q -pl app -am -Dmaven.test.skip=true compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$classpath_file" >&2
fi
exec java -Xmx256m -cp "$(cat "$classpath_file")" com.amazonaws.services.dynamodbv2.local.main.ServerRunner \
  -inMemory -sharedDb -port "$port" -disableTelemetry
