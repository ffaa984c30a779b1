package org.facefare.fares.document;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** A JSON Schema (draft 2020-12) that documents of one kind must satisfy, loaded once. */
public final class DocumentSchema {

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  final Schema schema;

  private DocumentSchema(Schema schema) {
    this.schema = schema;
  }

  /** The schema in the class-path resource {@code resource}, resolved against {@code anchor}. */
  public static DocumentSchema resource(Class<?> anchor, String resource) {
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(resource, "resource");
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      Schema schema = SCHEMAS.getSchema(in);
      schema.initializeValidators();
      return new DocumentSchema(schema);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + resource, e);
    }
  }
}
