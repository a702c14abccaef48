using System.CommandLine;
using McuBoot.Compression;
using McuBoot.Diagnostics;
using McuBoot.Encryption;
using McuBoot.Image;
using McuBoot.IO;

namespace McuBoot.Tool.Commands;

/// <summary><c>decrypt -k KEY IN OUT</c> and <c>decompress IN OUT</c>: what the bootloader does when installing.</summary>
internal static class TransformCommands
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string DecryptDescription = "Decrypt an encrypted image's body (header and TLVs kept, as in the primary slot after an upgrade).";

    /// <summary>The one-line description shown in the command list.</summary>
    public const string DecompressDescription = "Rebuild the uncompressed image (header, DECOMP_SHA and DECOMP_SIGNATURE) from a compressed one.";

    public static Command Decrypt(CliContext context)
    {
        var key = CommonOptions.Key(true, "Private decryption key (the pair of the -E key) or AES-KW key file.");
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var input = new Argument<string>("INFILE") { Description = "Encrypted image (.bin or .hex)." };
        var output = new Argument<string>("OUTFILE") { Description = "Plaintext image (.bin or .hex)." };
        var command = new Command("decrypt", DecryptDescription) { key, passwordEnv, passwordFile, input, output };
        command.SetAction(result =>
        {
            string inPath = context.Resolve(result.GetValue(input)!);
            CommonOptions.RefuseOutputOverInput(context, result.GetValue(output), "OUTFILE", ("INFILE", inPath), ("-k", result.GetValue(key)), ("--password-file", result.GetValue(passwordFile)));
            var (data, baseAddress) = ImageFileReader.ReadInput(inPath);
            var parsed = ImageReader.Read(data, inPath);
            using var decryptor = ImageDecryptor.Load(context.Resolve(result.GetValue(key)!), CommonOptions.Passwords(context, result, passwordEnv, passwordFile));
            var plain = decryptor.Decrypt(parsed, data, inPath);
            WriteImage(context, result.GetValue(output)!, plain, baseAddress);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Decompress(CliContext context)
    {
        var decryptKey = new Option<string?>("--decrypt-key", "-k") { Description = "Private key to decrypt an encrypted compressed image first.", HelpName = "FILE" };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var input = new Argument<string>("INFILE") { Description = "Compressed image (.bin or .hex)." };
        var output = new Argument<string>("OUTFILE") { Description = "The uncompressed image it stands for (.bin or .hex)." };
        var command = new Command("decompress", DecompressDescription) { decryptKey, passwordEnv, passwordFile, input, output };
        command.SetAction(result =>
        {
            string inPath = context.Resolve(result.GetValue(input)!);
            CommonOptions.RefuseOutputOverInput(context, result.GetValue(output), "OUTFILE", ("INFILE", inPath), ("--decrypt-key", result.GetValue(decryptKey)), ("--password-file", result.GetValue(passwordFile)));
            var (data, baseAddress) = ImageFileReader.ReadInput(inPath);
            var parsed = ImageReader.Read(data, inPath);
            if (ImageDecryptor.IsEncrypted(parsed) && result.GetValue(decryptKey) is { } dk)
            {
                using var decryptor = ImageDecryptor.Load(context.Resolve(dk), CommonOptions.Passwords(context, result, passwordEnv, passwordFile));
                data = decryptor.Decrypt(parsed, data, inPath);
            }

            var inner = ImageDecompressor.Decompress(parsed, data, inPath);
            WriteImage(context, result.GetValue(output)!, inner, baseAddress);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteImage(CliContext context, string output, byte[] data, uint? baseAddress)
    {
        string outPath = context.Resolve(output);
        if (FileFormat.IsHex(outPath))
        {
            uint address = baseAddress ?? throw new McuBootException(ErrorCodes.NoHexAddress,
                $"No address is known for the HEX output {outPath} (the input was binary); write a .bin.", outPath) { ExitCode = ExitCodes.Usage };
            AtomicFile.Write(outPath, stream => IntelHexWriter.Write(stream, address, data));
        }
        else
        {
            AtomicFile.WriteAllBytes(outPath, data);
        }
    }
}
