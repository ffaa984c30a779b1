package org.facefare.fares.ledger.postgres;

import java.util.List;
import java.util.Objects;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.storage.TransactionTail;
import org.jdbi.v3.core.Handle;

/**
 * Work that a batch of charges carries in its own transaction: it sees each charge's result, reads
 * with the batch's handle and adds its writes to the statements sent with the batch's commit, so it
 * commits, or rolls back, with the charges.
 *
 * <p>The fare authority uses it to append the transparency log's entries of the identified riders'
 * charges in the transaction that charges them: one commit a batch instead of two, and a charge is
 * never durable without its log entry (nor the entry without its charge).
 */
public interface SameTransaction {

  /** Nothing besides the charges. */
  SameTransaction NONE = (handle, tail, charges) -> Completion.NONE;

  /**
   * Writes what goes with the batch's charges: it may read with {@code handle} inside the batch's
   * transaction, and adds its writes to {@code tail}, which the batch sends after its own charges'
   * write and with its commit, in one round trip. If it throws, the batch rolls back and it must
   * leave nothing to be told.
   *
   * @param charges each charge of the batch that has a result (the ones refused with an exception
   *     are left out), in the batch's order
   * @return what to tell once the transaction has ended
   */
  Completion write(Handle handle, TransactionTail tail, List<Charged> charges);

  /** A charge of the batch and its result. */
  record Charged(ChargeRequest request, ChargeResult result) {

    /** Checks the fields. */
    public Charged {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(result, "result");
    }
  }

  /** Told, on the writer's thread, once the batch's transaction has committed or failed. */
  interface Completion {

    /** Nothing to tell. */
    Completion NONE =
        new Completion() {
          @Override
          public void committed() {}

          @Override
          public void failed() {}
        };

    /** The transaction committed: before any charge of the batch is answered. */
    void committed();

    /** The transaction failed, or its commit did: nothing it wrote is stored. */
    void failed();
  }
}
