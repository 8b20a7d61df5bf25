package org.wellbeingpassport.keys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.keys.ElementContext;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;

class KeysCommandTest {
    static final String PASSPHRASE = "cli passphrase: never printed 9x";

    @TempDir
    Path dir;

    private final InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
    private final Map<String, String> env = Map.of(Passphrase.ENVIRONMENT_VARIABLE, PASSPHRASE);

    record Result(int code, String out, String err) {
    }

    private Result run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KeysCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), store, environment);
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.out().contains(PASSPHRASE) || r.err().contains(PASSPHRASE), "passphrase printed");
        return r;
    }

    private Result run(String... args) {
        return run(env, args);
    }

    private static ElementContext ctx(String resident) {
        return new ElementContext(resident, "Patient", resident, "address[0].line[0]");
    }

    @Test
    void initRotateMasterWithProgressAndRetire() {
        String d = dir.toString();
        Result init = run("init", "--dir", d, "--scrypt-cost", "10");
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().contains("keystore created"));
        assertTrue(init.out().contains("token signing (ES256): current es256-"));
        assertEquals(1, run("init", "--dir", d).code(), "refuses to overwrite");

        KeyHierarchy server = KeyHierarchy
                .open(KeysConfig.builder(dir, Passphrase.of(PASSPHRASE.toCharArray())).build(), store);
        String oldMaster = server.master().currentKeyId();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < 2_500; i++) {
            tokens.put("r" + i, server.elements().encryptString(ctx("r" + i), "12 Acacia Avenue " + i));
        }

        Result rotate = run("rotate-master", "--dir", d);
        assertEquals(0, rotate.code(), rotate.err());
        assertTrue(rotate.out().contains("re-wrapped 1,000 / 2,500\n"), rotate.out());
        assertTrue(rotate.out().contains("re-wrapped 2,000 / 2,500\n"), rotate.out());
        assertTrue(rotate.out().contains("re-wrapped 2,500 / 2,500\n"), rotate.out());
        assertTrue(rotate.out().contains("re-wrapped 2,500 of 2,500 resident records"), rotate.out());
        assertTrue(rotate.out().contains("master key rotated: " + oldMaster + " -> "), rotate.out());

        // the running server keeps reading, picking up the new master key from the keystore
        tokens.forEach((r, t) -> assertTrue(server.elements().decryptString(ctx(r), t).startsWith("12 Acacia")));
        Result retire = run("retire-master", "--dir", d, "--kid", oldMaster);
        assertEquals(0, retire.code(), retire.err());
        Result status = run("status", "--dir", d);
        assertFalse(status.out().contains(oldMaster), status.out());
        assertEquals(1, run("retire-master", "--dir", d, "--kid", oldMaster).code());
        KeyHierarchy fresh = KeyHierarchy.open(KeysConfig.builder(dir, Passphrase.of(PASSPHRASE.toCharArray())).build(),
                store);
        tokens.forEach((r, t) -> assertTrue(fresh.elements().decryptString(ctx(r), t).startsWith("12 Acacia")));
    }

    @Test
    void signingRotationAndPublicKeys() {
        String d = dir.toString();
        assertEquals(0, run("init", "--dir", d, "--scrypt-cost", "10").code());
        Result jwks = run("show-public", "--dir", d);
        assertEquals(0, jwks.code());
        assertTrue(jwks.out().startsWith("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\""), jwks.out());
        assertEquals(1, count(jwks.out(), "\"kid\""));

        Result rotated = run("rotate-signing", "--dir", d);
        assertEquals(0, rotated.code(), rotated.err());
        assertTrue(rotated.out().startsWith("token signing key rotated; current es256-"));
        assertEquals(2, count(run("show-public", "--dir", d).out(), "\"kid\""), "old key stays published");

        assertEquals(0, run("rotate-signing", "--dir", d, "--purpose", "audit").code());
        Result pem = run("show-public", "--dir", d, "--purpose", "audit", "--pem");
        assertEquals(2, count(pem.out(), "-----BEGIN PUBLIC KEY-----"));
        Result okp = run("show-public", "--dir", d, "--purpose", "export");
        assertTrue(okp.out().contains("\"crv\":\"Ed25519\""));
    }

    @Test
    void passphraseSourcesAndErrors() throws Exception {
        String d = dir.toString();
        Path file = dir.resolve("pass.txt");
        Files.writeString(file, PASSPHRASE + "\n");
        assertEquals(0,
                run(Map.of(), "init", "--dir", d, "--scrypt-cost", "10", "--passphrase-file", file.toString()).code());
        assertEquals(0, run("status", "--dir", d).code(), "the file and the environment agree");

        Result noPassphrase = run(Map.of(), "status", "--dir", d);
        assertEquals(1, noPassphrase.code());
        assertTrue(noPassphrase.err().contains(Passphrase.ENVIRONMENT_VARIABLE));

        Result wrong = run(Map.of(Passphrase.ENVIRONMENT_VARIABLE, "wrong"), "status", "--dir", d);
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("wrong passphrase"), wrong.err());

        assertEquals(0, run("help").code());
        assertTrue(run("help").out().contains("rotate-master"));
        assertEquals(2, run().code());
        assertEquals(2, run("status").code(), "--dir is required");
        assertEquals(2, run("frobnicate", "--dir", d).code());
        assertEquals(2, run("status", "--dir", d, "--bogus").code());
        assertEquals(2, run("retire-master", "--dir", d).code(), "--kid is required");
    }

    @Test
    void withoutAResidentStoreRetiringAMasterKeyIsRefused() {
        String d = dir.toString();
        assertEquals(0, run("init", "--dir", d, "--scrypt-cost", "10").code());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, KeysCommand.run(new String[]{"rotate-master", "--dir", d}, o, e, null, env));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no resident key store attached"));
        String old = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("master key rotated: "))
                .findFirst().orElseThrow().split(" ")[3];
        assertEquals(1, KeysCommand.run(new String[]{"retire-master", "--dir", d, "--kid", old}, o, e, null, env));
        assertTrue(run("status", "--dir", d).out().contains(old), "the old master key is still there");
    }

    private static int count(String s, String needle) {
        List<Integer> at = new ArrayList<>();
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            at.add(i);
        }
        return at.size();
    }
}
