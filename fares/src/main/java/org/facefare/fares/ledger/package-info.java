/**
 * The double-entry ledger of wallets, top-ups, fare charges, refunds and reversals: its API, free
 * of SQL; {@code org.facefare.fares.ledger.postgres} keeps it in PostgreSQL.
 */
package org.facefare.fares.ledger;
