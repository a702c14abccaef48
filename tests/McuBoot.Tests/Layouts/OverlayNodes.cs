using System.Globalization;
using System.Text.RegularExpressions;

namespace McuBoot.Tests.Layouts;

/// <summary>
/// A structural reader of the overlays <c>layout convert</c> writes (brace nesting, node labels, <c>label</c> and
/// <c>reg</c>), enough to assert what is where; the devicetree round trip uses the real parser.
/// </summary>
internal sealed partial record OverlayNodes(string FlashNode, string Label, string? Parent, uint Address, uint Size, string PartitionLabel)
{
    public static List<OverlayNodes> Parse(string text)
    {
        var result = new List<OverlayNodes>();
        var stack = new Stack<(string Kind, string Name)>();
        string? flash = null;
        (string Label, string? Parent)? pending = null;
        string? partitionLabel = null;
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (FlashOpen().Match(line) is { Success: true } f)
            {
                flash = f.Groups[1].Value;
                stack.Push(("flash", flash));
            }
            else if (NodeOpen().Match(line) is { Success: true } n)
            {
                string? parent = stack.FirstOrDefault(s => s.Kind == "partition").Name;
                stack.Push(("partition", n.Groups[1].Value));
                pending = (n.Groups[1].Value, parent);
                partitionLabel = null;
            }
            else if (line.EndsWith('{'))
            {
                stack.Push(("other", line));
            }
            else if (LabelProp().Match(line) is { Success: true } l)
            {
                partitionLabel = l.Groups[1].Value;
            }
            else if (RegProp().Match(line) is { Success: true } r && pending is { } p)
            {
                result.Add(new OverlayNodes(flash!, p.Label, p.Parent, Number(r.Groups[1].Value), Number(r.Groups[2].Value), partitionLabel ?? string.Empty));
                pending = null;
            }
            else if (line == "};")
            {
                stack.Pop();
            }
        }

        Assert.Empty(stack);
        return result;
    }

    private static uint Number(string s) => uint.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^&(\w+) \{$")]
    private static partial Regex FlashOpen();

    [GeneratedRegex(@"^(\w+): partition@[0-9a-f]+ \{$")]
    private static partial Regex NodeOpen();

    [GeneratedRegex("^label = \"([^\"]*)\";$")]
    private static partial Regex LabelProp();

    [GeneratedRegex(@"^reg = <(0x[0-9a-f]+) (0x[0-9a-f]+)>;$")]
    private static partial Regex RegProp();
}
