namespace McuBoot.Tests.Keys;

/// <summary>
/// Throw-away test keys written by OpenSSL 3.0 (not used anywhere else), with the public key OpenSSL derived
/// (<c>openssl pkey -pubout</c>), to prove the loader reads what OpenSSL writes.
/// </summary>
internal static class OpenSslFixtures
{
    /// <summary><c>openssl ec -aes256</c>: legacy PEM encryption, password "legacy-pass".</summary>
    internal const string EcLegacyAes256 = """
        -----BEGIN EC PRIVATE KEY-----
        Proc-Type: 4,ENCRYPTED
        DEK-Info: AES-256-CBC,6897DD155F584ADD76C94AB14C0E5201

        80Mp2XXw/BWesSdkyF27VZur8qHX0dJJCYtnRX2C9sQyxjAwJmosVhg5+7+UwW5h
        IOruWj7v2cf3jZcHb+oopRHEKChhokblexw30ZM9vAw1A4ivr20MguBo0pdeGsN5
        LlR/3xypA2bSk/j9f/kglW++Tcw2AxioMaztdG7BKYg=
        -----END EC PRIVATE KEY-----
        """;

    internal const string EcLegacyAes256Pub = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIQqeX+57W1wSTx2B4cerUL5h2hHM
        gRH/kJKAtTByJAcR8HirH7UGecAChxXjsHp4LtG8dUfzDyZtYBWchZ05mw==
        -----END PUBLIC KEY-----
        """;

    /// <summary><c>openssl ec -des3</c>: legacy PEM encryption, password "legacy-pass".</summary>
    internal const string EcLegacyDes3 = """
        -----BEGIN EC PRIVATE KEY-----
        Proc-Type: 4,ENCRYPTED
        DEK-Info: DES-EDE3-CBC,2E665AD7804D2882

        hSYUjOxz9s+a/XEbgtx5NWojfJKqpUhvViA99Z5eKSeFSQXGcO5QzYi1aZS2lX4M
        vzSpyJBB3SRcLr3vD4EB5aMdSJ72TVKkjNM6Tr5qwOfGxPp3DzgIU1KF2a5m9QnG
        q2eQEwiQSvwuEClAhcxnQuSSi5yiGjPTbR8VCHvfmLM=
        -----END EC PRIVATE KEY-----
        """;

    internal const string EcLegacyDes3Pub = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEu+Pm75LFdpCDttsdbtk5eXRhJne7
        O5h7TZBdbV0wgrq+KKOHsi2SGr8NDZv/tOxSeLavaTyBISZH+1Wc6O1/Nw==
        -----END PUBLIC KEY-----
        """;

    /// <summary><c>openssl pkcs8 -topk8 -scrypt</c> of an Ed25519 key, password "scrypt-pass".</summary>
    internal const string Ed25519Scrypt = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIGTME8GCSqGSIb3DQEFDTBCMCEGCSsGAQQB2kcECzAUBAjlRXMd9CyU2wICQAAC
        AQgCAQEwHQYJYIZIAWUDBAEqBBA8soS3Fk+++SSlYnXQhPutBEB45GXhkzICCqw0
        St5H0IC+f70AmCOmTdr5sH71n37+yMBztG237cKg46z9Zzbsb32v7hniTaVT8/VY
        8MsT/En5
        -----END ENCRYPTED PRIVATE KEY-----
        """;

    internal const string Ed25519ScryptPub = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAosrDTn0Zx1lJ4up7plHRkMWOcZcFNGJKpxlck6Oc3Ak=
        -----END PUBLIC KEY-----
        """;

    /// <summary><c>openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES</c> (PKCS#12 PBE) of a P-384 key, password "pbes1-pass".</summary>
    internal const string P384Pbes1 = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIHhMBwGCiqGSIb3DQEMAQMwDgQIwz8LzVMWjaICAggABIHAHOobxwXMm5d1dEza
        z03YwHDt4LjskT4iSIiXwg4NlY7CwgIIq9KXZ4lcErjTiKfN7NAeyDuYDk2oWMGf
        YSr2MSGnbD2EVj+oy9Y337vtiHmazrjttHtxrWoeDkipjFpomnHihb9Y1Gqui7Vl
        ruiSs5JjZJbXU732wvTPBstAYHUmNvvTifkoJ6nwBcN91UxwdLzyoSUrYBbPiiMb
        ial1KVEHkgqo7qcJOuqe3avjlKO9y+NCnrXQmC+a1FusnS+h
        -----END ENCRYPTED PRIVATE KEY-----
        """;

    internal const string P384Pbes1Pub = """
        -----BEGIN PUBLIC KEY-----
        MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEaP5WA09Jp9bpMS8hWs6JwfTkrbcjqkpR
        KyIjJmajfh945XjgqEnrg+wWNqM+TIqEEMozQgaejJBTLTb2JPRBnVBzDs+mbFlh
        iE4L4iyP4/yf4R5/ue0O8HAN20q136ys
        -----END PUBLIC KEY-----
        """;

    /// <summary><c>openssl pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1</c> of an X25519 key, password "x-pass".</summary>
    internal const string X25519Aes128Sha1 = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIGNMEkGCSqGSIb3DQEFDTA8MBsGCSqGSIb3DQEFDDAOBAg76XllZgfIiAICCAAw
        HQYJYIZIAWUDBAECBBBMNXO52KpMHjKL6zwb5KAcBEDNQoo5eeDbtmyNMigSb9Go
        aEUzbtao+rDWrJ3ykR6Hct25FOEwm+BHqQCDsRR5hq13l0fcMh7iePQteXxhXZFM
        -----END ENCRYPTED PRIVATE KEY-----
        """;

    internal const string X25519Aes128Sha1Pub = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VuAyEAXEW65dIjMB9Nblv+yoSq/4LIY2AjIzsXP73mvWCPXTY=
        -----END PUBLIC KEY-----
        """;
}
