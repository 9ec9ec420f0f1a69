package io.scalepoc.api;

import io.scalepoc.config.SecurityProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A bearer token's caller: named by {@code scalepoc.security.name-claim} (else {@code sub}, which
 * the jobs' events then record), with the role viewer when the roles claim lists the viewer value,
 * and operator (which reads too) when it lists the operator value. Anything else in the claim is
 * ignored; a token with neither may read only while anonymous reads are allowed.
 */
final class TokenRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SecurityProperties security;

    TokenRoles(SecurityProperties security) {
        this.security = security;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Collection<String> roles = roles(jwt.getClaims(), security.rolesClaim());
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (roles.contains(security.operatorRole())) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + ApiSecurityConfiguration.ROLE));
            authorities.add(new SimpleGrantedAuthority("ROLE_" + ApiSecurityConfiguration.VIEWER));
        } else if (roles.contains(security.viewerRole())) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + ApiSecurityConfiguration.VIEWER));
        }
        String name = jwt.getClaimAsString(security.nameClaim());
        return new JwtAuthenticationToken(jwt, authorities, name == null || name.isBlank() ? jwt.getSubject() : name);
    }

    /** The strings at {@code path} (dots go into nested objects): a list, or one space-separated string. */
    static Collection<String> roles(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(part);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (value instanceof String text) {
            return Arrays.asList(text.trim().split("\\s+"));
        }
        return List.of();
    }
}
