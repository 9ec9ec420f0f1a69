package io.scalepoc.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may read and who may change, beyond the one HTTP Basic operator of {@link
 * ControlProperties}. Bearer tokens of the team's identity provider are turned on
 * by Spring Boot's own {@code spring.security.oauth2.resourceserver.jwt.*} properties (issuer, JWK
 * set, audiences); these say how a token's claim maps to the two roles.
 *
 * @param anonymousReads whether GETs (the API, the status page) need no sign-in; health probes never
 *     do
 * @param rolesClaim the token claim listing the caller's roles, a dotted path for a nested one (e.g.
 *     {@code realm_access.roles}); a list of strings or one space-separated string
 * @param viewerRole the claim value that lets a caller read everything (every GET, the status page)
 * @param operatorRole the claim value that lets a caller also pause, resume, trigger and release
 * @param nameClaim the claim naming the caller in the jobs' events; {@code sub} when the token lacks it
 */
public record SecurityProperties(
        @DefaultValue("true") boolean anonymousReads,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("viewer") String viewerRole,
        @DefaultValue("operator") String operatorRole,
        @DefaultValue("preferred_username") String nameClaim) {

    /** The defaults. */
    public static final SecurityProperties DEFAULTS =
            new SecurityProperties(true, "roles", "viewer", "operator", "preferred_username");

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (rolesClaim == null || rolesClaim.isBlank()) {
            problems.add("scalepoc.security.roles-claim must not be blank");
        }
        if (nameClaim == null || nameClaim.isBlank()) {
            problems.add("scalepoc.security.name-claim must not be blank");
        }
        if (viewerRole == null || viewerRole.isBlank() || operatorRole == null || operatorRole.isBlank()) {
            problems.add("scalepoc.security.viewer-role and operator-role must not be blank");
        } else if (viewerRole.equals(operatorRole)) {
            problems.add(
                    "scalepoc.security.viewer-role and operator-role must differ, but both are '" + viewerRole + "'");
        }
        return problems;
    }
}
