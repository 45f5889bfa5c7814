package io.esbackup.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.IdPointers;
import io.esbackup.backup.JobLocks;
import io.esbackup.backup.UnfinishedBackups;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.BlobRestoreJournal;
import io.esbackup.testkit.BackupProviderConformance;
import io.esbackup.testkit.BackupProviderFixture;
import io.esbackup.testkit.BackupRegistryConformance;
import io.esbackup.testkit.BackupRegistryFixture;
import io.esbackup.testkit.BlobStoreConformance;
import io.esbackup.testkit.BlobStoreFixture;
import io.esbackup.testkit.EventStoreConformance;
import io.esbackup.testkit.EventStoreFixture;
import io.esbackup.testkit.JobLocksConformance;
import io.esbackup.testkit.RestoreJournalConformance;
import io.esbackup.testkit.RestoreJournalFixture;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs each conformance suite against stores (and registries) that do nothing and expects every test to fail: a test that
 * passes against them asserts nothing, and one that is skipped or aborted would hide a missing feature.
 * The suites under test live in this other package so that discovery of the suites' package-private test
 * methods from a subclass elsewhere, as every implementation's test does, is checked too.
 */
class SuiteNeverSkipsTest {

    // Static nested classes: Surefire's default excludes (**/*$*) keep them out of the normal build; they
    // only run through the launcher below.
    static class ThrowingBlobStoreSuite extends BlobStoreConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return ThrowingBlobStore::new;
        }
    }

    static class BlackHoleBlobStoreSuite extends BlobStoreConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return BlackHoleBlobStore::new;
        }
    }

    static class ThrowingEventStoreSuite extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            return EventStoreFixture.of(EventStoreConformance.BLOB_LAYOUT, ThrowingEventStore::new);
        }
    }

    static class BlackHoleEventStoreSuite extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            return EventStoreFixture.of(EventStoreConformance.BLOB_LAYOUT, BlackHoleEventStore::new);
        }
    }

    static class BlobEventStoreOverBlackHoleSuite extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            return EventStoreFixture.of(EventStoreConformance.BLOB_LAYOUT, () -> new BlobEventStore(new BlackHoleBlobStore()));
        }
    }

    static class BlobEventStoreOverThrowingSuite extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            return EventStoreFixture.of(EventStoreConformance.BLOB_LAYOUT, () -> new BlobEventStore(new ThrowingBlobStore()));
        }
    }

    static class ProviderOverBlackHoleSuite extends BackupProviderConformance {
        @Override
        protected BackupProviderFixture fixture() {
            return BackupProviderFixture.of(Set.of(UnfinishedBackups.class, JobLocks.class, IdPointers.class),
                    () -> new BlobBackupProvider(new BlackHoleBlobStore()));
        }
    }

    static class ProviderOverThrowingSuite extends BackupProviderConformance {
        @Override
        protected BackupProviderFixture fixture() {
            return BackupProviderFixture.of(Set.of(UnfinishedBackups.class, JobLocks.class, IdPointers.class),
                    () -> new BlobBackupProvider(new ThrowingBlobStore()));
        }
    }

    static class ThrowingBackupRegistrySuite extends BackupRegistryConformance {
        @Override
        protected BackupRegistryFixture fixture() {
            return ThrowingBackupRegistry::new;
        }
    }

    static class BlackHoleBackupRegistrySuite extends BackupRegistryConformance {
        @Override
        protected BackupRegistryFixture fixture() {
            return BlackHoleBackupRegistry::new;
        }
    }

    static class JournalOverBlackHoleSuite extends RestoreJournalConformance {
        @Override
        protected RestoreJournalFixture fixture() {
            return () -> new BlobRestoreJournal(new BlackHoleBlobStore(), ".esbackup/restores/");
        }
    }

    static class JournalOverThrowingSuite extends RestoreJournalConformance {
        @Override
        protected RestoreJournalFixture fixture() {
            return () -> new BlobRestoreJournal(new ThrowingBlobStore(), ".esbackup/restores/");
        }
    }

    static class JobLocksOverBlackHoleSuite extends JobLocksConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return BlackHoleBlobStore::new;
        }
    }

    static class JobLocksOverThrowingSuite extends JobLocksConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return ThrowingBlobStore::new;
        }
    }

    private record Result(String method, String displayName, TestExecutionResult.Status status) {}

    @ParameterizedTest
    @ValueSource(classes = {ThrowingBlobStoreSuite.class, BlackHoleBlobStoreSuite.class,
            ThrowingEventStoreSuite.class, BlackHoleEventStoreSuite.class,
            BlobEventStoreOverBlackHoleSuite.class, BlobEventStoreOverThrowingSuite.class,
            ThrowingBackupRegistrySuite.class, BlackHoleBackupRegistrySuite.class,
            JournalOverBlackHoleSuite.class, JournalOverThrowingSuite.class,
            ProviderOverBlackHoleSuite.class, ProviderOverThrowingSuite.class,
            JobLocksOverBlackHoleSuite.class, JobLocksOverThrowingSuite.class})
    void everyTestOfTheSuiteFailsAgainstAStoreThatDoesNothing(Class<?> suite) {
        List<Result> results = run(suite);

        assertThat(results).as("tests of %s that did not fail", suite.getSimpleName())
                .filteredOn(r -> r.status() != TestExecutionResult.Status.FAILED).isEmpty();
        Set<String> failed = results.stream().map(Result::method).collect(Collectors.toCollection(TreeSet::new));
        assertThat(failed).as("test methods of %s that ran and failed", suite.getSimpleName())
                .isEqualTo(testMethods(suite));
    }

    @Test
    void theSuitesHaveNoDisabledOrConditionalTests() {
        for (Class<?> suite : List.of(BlobStoreConformance.class, EventStoreConformance.class,
                BackupRegistryConformance.class, RestoreJournalConformance.class, BackupProviderConformance.class,
                JobLocksConformance.class)) {
            assertThat(skipAnnotations(suite)).as("%s", suite.getSimpleName()).isEmpty();
            for (Method m : suite.getDeclaredMethods()) {
                assertThat(skipAnnotations(m)).as("%s.%s", suite.getSimpleName(), m.getName()).isEmpty();
            }
        }
        assertThat(testMethods(BlobStoreConformance.class)).hasSizeGreaterThan(10);
        assertThat(testMethods(EventStoreConformance.class)).hasSizeGreaterThan(10);
        assertThat(testMethods(BackupRegistryConformance.class)).hasSizeGreaterThan(10);
        assertThat(testMethods(RestoreJournalConformance.class)).hasSizeGreaterThan(8);
        assertThat(testMethods(BackupProviderConformance.class)).hasSizeGreaterThan(10);
        assertThat(testMethods(JobLocksConformance.class)).hasSizeGreaterThan(10);
    }

    @Test
    void theTestkitSourcesUseNoAssumptions() throws IOException {
        // Surefire runs in the module's folder; an aborted test is caught above, this catches it in review.
        Path sources = Path.of("src/main/java/io/esbackup/testkit");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).as("%s", file).doesNotContain("Assumptions", "assumeTrue", "assumeThat", "@Disabled");
        }
    }

    /** Runs {@code suite} through the JUnit Platform launcher and records what happened to each test. */
    private static List<Result> run(Class<?> suite) {
        List<Result> results = new ArrayList<>();
        TestExecutionListener recorder = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                // A skipped container or test is recorded as such, so it can never pass for a failure.
                results.add(new Result(methodName(id), id.getDisplayName() + " (skipped: " + reason + ")", null));
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    results.add(new Result(methodName(id), id.getDisplayName(), result.getStatus()));
                }
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(suite))
                .build(), recorder);
        return results;
    }

    private static String methodName(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElse("(container " + id.getDisplayName() + ")");
    }

    /** Every test method (plain or parameterized) that {@code suite} declares or inherits. */
    private static Set<String> testMethods(Class<?> suite) {
        Set<String> names = new TreeSet<>();
        for (Class<?> c = suite; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (AnnotationSupport.isAnnotated(m, Testable.class)) {
                    names.add(m.getName());
                }
            }
        }
        return names;
    }

    private static List<Annotation> skipAnnotations(AnnotatedElement element) {
        return Stream.of(element.getAnnotations())
                .filter(a -> a.annotationType() == Disabled.class
                        || a.annotationType().getPackageName().equals("org.junit.jupiter.api.condition"))
                .toList();
    }
}
