package org.facefare.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structural guarantees of the face's one use, over the production code of every module
 * (benchmarks and tests excluded): only the fare authority's flow asks the gallery who a face is,
 * only the privacy module's face-pay lifecycle enrols or removes riders (besides the demo's
 * synthetic crowd, which is nobody's face), the only HTTP servers are the gate protocol's and the
 * web apps', and the web apps never reach the gallery.
 */
class FaceUseArchitectureTest {

  static JavaClasses production;

  @BeforeAll
  static void load() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/bench/"))
            .importPackages("org.facefare");
  }

  @Test
  void onlyTheFareAuthorityFlowAsksTheGalleryWhoAFaceIs() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.facefare.gallery..")
        .and()
        .doNotHaveFullyQualifiedName("org.facefare.server.wiring.GalleryRiderMatcher")
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "a decide method of Gallery",
                (JavaMethodCall call) ->
                    call.getTarget().getOwner().getName().equals("org.facefare.gallery.Gallery")
                        && call.getTarget().getName().startsWith("decide")))
        .because("a face is only ever looked up to decide a signed gate request's fare")
        .check(production);
  }

  @Test
  void theGalleryMatcherIsUsedOnlyByTheFareAuthorityWiring() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("org.facefare.server.wiring.FaceFareSystem")
        .and()
        .doNotHaveFullyQualifiedName("org.facefare.server.wiring.GalleryRiderMatcher")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.facefare.server.wiring.GalleryRiderMatcher")
        .check(production);
    noClasses()
        .that()
        .resideOutsideOfPackages("org.facefare.gate.authority..", "org.facefare.server.wiring..")
        .should()
        .callMethod(
            org.facefare.gate.authority.RiderMatcher.class,
            "identify",
            org.facefare.face.Template.class)
        .check(production);
  }

  @Test
  void theOnlyHttpServersAreTheGateProtocolAndTheWebApps() {
    noClasses()
        .that()
        .haveNameNotMatching("org\\.facefare\\.gate\\.transport\\.AuthorityHttpServer(\\$.*)?")
        .and()
        .resideOutsideOfPackage("org.facefare.server.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
        .because("no HTTP route may expose gallery search, template export or trip queries")
        .check(production);
  }

  @Test
  void theWebAppsNeverTouchTheGallery() {
    noClasses()
        .that()
        .resideInAPackage("org.facefare.server.web..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.facefare.gallery..")
        .orShould()
        .callMethod(org.facefare.server.wiring.FaceFareSystem.class, "gallery")
        .because(
            "a web page may enrol a face through the privacy module's consent flow and ask the"
                + " fare authority through a signed gate request, never search the gallery")
        .check(production);
  }
}
