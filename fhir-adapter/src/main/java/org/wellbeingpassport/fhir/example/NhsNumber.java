package org.wellbeingpassport.fhir.example;

/**
 * NHS numbers with a valid modulus-11 check digit. Invented people get numbers in the 999 range,
 * which the NHS reserves for testing, so no example can collide with a real person.
 */
public final class NhsNumber {
    private NhsNumber() {
    }

    /** True if the ten digits carry a valid modulus-11 check digit. */
    public static boolean isValid(String number) {
        if (number == null || !number.matches("\\d{10}")) {
            return false;
        }
        int check = checkDigit(number.substring(0, 9));
        return check >= 0 && check == number.charAt(9) - '0';
    }

    /** The check digit for nine digits, or -1 if those nine digits can have none (remainder 10). */
    public static int checkDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            return 0;
        }
        return check == 10 ? -1 : check;
    }

    /** A valid test-range (999...) NHS number derived deterministically from a seed. */
    public static String forSeed(long seed) {
        long n = Math.floorMod(seed * 7919L + 104729L, 1_000_000L);
        for (int attempt = 0; attempt < 20; attempt++) {
            String nine = "999" + String.format("%06d", (n + attempt) % 1_000_000L);
            int check = checkDigit(nine);
            if (check >= 0) {
                return nine + check;
            }
        }
        throw new IllegalStateException("no valid check digit near " + n);
    }
}
