package io.scalepoc.support;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Shows a URL that may carry a secret (a webhook's token in its path or query, credentials in its
 * user info) without the secret: scheme, host and port only, the rest replaced by {@code …}. For
 * logs and error messages; the full URL is only ever used to send the request.
 */
public final class Redaction {

    private Redaction() {}

    /** {@code https://hooks.example.com/services/T0/B0/XYZ?x=1} → {@code https://hooks.example.com/…}. */
    public static String url(String url) {
        if (url == null) {
            return "(none)";
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(a value that is not an absolute URL; not shown)";
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            boolean more = uri.getRawUserInfo() != null
                    || (uri.getRawPath() != null
                            && !uri.getRawPath().isEmpty()
                            && !uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null;
            return uri.getScheme() + "://" + uri.getHost() + port + (more ? "/…" : "");
        } catch (URISyntaxException e) {
            return "(a value that is not a URL; not shown)";
        }
    }

    /** {@code text} with every occurrence of {@code url} replaced by its redacted form. */
    public static String withoutUrl(String text, String url) {
        if (text == null || url == null || url.isEmpty()) {
            return text;
        }
        return text.replace(url, url(url));
    }
}
