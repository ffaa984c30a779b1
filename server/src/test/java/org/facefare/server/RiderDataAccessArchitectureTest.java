package org.facefare.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structural guarantees of per-rider data in the server: web code reads one rider's data only
 * through the rider portal's own service for the signed-in rider ({@value #RIDER_SERVICE}) or, for
 * staff, through {@code StaffRiderView} (a stated reason, logged first), or takes it out through
 * {@code RiderDataExport}; staff lookups go only through that view; and nothing in the server
 * enumerates templates except the wiring that loads the gallery at start, or writes a gallery out.
 * (That only the fare authority's flow asks the gallery who a face is, everywhere, is {@link
 * FaceUseArchitectureTest}'s.)
 */
class RiderDataAccessArchitectureTest {

  /** The per-rider read methods of the ledger and the privacy module, by owner. */
  private static final Map<String, Set<String>> PER_RIDER_READS =
      Map.of(
          "org.facefare.fares.ledger.Ledger", Set.of("statement", "wallet"),
          "org.facefare.privacy.log.TransparencyLog", Set.of("historyOf"),
          "org.facefare.privacy.facepay.FacePay",
              Set.of("consents", "state", "receipts", "consentIsCurrent"),
          "org.facefare.privacy.staff.StaffLookup", Set.of("lookUp"),
          "org.facefare.privacy.vault.TemplateVault", Set.of("open"));

  private static final DescribedPredicate<JavaMethodCall> PER_RIDER_READ =
      DescribedPredicate.describe(
          "a per-rider read of the ledger or the privacy module",
          call ->
              PER_RIDER_READS.entrySet().stream()
                  .anyMatch(
                      e ->
                          call.getTarget().getOwner().isAssignableTo(e.getKey())
                              && e.getValue().contains(call.getTarget().getName())));

  /**
   * The rider portal's service for the signed-in rider, the one web class allowed per-rider reads:
   * every method takes the session's pseudonym.
   */
  static final String RIDER_SERVICE = "org.facefare.server.web.rider.RiderSelfService";

  static JavaClasses production;

  @BeforeAll
  static void load() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.facefare");
  }

  private static ArchRule webReadsRidersOnlyThroughScopedServices() {
    return noClasses()
        .that()
        .resideInAPackage("org.facefare.server.web..")
        .and()
        .doNotHaveFullyQualifiedName(RIDER_SERVICE)
        .should()
        .callMethodWhere(PER_RIDER_READ)
        .because(
            "a rider page reads only the signed-in rider's data (through "
                + RIDER_SERVICE
                + ") and a staff page only one rider with a logged reason (StaffRiderView)")
        .allowEmptyShould(true);
  }

  @Test
  void webCodeReadsOneRidersDataOnlyThroughTheRiderServiceOrStaffRiderView() {
    webReadsRidersOnlyThroughScopedServices().check(production);
  }

  @Test
  void theRuleCatchesWebCodeThatReadsARiderDirectly() {
    JavaClasses fixture =
        new ClassFileImporter().importPackages("org.facefare.server.web.archfixture");
    assertThat(fixture).isNotEmpty();
    var result = webReadsRidersOnlyThroughScopedServices().evaluate(fixture);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(d -> assertThat(d).contains("ReadsAnyRider").contains("statement"));
  }

  @Test
  void staffReachOneRiderOnlyThroughStaffRiderView() {
    noClasses()
        .that()
        .resideInAPackage("org.facefare.server..")
        .and()
        .doNotHaveFullyQualifiedName("org.facefare.server.staff.StaffRiderView")
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "StaffLookup.lookUp",
                (JavaMethodCall call) ->
                    call.getTarget()
                            .getOwner()
                            .isAssignableTo("org.facefare.privacy.staff.StaffLookup")
                        && call.getTarget().getName().equals("lookUp")))
        .check(production);
  }

  @Test
  void nothingInTheServerExportsTemplatesOrGalleriesBesidesLoadingTheGalleryAtStart() {
    noClasses()
        .that()
        .resideInAPackage("org.facefare.server..")
        .and()
        .doNotHaveFullyQualifiedName("org.facefare.server.wiring.FaceFareSystem")
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "a template export (FacePay.enrolledTemplates, TemplateVault.open)",
                (JavaMethodCall call) ->
                    (call.getTarget()
                                .getOwner()
                                .isAssignableTo("org.facefare.privacy.facepay.FacePay")
                            && call.getTarget().getName().equals("enrolledTemplates"))
                        || (call.getTarget()
                                .getOwner()
                                .isAssignableTo("org.facefare.privacy.vault.TemplateVault")
                            && call.getTarget().getName().equals("open"))))
        .check(production);
    noClasses()
        .that()
        .resideInAPackage("org.facefare.server..")
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "Gallery.writeSnapshot or Gallery.sink",
                (JavaMethodCall call) ->
                    call.getTarget().getOwner().isAssignableTo("org.facefare.gallery.Gallery")
                        && Set.of("writeSnapshot", "sink").contains(call.getTarget().getName())))
        .check(production);
  }
}
