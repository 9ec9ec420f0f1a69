/**
 * The demo profile's jobs: the Java {@code customers-sync} with its transforms and the demo
 * properties. Active only in profile {@code demo}; part of the application, not the library: it uses the library only through {@code etl}.
 */
package io.scalepoc.demo;
