#!/usr/bin/env bash
# Signs an MCUboot image with HashiCorp Vault's transit engine (vault write transit/sign/...).
#   VAULT_ADDR=https://vault:8200 VAULT_TRANSIT_KEY=firmware dotnet mcuboot sign -k exec:samples/release-signing/vault-transit.yaml ...
# MCUboot signature -> transit key type and parameters:
#   ecdsa-sha256   -> ecdsa-p256, hash_algorithm=sha2-256, prehashed=true, marshaling_algorithm=asn1 (DER)
#   ecdsa-sha384   -> ecdsa-p384, hash_algorithm=sha2-384, prehashed=true, marshaling_algorithm=asn1
#   rsa-pss-sha256 -> rsa-2048/rsa-3072, hash_algorithm=sha2-256, prehashed=true, signature_algorithm=pss,
#                     salt_length=hash (32; Vault's default "auto" would use the maximum and bootutil rejects it)
#   ed25519        -> ed25519 (signs the input as the message: the digest, or the whole image with --pure)
# Vault prints vault:v1:BASE64; the tool strips the prefix, decodes and verifies. Export the public key once into the
# signer file's publicKey (vault read transit/keys/NAME shows it).
set -euo pipefail
: "${VAULT_TRANSIT_KEY:?set VAULT_TRANSIT_KEY to the transit key name}"
mount="${VAULT_TRANSIT_MOUNT:-transit}"
input=$(base64 -w0 < "$MCUBOOT_SIGN_INPUT")

case "$MCUBOOT_SIGN_ALGORITHM" in
  ecdsa-sha256) exec vault write -field=signature "$mount/sign/$VAULT_TRANSIT_KEY/sha2-256" input="$input" prehashed=true marshaling_algorithm=asn1 ;;
  ecdsa-sha384) exec vault write -field=signature "$mount/sign/$VAULT_TRANSIT_KEY/sha2-384" input="$input" prehashed=true marshaling_algorithm=asn1 ;;
  rsa-pss-sha256) exec vault write -field=signature "$mount/sign/$VAULT_TRANSIT_KEY/sha2-256" input="$input" prehashed=true signature_algorithm=pss salt_length=hash ;;
  ed25519|ed25519-pure) exec vault write -field=signature "$mount/sign/$VAULT_TRANSIT_KEY" input="$input" ;;
  *) echo "Vault transit recipe: no transit parameters for MCUboot's $MCUBOOT_SIGN_ALGORITHM" >&2; exit 2 ;;
esac
