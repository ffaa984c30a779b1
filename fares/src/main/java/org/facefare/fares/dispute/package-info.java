/**
 * Riders' disputes of charged trips and the operator's decisions on them, free of SQL; {@code
 * org.facefare.fares.dispute.postgres} keeps them in PostgreSQL beside the ledger that refunds.
 */
package org.facefare.fares.dispute;
