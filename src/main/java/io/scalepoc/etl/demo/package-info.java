/**
 * The demo profile's jobs: the Java {@code customers-sync} with its transforms and the demo
 * properties. Active only in profile {@code demo}; it may import what {@code etl} may.
 */
package io.scalepoc.etl.demo;
