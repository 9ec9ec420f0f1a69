package io.scalepoc.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void shouldKeepOnlySchemeHostAndPortOfAUrlThatMayHoldASecret() {
        assertThat(Redaction.url("https://hooks.example.com/services/T0/B0/s3cr3t?token=abc"))
                .isEqualTo("https://hooks.example.com/…");
        assertThat(Redaction.url("http://user:pa55@alerts.internal:9000/hook"))
                .isEqualTo("http://alerts.internal:9000/…")
                .doesNotContain("pa55");
        assertThat(Redaction.url("https://alerts.example.com")).isEqualTo("https://alerts.example.com");
    }

    @Test
    void shouldNotShowAValueThatIsNotAUrl() {
        assertThat(Redaction.url("not a url with s3cr3t")).doesNotContain("s3cr3t");
        assertThat(Redaction.url("hooks/s3cr3t")).doesNotContain("s3cr3t");
        assertThat(Redaction.url(null)).isEqualTo("(none)");
    }

    @Test
    void shouldRedactTheUrlWhereverItAppearsInAMessage() {
        String url = "https://hooks.example.com/services/s3cr3t";

        assertThat(Redaction.withoutUrl("POST " + url + " failed: timeout", url))
                .isEqualTo("POST https://hooks.example.com/… failed: timeout");
    }
}
