namespace McuBoot.Tests.Properties;

/// <summary>The kinds of damage the corruption property does to a signed image.</summary>
internal enum CorruptionKind
{
    BitFlip,
    ByteOverwrite,
    RunOverwrite,
    Truncate,
    Insert,
    Append,
    TlvLengthEdit,
    TlvTypeEdit,
    HeaderFieldEdit,
    TrailerEdit,
}
