/**
 * The operator's live statistics: passages, outcomes and latency over a sliding window for the
 * network and each station, and each gate's live state, fed by the fare authority's decisions and
 * the gates' events; aggregates only.
 */
package org.facefare.server.live;
