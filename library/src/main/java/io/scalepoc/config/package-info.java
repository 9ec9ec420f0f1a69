/**
 * Configuration: the {@code scalepoc.*} records Spring binds ({@code ScalePocProperties}, {@code
 * DeclarativeJobs}, {@code SecurityProperties}), what other packages take of them ({@code
 * CatalogProperties}), and the one validator that checks everything before any bean exists and
 * reports every problem at once ({@code ConfigurationValidator}, with {@code SqlStatementRules} and the
 * {@code CatalogDatabaseCheck} adapters register). It may import only {@code support}; every other
 * package may import it.
 */
package io.scalepoc.config;
