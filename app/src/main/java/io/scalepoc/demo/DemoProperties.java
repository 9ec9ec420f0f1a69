package io.scalepoc.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo (profile {@code demo}, the default when no profile is active).
 *
 * @param chunkSize rows per chunk of the four table-sync jobs
 * @param insertsPerRun rows the demo generator inserts into each source table per run
 * @param updatesPerRun existing rows the demo generator updates in each source table per run
 */
@ConfigurationProperties("scalepoc.demo")
public record DemoProperties(
        @DefaultValue("5000") int chunkSize,
        @DefaultValue("25") int insertsPerRun,
        @DefaultValue("10") int updatesPerRun) {}
