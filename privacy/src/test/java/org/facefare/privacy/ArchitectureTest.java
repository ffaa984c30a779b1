package org.facefare.privacy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's structural guarantees: SQL only in the PostgreSQL adapter, keys and ciphers only
 * where they belong, and no way to list templates but the index loader's.
 */
class ArchitectureTest {

  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.facefare.privacy");
  }

  @Test
  void onlyThePostgresAdapterSpeaksSql() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.facefare.privacy.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.jdbi..", "org.postgresql..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("org.facefare.storage..")
        .check(classes);
  }

  @Test
  void theDomainKnowsNothingOfTheAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.facefare.privacy.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.facefare.privacy.postgres..")
        .check(classes);
  }

  @Test
  void templatesAreDecryptedOnlyInTheVault() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.facefare.privacy.vault..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("javax.crypto..")
        .check(classes);
  }

  @Test
  void noPublicMethodEnumeratesTemplatesExceptTheIndexLoadersSource() {
    methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAnyPackage("org.facefare.privacy..")
        .and()
        .doNotHaveFullName("org.facefare.privacy.facepay.FacePay.enrolledTemplates()")
        .should()
        .notHaveRawReturnType(Iterable.class)
        .andShould()
        .notHaveRawReturnType(Iterator.class)
        .andShould()
        .notHaveRawReturnType(Stream.class)
        .because("templates are read for named riders only; the index loader is the one exception")
        .check(classes);
  }
}
