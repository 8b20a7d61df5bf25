package org.wellbeingpassport.api.gate;

import io.micronaut.core.annotation.Introspected;
import java.util.List;

/** Notices, newest first (an empty list when there are none). */
@Introspected
public record NoticeList(List<NoticeItem> notifications) {
}
