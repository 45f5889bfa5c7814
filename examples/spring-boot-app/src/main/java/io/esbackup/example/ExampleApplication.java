package io.esbackup.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that keeps its orders as event streams and lets the esbackup starter back them up every night,
 * clean up expired backups, and report on both through the actuator. Everything esbackup does here comes from
 * application.properties; the only code is a few sample orders ({@link SampleOrders}).
 */
@SpringBootApplication
public class ExampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
