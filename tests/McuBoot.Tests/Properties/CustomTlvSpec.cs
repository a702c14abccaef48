namespace McuBoot.Tests.Properties;

/// <summary>One custom TLV of a random option set: tag, the text given on the command line, the bytes it stands for.</summary>
internal sealed record CustomTlvSpec(ushort Tag, string Text, byte[] Value, bool FromFile);
