/**
 * Shared plumbing without a capability of its own: the base exception, redaction of secrets in
 * messages, the reference clock and start-up failure analysers. It imports no other scale-poc
 * package.
 */
package io.scalepoc.support;
