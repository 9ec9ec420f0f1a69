package com.example.teamapp;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The team's application. Nothing here knows scale-poc: the dependency and {@code scalepoc.jobs} are all. */
@SpringBootApplication
public class TeamApplication {

    public static void main(String[] args) {
        SpringApplication.run(TeamApplication.class, args);
    }

    /** The team's own clock, as many applications have one (scale-poc's replica clock does not clash with it). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
