package io.esbackup.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.spring.EsbackupScheduler;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample orders are in the store before the scheduled backup can fire: a first firing that raced the writing
 * of the orders backed up only some of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext // closed before the folders of its @TempDir are deleted, so no firing writes into them again
class SampleOrdersTest {
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("esbackup.store", () -> "file:" + dir.resolve("esdata"));
        registry.add("esbackup.backups", () -> "file:" + dir.resolve("backups"));
    }

    @Autowired
    SchedulerStart start;

    @Test
    void theOrdersAreWrittenBeforeTheScheduleStarts() {
        assertThat(start.ordersFound).as("orders in the store when the schedule started")
                .isEqualTo(IntStream.rangeClosed(1, SampleOrders.ORDERS).mapToObj(n -> "order-" + n).toList());
    }

    @TestConfiguration
    static class Config {
        @Bean
        SchedulerStart schedulerStart(EventStore store) {
            return new SchedulerStart(store);
        }
    }

    /** Starts just before {@link EsbackupScheduler} (whose phase is the default, the last) and looks at the store. */
    static class SchedulerStart implements SmartLifecycle {
        private final EventStore store;
        volatile List<String> ordersFound;
        private volatile boolean running;

        SchedulerStart(EventStore store) {
            this.store = store;
        }

        @Override
        public void start() {
            ordersFound = IntStream.rangeClosed(1, SampleOrders.ORDERS).mapToObj(n -> "order-" + n)
                    .filter(id -> store.readDocument("order", id).isPresent()).toList();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return DEFAULT_PHASE - 1;
        }
    }
}
