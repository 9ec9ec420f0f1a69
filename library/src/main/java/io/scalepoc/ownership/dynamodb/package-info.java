/**
 * The lease adapter: the AWS DynamoDB Lock Client (SDK v2) over the lock table, its probe, its
 * request metrics and the early lease observation. The only package that may import the AWS SDK. It
 * implements ports of {@code ownership} and may import {@code config} and {@code support}.
 */
package io.scalepoc.ownership.dynamodb;
