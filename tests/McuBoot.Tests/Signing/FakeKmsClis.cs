namespace McuBoot.Tests.Signing;

/// <summary>
/// Stand-ins for the cloud CLIs the recipes in <c>samples/release-signing/</c> call (<c>aws</c>, <c>az</c>,
/// <c>gcloud</c>, <c>vault</c>): they accept the same arguments, check them, and sign with a local PEM
/// (FAKE_KMS_KEY) through openssl, answering in each service's format (AWS: base64 DER; Azure: base64url raw r‖s;
/// Google: binary signature file; Vault: <c>vault:v1:</c> base64).
/// </summary>
internal static class FakeKmsClis
{
    private const string Sign = """
        sign_digest() { # $1 = digest file, $2 = ecdsa|rsa-pss|rsa-pss-max
          case "$2" in
            rsa-pss) openssl pkeyutl -sign -inkey "$FAKE_KMS_KEY" -in "$1" -pkeyopt digest:$FAKE_HASH -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 ;;
            rsa-pss-max) openssl pkeyutl -sign -inkey "$FAKE_KMS_KEY" -in "$1" -pkeyopt digest:$FAKE_HASH -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:max ;;
            *) openssl pkeyutl -sign -inkey "$FAKE_KMS_KEY" -in "$1" ;;
          esac
        }
        die() { echo "fake $(basename "$0"): $*" >&2; exit 64; }

        """;

    public const string Aws = Sign + """
        [ "${1:-} ${2:-}" = "kms sign" ] || [ "${1:-} ${2:-}" = "kms get-public-key" ] || die "unexpected command $*"
        op=$2; shift 2; key_id=; message=; mtype=; alg=; query=; out=
        while [ $# -gt 0 ]; do case "$1" in
          --key-id) key_id=$2; shift 2;; --message) message=${2#fileb://}; shift 2;; --message-type) mtype=$2; shift 2;;
          --signing-algorithm) alg=$2; shift 2;; --query) query=$2; shift 2;; --output) out=$2; shift 2;;
          *) die "unknown option $1";; esac; done
        [ "$key_id" = "$FAKE_KEY_ID" ] || { echo "An error occurred (NotFound): Key '$key_id' does not exist" >&2; exit 254; }
        if [ "$op" = get-public-key ]; then [ "$query" = PublicKey ] || die "query"; openssl pkey -in "$FAKE_KMS_KEY" -pubout -outform DER | base64 -w0; echo; exit 0; fi
        [ "$mtype" = DIGEST ] && [ "$query" = Signature ] && [ "$out" = text ] || die "bad sign options"
        case "$alg" in
          ECDSA_SHA_256|ECDSA_SHA_384) sign_digest "$message" ecdsa ;;
          RSASSA_PSS_SHA_256) FAKE_HASH=sha256 sign_digest "$message" rsa-pss ;;
          *) die "algorithm $alg";; esac | base64 -w0
        echo
        """;

    public const string Az = Sign + """
        [ "${1:-} ${2:-} ${3:-}" = "keyvault key sign" ] || [ "${1:-} ${2:-} ${3:-}" = "keyvault key download" ] || die "unexpected command $*"
        op=$3; shift 3; vault=; name=; alg=; digest=; query=; out=; file=; enc=
        while [ $# -gt 0 ]; do case "$1" in
          --vault-name) vault=$2; shift 2;; --name) name=$2; shift 2;; --algorithm) alg=$2; shift 2;; --digest) digest=$2; shift 2;;
          --query) query=$2; shift 2;; --output) out=$2; shift 2;; --file) file=$2; shift 2;; --encoding) enc=$2; shift 2;;
          *) die "unknown option $1";; esac; done
        [ "$vault/$name" = "$FAKE_KEY_ID" ] || { echo "ERROR: (KeyNotFound) A key with (name/id) $name was not found in this key vault." >&2; exit 1; }
        if [ "$op" = download ]; then [ "$enc" = PEM ] || die "encoding"; openssl pkey -in "$FAKE_KMS_KEY" -pubout -out "$file"; exit 0; fi
        [ "$query" = signature ] && [ "$out" = tsv ] || die "bad sign options"
        tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
        echo "$digest" | base64 -d > "$tmp/digest"
        case "$alg" in
          ES256|ES384)
            n=$([ "$alg" = ES256 ] && echo 64 || echo 96)
            sign_digest "$tmp/digest" ecdsa > "$tmp/der"
            raw=
            for i in $(openssl asn1parse -inform DER -in "$tmp/der" | sed -n 's/.*INTEGER *:\([0-9A-F]*\).*/\1/p'); do
              while [ ${#i} -lt $n ]; do i="0$i"; done
              raw="$raw${i: -$n}"
            done
            printf "$(echo "$raw" | sed 's/../\\x&/g')" > "$tmp/sig" ;;
          PS256) FAKE_HASH=sha256 sign_digest "$tmp/digest" rsa-pss > "$tmp/sig" ;;
          *) die "algorithm $alg";; esac
        base64 -w0 < "$tmp/sig" | tr '+/' '-_' | tr -d '='
        echo
        """;

