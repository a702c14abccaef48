#!/usr/bin/env bash
# Signs an MCUboot image with a Google Cloud KMS key version (gcloud kms asymmetric-sign).
#   GCP_KMS_KEY=projects/P/locations/L/keyRings/R/cryptoKeys/K GCP_KMS_KEY_VERSION=1 \
#     dotnet mcuboot sign -k exec:samples/release-signing/gcloud-kms.yaml ...
# MCUboot signature -> Cloud KMS key algorithm:
#   ecdsa-sha256   -> EC_SIGN_P256_SHA256         (DER signature)
#   ecdsa-sha384   -> EC_SIGN_P384_SHA384
#   rsa-pss-sha256 -> RSA_SIGN_PSS_2048_SHA256 / RSA_SIGN_PSS_3072_SHA256 (salt length 32)
#   ed25519        -> EC_SIGN_ED25519 (PureEdDSA over the input: the digest, or the whole image with --pure)
# gcloud hashes --input-file itself (--digest-algorithm), so the signer file sets `input: payload`: the tool hands
# over the signed region (header + body + protected TLVs), whose SHA-256/384 is MCUboot's image hash.
set -euo pipefail
: "${GCP_KMS_KEY:?set GCP_KMS_KEY to projects/.../cryptoKeys/NAME}"
version="${GCP_KMS_KEY_VERSION:-1}"

if [ "${MCUBOOT_SIGN_OPERATION:-sign}" = public-key ]; then
  exec gcloud kms keys versions get-public-key "$version" --key "$GCP_KMS_KEY" --output-file "$MCUBOOT_SIGN_OUTPUT"
fi

case "$MCUBOOT_SIGN_ALGORITHM" in
  ecdsa-sha256|rsa-pss-sha256) digest=(--digest-algorithm sha256) ;;
  ecdsa-sha384) digest=(--digest-algorithm sha384) ;;
  ed25519|ed25519-pure) digest=() ;;
  *) echo "Cloud KMS recipe: no KMS algorithm for MCUboot's $MCUBOOT_SIGN_ALGORITHM" >&2; exit 2 ;;
esac

exec gcloud kms asymmetric-sign --version "$version" --key "$GCP_KMS_KEY" "${digest[@]}" \
  --input-file "$MCUBOOT_SIGN_INPUT" --signature-file "$MCUBOOT_SIGN_OUTPUT"
