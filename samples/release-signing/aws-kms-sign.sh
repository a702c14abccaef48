#!/usr/bin/env bash
# Signs an MCUboot image with an AWS KMS asymmetric key (aws kms sign). Use it as the key of a build or a sign:
#   AWS_KMS_KEY_ID=alias/firmware dotnet mcuboot sign -k exec:samples/release-signing/aws-kms.yaml ...
# MCUboot signature -> KMS SigningAlgorithm (KMS key spec):
#   ecdsa-sha256   -> ECDSA_SHA_256       (ECC_NIST_P256)   KMS returns DER, as MCUboot's ECDSASIG TLV wants
#   ecdsa-sha384   -> ECDSA_SHA_384       (ECC_NIST_P384)
#   rsa-pss-sha256 -> RSASSA_PSS_SHA_256  (RSA_2048, RSA_3072; KMS uses salt length 32 = MCUboot's)
#   ed25519        -> not offered: KMS's ED25519_SHA_512 signs the message itself (message-type RAW), which works
#                     with `input: payload`-less pure signing only when your KMS region offers it; not covered here.
# The digest goes in as --message-type DIGEST, so KMS signs exactly MCUboot's image hash.
set -euo pipefail
: "${AWS_KMS_KEY_ID:?set AWS_KMS_KEY_ID to the key id, ARN or alias/NAME}"

if [ "${MCUBOOT_SIGN_OPERATION:-sign}" = public-key ]; then
  # Base64 SubjectPublicKeyInfo DER; the tool accepts it as the public key.
  exec aws kms get-public-key --key-id "$AWS_KMS_KEY_ID" --query PublicKey --output text
fi

case "$MCUBOOT_SIGN_ALGORITHM" in
  ecdsa-sha256) alg=ECDSA_SHA_256 ;;
  ecdsa-sha384) alg=ECDSA_SHA_384 ;;
  rsa-pss-sha256) alg=RSASSA_PSS_SHA_256 ;;
  *) echo "AWS KMS recipe: no KMS algorithm for MCUboot's $MCUBOOT_SIGN_ALGORITHM" >&2; exit 2 ;;
esac

# Prints the base64 signature; the tool decodes it and verifies it with the public key before writing anything.
exec aws kms sign --key-id "$AWS_KMS_KEY_ID" --message "fileb://$MCUBOOT_SIGN_INPUT" --message-type DIGEST \
  --signing-algorithm "$alg" --query Signature --output text
