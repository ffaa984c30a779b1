/** Riders' stored-value wallets: pseudonymous rider ids and the payment providers of top-ups. */
package org.facefare.fares.wallet;
