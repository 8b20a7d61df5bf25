package org.wellbeingpassport.consent;

import java.util.List;
import java.util.Objects;

/** What the caller must do along with a decision. */
public sealed interface Obligation {

    Kind kind();

    enum Kind {
        RECORD,
        NOTIFY_RESIDENT,
        NOTIFY_DEFERRED,
        QUEUE_FOR_REVIEW,
        ATTACH_DISPUTES,
        MARK_WITHHELD
    }

    /** Write the access (and decision) to the audit log. Every decision carries it. */
    record Record() implements Obligation {
        @Override
        public Kind kind() {
            return Kind.RECORD;
        }
    }

    /** Tell the resident about this access (break-glass, lawful basis). */
    record NotifyResident() implements Obligation {
        @Override
        public Kind kind() {
            return Kind.NOTIFY_RESIDENT;
        }
    }

    /** Notice must wait because of a recorded risk; the deferral itself is reviewed. */
    record NotifyDeferred(String riskReason) implements Obligation {
        public NotifyDeferred {
            Objects.requireNonNull(riskReason, "riskReason");
        }

        @Override
        public Kind kind() {
            return Kind.NOTIFY_DEFERRED;
        }
    }

    /** Put the access in the privacy officer's review queue. */
    record QueueForReview(String why) implements Obligation {
        public QueueForReview {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public Kind kind() {
            return Kind.QUEUE_FOR_REVIEW;
        }
    }

    /** Send these open disputes with whatever is disclosed from the item. */
    record AttachDisputes(List<String> disputeIds) implements Obligation {
        public AttachDisputes {
            disputeIds = List.copyOf(disputeIds);
        }

        @Override
        public Kind kind() {
            return Kind.ATTACH_DISPUTES;
        }
    }

    /** Mark these element paths as withheld in what is sent, so nobody mistakes absence for "none". */
    record MarkWithheld(List<String> paths) implements Obligation {
        public MarkWithheld {
            paths = List.copyOf(paths);
        }

        @Override
        public Kind kind() {
            return Kind.MARK_WITHHELD;
        }
    }
}
