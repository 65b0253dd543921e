package dev.genserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of the genserver-boot service. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class GenServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(GenServerApplication.class, args);
    }
}
