#!/usr/bin/env bash
# Signs an MCUboot image with an Azure Key Vault key (az keyvault key sign).
#   AZURE_KEYVAULT_NAME=my-vault AZURE_KEY_NAME=firmware dotnet mcuboot sign -k exec:samples/release-signing/azure-keyvault.yaml ...
# MCUboot signature -> Key Vault algorithm (key type):
#   ecdsa-sha256   -> ES256 (EC P-256)   Key Vault returns the raw r||s (JOSE); the tool converts it to DER
#   ecdsa-sha384   -> ES384 (EC P-384)
#   rsa-pss-sha256 -> PS256 (RSA 2048/3072; salt length 32 = MCUboot's)
#   ed25519        -> not offered by Key Vault
set -euo pipefail
: "${AZURE_KEYVAULT_NAME:?set AZURE_KEYVAULT_NAME}"
: "${AZURE_KEY_NAME:?set AZURE_KEY_NAME}"

if [ "${MCUBOOT_SIGN_OPERATION:-sign}" = public-key ]; then
  az keyvault key download --vault-name "$AZURE_KEYVAULT_NAME" --name "$AZURE_KEY_NAME" --encoding PEM --file "$MCUBOOT_SIGN_OUTPUT" >/dev/null
  exit 0
fi

case "$MCUBOOT_SIGN_ALGORITHM" in
  ecdsa-sha256) alg=ES256 ;;
  ecdsa-sha384) alg=ES384 ;;
  rsa-pss-sha256) alg=PS256 ;;
  *) echo "Azure Key Vault recipe: no Key Vault algorithm for MCUboot's $MCUBOOT_SIGN_ALGORITHM" >&2; exit 2 ;;
esac

digest=$(base64 -w0 < "$MCUBOOT_SIGN_INPUT")
# Prints the signature (base64/base64url); the tool decodes and verifies it.
exec az keyvault key sign --vault-name "$AZURE_KEYVAULT_NAME" --name "$AZURE_KEY_NAME" --algorithm "$alg" \
  --digest "$digest" --query signature --output tsv
