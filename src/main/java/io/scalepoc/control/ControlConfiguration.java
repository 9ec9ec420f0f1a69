package io.scalepoc.control;

import io.scalepoc.control.jdbc.JdbcJobControlStore;
import io.scalepoc.control.jdbc.PostgresControlChannel;
import io.scalepoc.support.jdbc.PostgresNotifications;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ControlConfiguration {

    @Bean
    JdbcJobControlStore jobControlStore(JdbcTemplate jdbc) {
        return new JdbcJobControlStore(jdbc);
    }

    @Bean
    PostgresControlChannel controlChannel(PostgresNotifications notifications) {
        return new PostgresControlChannel(notifications);
    }
}