    public const string Gcloud = Sign + """
        [ "${1:-} ${2:-}" = "kms asymmetric-sign" ] || [ "${1:-} ${2:-} ${3:-} ${4:-}" = "kms keys versions get-public-key" ] || die "unexpected command $*"
        if [ "$2" = keys ]; then op=pub; version=$5; shift 5; else op=sign; shift 2; version=; fi
        key=; digest=; input=; sigfile=; outfile=
        while [ $# -gt 0 ]; do case "$1" in
          --version) version=$2; shift 2;; --key) key=$2; shift 2;; --digest-algorithm) digest=$2; shift 2;;
          --input-file) input=$2; shift 2;; --signature-file) sigfile=$2; shift 2;; --output-file) outfile=$2; shift 2;;
          *) die "unknown option $1";; esac; done
        [ "$key/$version" = "$FAKE_KEY_ID" ] || { echo "ERROR: (gcloud.kms.asymmetric-sign) NOT_FOUND: $key/$version" >&2; exit 1; }
        if [ "$op" = pub ]; then openssl pkey -in "$FAKE_KMS_KEY" -pubout -out "$outfile"; exit 0; fi
        # Cloud KMS hashes the input file locally with --digest-algorithm, then signs the digest; Ed25519 signs the input.
        if [ -z "$digest" ]; then openssl pkeyutl -sign -rawin -inkey "$FAKE_KMS_KEY" -in "$input" -out "$sigfile"; exit 0; fi
        tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
        openssl dgst -"$digest" -binary "$input" > "$tmp"
        case "$FAKE_KEY_KIND" in
          rsa) FAKE_HASH=$digest sign_digest "$tmp" rsa-pss > "$sigfile" ;;
          *) sign_digest "$tmp" ecdsa > "$sigfile" ;;
        esac
        """;

    public const string Vault = Sign + """
        [ "${1:-}" = write ] && [ "${2:-}" = -field=signature ] || die "unexpected command $*"
        path=$3; shift 3; input=; prehashed=false; sigalg=pss; salt=auto; marshal=asn1
        for kv in "$@"; do case "$kv" in
          input=*) input=${kv#input=};; prehashed=*) prehashed=${kv#prehashed=};; signature_algorithm=*) sigalg=${kv#signature_algorithm=};;
          salt_length=*) salt=${kv#salt_length=};; marshaling_algorithm=*) marshal=${kv#marshaling_algorithm=};;
          *) die "unknown parameter $kv";; esac; done
        case "$path" in transit/sign/"$FAKE_KEY_ID"|transit/sign/"$FAKE_KEY_ID"/*) ;; *) echo "Error writing data to $path: Code: 400. * encryption key not found" >&2; exit 2;; esac
        tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
        echo "$input" | base64 -d > "$tmp"
        case "$FAKE_KEY_KIND" in
          ed25519) sig=$(openssl pkeyutl -sign -rawin -inkey "$FAKE_KMS_KEY" -in "$tmp" | base64 -w0) ;;
          rsa) [ "$prehashed" = true ] && [ "$sigalg" = pss ] || die "rsa needs prehashed pss"
               kind=$([ "$salt" = hash ] && echo rsa-pss || echo rsa-pss-max)
               sig=$(FAKE_HASH=sha256 sign_digest "$tmp" $kind | base64 -w0) ;;
          *) [ "$prehashed" = true ] && [ "$marshal" = asn1 ] || die "ecdsa needs prehashed asn1"
             sig=$(sign_digest "$tmp" ecdsa | base64 -w0) ;;
        esac
        echo "vault:v1:$sig"
        """;
}
