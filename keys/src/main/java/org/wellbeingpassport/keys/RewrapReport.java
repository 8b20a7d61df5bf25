package org.wellbeingpassport.keys;

/**
 * Outcome of re-wrapping resident data keys under the current master key.
 *
 * @param masterKeyId    the master key everything is now wrapped under
 * @param residents      resident records visited
 * @param rewrapped      records changed
 * @param alreadyCurrent records already wrapped under the current master key
 */
public record RewrapReport(String masterKeyId, long residents, long rewrapped, long alreadyCurrent) {
}
