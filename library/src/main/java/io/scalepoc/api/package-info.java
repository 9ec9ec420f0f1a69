/**
 * The HTTP API and the status page's data: the jobs ({@code ControlApiController}), the cluster and
 * overview ({@code ClusterController}), alerts ({@code AlertsController}), problem details, the
 * OpenAPI document and security (HTTP Basic for the operator, optional bearer tokens of the team's
 * identity provider with viewer and operator roles). It may import every capability; nothing imports
 * it.
 */
package io.scalepoc.api;
