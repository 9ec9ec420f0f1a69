package io.scalepoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules the architecture test cannot see: every package says in a {@code package-info.java}
 * what lives there and what it may import, and no class grows past 250 lines.
 */
class HouseRulesTest {

    /** The library's sources and the application's. */
    private static final List<Path> MAIN =
            List.of(Path.of("library/src/main/java/io/scalepoc"), Path.of("app/src/main/java/io/scalepoc"));

    private static final int MAX_LINES = 250;

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        try (Stream<Path> directories = walk()) {
            List<Path> packages = directories
                    .filter(Files::isDirectory)
                    .filter(HouseRulesTest::holdsJava)
                    .toList();
            assertThat(packages).isNotEmpty();
            assertThat(packages).allSatisfy(pkg -> assertThat(pkg.resolve("package-info.java"))
                    .exists());
        }
    }

    @Test
    void noClassIsLongerThan250Lines() throws IOException {
        try (Stream<Path> files = walk()) {
            List<String> tooLong = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> lines(file) > MAX_LINES)
                    .map(file -> file + " (" + lines(file) + " lines)")
                    .toList();
            assertThat(tooLong).isEmpty();
        }
    }

    private static Stream<Path> walk() throws IOException {
        Stream<Path> all = Stream.empty();
        for (Path root : MAIN) {
            assertThat(root).isDirectory();
            all = Stream.concat(all, Files.walk(root));
        }
        return all;
    }

    private static boolean holdsJava(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(file -> file.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
