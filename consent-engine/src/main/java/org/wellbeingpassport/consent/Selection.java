package org.wellbeingpassport.consent;

/** One level of a compiled provision's data selection (see {@link Scope} for the semantics). */
final class Selection {
    private final long sectionMask; // 0: any section
    private final String[] types; // null: any type
    private final String[] paths; // null: any path
    private final int categoryMask;
    private final boolean permit;
    private final boolean categoriesOnly;

    Selection(Scope scope, ProvisionType type) {
        long s = 0;
        for (var section : scope.sections()) {
            s |= 1L << section.ordinal();
        }
        this.sectionMask = s;
        this.types = scope.resourceTypes().isEmpty()
                ? null
                : scope.resourceTypes().stream().sorted().toArray(String[]::new);
        this.paths = scope.paths().isEmpty() ? null : scope.paths().stream().sorted().toArray(String[]::new);
        this.categoryMask = Categories.mask(scope.categories());
        this.permit = type == ProvisionType.PERMIT;
        this.categoriesOnly = permit && scope.selectsNoData() && categoryMask != 0;
    }

    boolean selects(int section, String type, String path, int cats) {
        if (sectionMask != 0 && (section < 0 || (sectionMask & (1L << section)) == 0)) {
            return false;
        }
        if (types != null && !contains(types, type)) {
            return false;
        }
        if (paths != null && !coveredByAny(paths, path)) {
            return false;
        }
        if (permit) {
            return !categoriesOnly || (cats & categoryMask) != 0;
        }
        return categoryMask == 0 || (cats & categoryMask) != 0;
    }

    int categoryMask() {
        return categoryMask;
    }

    static boolean contains(String[] values, String value) {
        for (String v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    static boolean coveredByAny(String[] prefixes, String path) {
        for (String p : prefixes) {
            if (Scope.covers(p, path)) {
                return true;
            }
        }
        return false;
    }
}
