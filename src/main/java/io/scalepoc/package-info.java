/**
 * The application: {@code ScalePocApplication}, the composition root that starts a replica. It may
 * use every capability below; nothing imports it.
 */
package io.scalepoc;
