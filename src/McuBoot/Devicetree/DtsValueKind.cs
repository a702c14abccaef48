namespace McuBoot.Devicetree;

/// <summary>The kind of one comma-separated component of a devicetree property value.</summary>
public enum DtsValueKind
{
    /// <summary>A quoted string, <c>"okay"</c>.</summary>
    String,

    /// <summary>A cell array, <c>&lt; 0x0 0x10000 &amp;label &gt;</c> (cells are numbers or phandle references).</summary>
    Cells,

    /// <summary>A byte string, <c>[ 01 02 ab ]</c>.</summary>
    Bytes,

    /// <summary>A path reference outside cells, <c>&amp;label</c> or <c>&amp;{/path}</c> (the referenced node's path).</summary>
    Reference,
}
