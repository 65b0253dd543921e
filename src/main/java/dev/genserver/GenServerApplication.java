package dev.genserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of the genserver-boot service. */
@SpringBootApplication
// @SpringBootApplication's own scan, plus: a management context configuration belongs to the management port's
// child context only (dev.genserver.server.ManagementPortConfiguration), not to the application context.
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class)})
@EnableScheduling
@ConfigurationPropertiesScan
public class GenServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(GenServerApplication.class, args);
    }
}
