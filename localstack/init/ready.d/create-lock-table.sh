#!/bin/bash
# LocalStack ready hook: create the lock table from lock-table.json, the CLI form of the table
# definition in the application (LockTable.createTableRequest; LockTableDefinitionIntegrationTest
# keeps the two identical). The replicas run with create-table off, as in production.
set -euo pipefail
if awslocal dynamodb describe-table --table-name scalepoc-leases >/dev/null 2>&1; then
  echo "lock table scalepoc-leases exists"
else
  awslocal dynamodb create-table --cli-input-json file:///etc/localstack/lock-table.json
  awslocal dynamodb wait table-exists --table-name scalepoc-leases
  echo "lock table scalepoc-leases created"
fi
