/**
 * The application: {@code ScalePocApplication}, scale-poc's own Spring Boot application on the
 * library (the local cluster, the image, the demo). It may use the library's public types; nothing
 * imports it. The library's packages ({@code io.scalepoc.autoconfigure} and the capabilities below
 * it) live in {@code library/}.
 */
package io.scalepoc;
