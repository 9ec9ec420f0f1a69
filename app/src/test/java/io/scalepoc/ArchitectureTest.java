package io.scalepoc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.scalepoc.config.ScalePocProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;

/**
 * The architecture of docs/architecture.md ("Packages"), checked by the build: the capabilities are
 * layered, no package cycle, ports do not know their adapters, the AWS SDK and JDBC stay in their
 * adapters, the API is on top, and classes take the configuration record they need.
 */
@AnalyzeClasses(packages = "io.scalepoc", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.scalepoc";

    @ArchTest
    static final ArchRule capabilitiesAreLayered = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("application")
            .definedBy(ROOT)
            .layer("autoconfigure")
            .definedBy(ROOT + ".autoconfigure..")
            .layer("demo")
            .definedBy(ROOT + ".demo..")
            .layer("api")
            .definedBy(ROOT + ".api..")
            .layer("actuator")
            .definedBy(ROOT + ".actuator..")
            .layer("lifecycle")
            .definedBy(ROOT + ".lifecycle..")
            .layer("etl")
            .definedBy(ROOT + ".etl..")
            .layer("monitoring")
            .definedBy(ROOT + ".monitoring..")
            .layer("scheduling")
            .definedBy(ROOT + ".scheduling..")
            .layer("control")
            .definedBy(ROOT + ".control..")
            .layer("execution")
            .definedBy(ROOT + ".execution..")
            .layer("ownership")
            .definedBy(ROOT + ".ownership..")
            .layer("config")
            .definedBy(ROOT + ".config..")
            .layer("support")
            .definedBy(ROOT + ".support..")
            .whereLayer("autoconfigure")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("demo")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("api")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("actuator")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("lifecycle")
            .mayOnlyBeAccessedByLayers("actuator", "api", "application")
            .whereLayer("etl")
            .mayOnlyBeAccessedByLayers("demo")
            .whereLayer("monitoring")
            .mayOnlyBeAccessedByLayers("lifecycle", "actuator", "api")
            .whereLayer("scheduling")
            .mayOnlyBeAccessedByLayers("monitoring", "lifecycle", "actuator", "api")
            .whereLayer("control")
            .mayOnlyBeAccessedByLayers("scheduling", "monitoring", "lifecycle", "actuator", "api")
            .whereLayer("execution")
            .mayOnlyBeAccessedByLayers("control", "scheduling", "monitoring", "etl", "lifecycle", "actuator", "api")
            .whereLayer("ownership")
            .mayOnlyBeAccessedByLayers(
                    "execution",
                    "control",
                    "scheduling",
                    "monitoring",
                    "etl",
                    "lifecycle",
                    "actuator",
                    "api",
                    "application")
            .whereLayer("config")
            .mayOnlyAccessLayers("support")
            .whereLayer("support")
            .mayNotAccessAnyLayer();

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching(ROOT + ".(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule portsDoNotKnowTheirAdapters = noClasses()
            .that()
            .resideOutsideOfPackages("..jdbc..", "..dynamodb..")
            .and()
            .resideOutsideOfPackage(ROOT) // the application class, the composition root, may add an adapter's listener
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ROOT + "..jdbc..", ROOT + "..dynamodb..")
            .because("adapters are wired by their own configuration classes, next to them");

    @ArchTest
    static final ArchRule onlyTheDynamoDbAdapterUsesTheAwsSdk = noClasses()
            .that()
            .resideOutsideOfPackage(ROOT + ".ownership.dynamodb..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("software.amazon..", "com.amazonaws..");

    @ArchTest
    static final ArchRule onlyJdbcPackagesUseJdbc = noClasses()
            .that()
            .resideOutsideOfPackage("..jdbc..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.jdbc..", "javax.sql..", "org.postgresql..")
            .orShould()
            .dependOnClassesThat()
            .belongToAnyOf(Connection.class, Statement.class, PreparedStatement.class, ResultSet.class)
            .because("SQL lives only in the …jdbc adapters");

    @ArchTest
    static final ArchRule onlyWiringReadsTheRootProperties = noClasses()
            .that()
            .resideOutsideOfPackage(ROOT + ".config..")
            .and()
            .areNotAnnotatedWith(Configuration.class)
            .and()
            .areNotAssignableTo(BeanDefinitionRegistryPostProcessor.class) // binds before any bean exists
            .and()
            .areNotAssignableTo(ApplicationListener.class) // as do application listeners
            .should()
            .dependOnClassesThat()
            .areAssignableTo(ScalePocProperties.class)
            .because("classes take the configuration record they need, not the root of scalepoc.*");
}
