using YamlDotNet.RepresentationModel;

namespace McuBoot.Layouts;

/// <summary>Small helpers over YamlDotNet's representation model (lines, scalars, lists).</summary>
internal static class YamlNodes
{
    /// <summary>1-based line of a node (YamlDotNet marks are 1-based).</summary>
    public static int Line(YamlNode node) => (int)Math.Min(node.Start.Line, int.MaxValue);

    public static string? Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value : null;

    public static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode s when string.IsNullOrEmpty(s.Value) => "empty",
        YamlScalarNode s => $"the value '{Clip(s.Value!)}'",
        _ => "an unsupported node",
    };

    public static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
