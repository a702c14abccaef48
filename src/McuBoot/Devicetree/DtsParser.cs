// A parser for devicetree source as Zephyr writes it after the C preprocessor and dtlib (build/zephyr/zephyr.dts):
// the grammar of the Devicetree Specification v0.4 §6 (nodes, labels, properties, strings, cells, byte strings,
// references, /delete-node/, /bits/), plus dtlib's `/* in file:line */` provenance comments
// (zephyr scripts/dts/python-devicetree/src/devicetree/dtlib.py, DT.__str__). Bounded: file size, nesting depth,
// node count and expression depth are limited, and every error carries file:line.
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using McuBoot.Diagnostics;

namespace McuBoot.Devicetree;

/// <summary>Parses flattened devicetree source (<c>zephyr.dts</c>) into a <see cref="DtsDocument"/>.</summary>
public static partial class DtsParser
{
    /// <summary>Largest file accepted (a real zephyr.dts is 20-200 KB).</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Deepest node nesting accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes accepted.</summary>
    public const int MaxNodes = 200_000;

    private const int MaxExpressionDepth = 32;

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.DtsNotFound"/>, <see cref="ErrorCodes.DtsTooLarge"/>, or a parse error with file:line.</exception>
    public static DtsDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new McuBootException(ErrorCodes.DtsNotFound,
                $"devicetree file not found: {full}; pass a Zephyr build folder (it holds zephyr/zephyr.dts after the build's configure step) or the zephyr.dts itself.",
                full)
            { ExitCode = ExitCodes.Usage };
        }

        long length = new FileInfo(full).Length;
        if (length > MaxFileBytes)
        {
            throw new McuBootException(ErrorCodes.DtsTooLarge,
                $"{full} is {length} bytes, more than the {MaxFileBytes} a flattened devicetree can be; pass the build's zephyr/zephyr.dts.", full);
        }

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new McuBootException(ErrorCodes.ReadFailed, $"cannot read {full}: {ex.Message}; check its permissions.", full, ex);
        }

        return Parse(text, full);
    }

    /// <summary>Parses devicetree source; <paramref name="path"/> is used in messages and <see cref="DtsDocument.SourcePath"/>.</summary>
    /// <exception cref="McuBootException">A syntax error (<see cref="ErrorCodes.DtsSyntax"/>), a preprocessor directive
    /// (<see cref="ErrorCodes.DtsNotPreprocessed"/>), a limit (<see cref="ErrorCodes.DtsTooLarge"/>) or an unresolved
    /// top-level reference (<see cref="ErrorCodes.DtsUnresolvedReference"/>), each with file:line.</exception>
    public static DtsDocument Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        if (text.Length > MaxFileBytes)
        {
            throw new McuBootException(ErrorCodes.DtsTooLarge, $"{path} is larger than {MaxFileBytes} characters; pass the build's zephyr/zephyr.dts.", path);
        }

        return new Reader(text, path).ReadDocument();
    }

    [GeneratedRegex(@"^\s*(?:node\s+'[^']*'\s+)?defined\s+in\s+(?<origin>\S+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeOrigin();

    [GeneratedRegex(@"^\s*in\s+(?<origin>\S+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyOrigin();

    private sealed class Reader(string text, string path)
    {
        private readonly DtsNode _root = new("/", null, 1);
        private int _pos;
        private int _line = 1;
        private int _nodes = 1;
        private string? _lastComment;

        public DtsDocument ReadDocument()
        {
            var doc = new DtsDocument(path, _root);
            while (true)
            {
                SkipTrivia();
                if (_pos >= text.Length)
                {
                    return doc;
                }

                char c = text[_pos];
                if (c == '#')
                {
                    throw Preprocessor();
                }

                if (TryDirective(out var directive))
                {
                    switch (directive)
                    {
                        case "dts-v1":
                        case "plugin":
                            Expect(';');
                            break;
                        case "memreserve":
                            SkipTrivia();
                            ReadNumber();
                            SkipTrivia();
                            ReadNumber();
                            Expect(';');
                            break;
                        case "delete-node":
                            {
                                SkipTrivia();
                                int line = _line;
                                var target = ReadReferenceTarget();
                                var node = Resolve(doc, target, line);
                                if (node.Parent is null || !node.Parent.RemoveChild(node.Name))
                                {
                                    throw Error(ErrorCodes.DtsSyntax, line, "/delete-node/ cannot delete the root node; remove the statement");
                                }

                                Expect(';');
                                break;
                            }

                        case "include":
                            throw Preprocessor();
                        default:
                            throw Error(ErrorCodes.DtsSyntax, _line, $"unexpected /{directive}/ at the top level; pass the flattened build/zephyr/zephyr.dts");
                    }

                    continue;
                }

                // Labels before a top-level node: "lbl: / { ... };" is legal.
                string? label = null;
                if (IsLabelStart(c) && TryReadLabel(out var l))
                {
                    label = l;
                    SkipTrivia();
                }

                if (Peek() == '/')
                {
                    _pos++;
                    if (label is not null)
                    {
                        _root.AddLabel(label);
                    }

                    ReadBody(_root);
                    Expect(';');
                    continue;
                }

                if (Peek() == '&')
                {
                    int line = _line;
                    _pos++;
                    var target = ReadReferenceTarget();
                    var node = Resolve(doc, target, line);
                    if (label is not null)
                    {
                        node.AddLabel(label);
                    }

                    ReadBody(node);
                    Expect(';');
                    continue;
                }

                throw Error(ErrorCodes.DtsSyntax, _line, $"expected '/ {{' or '&label {{' at the top level, found '{Describe()}'");
            }
        }

        private DtsNode Resolve(DtsDocument doc, string target, int line)
            => doc.Resolve(target) ?? throw Error(ErrorCodes.DtsUnresolvedReference, line,
                $"reference '&{target}' names no node defined above it; define the label first or pass the flattened build/zephyr/zephyr.dts");

        /// <summary>Reads "{ ... }" into <paramref name="node"/> (the opening brace is next).</summary>
        private void ReadBody(DtsNode node)
        {
            if (node.Depth >= MaxDepth)
            {
                throw Error(ErrorCodes.DtsTooLarge, _line, $"nodes nested deeper than {MaxDepth} levels; this is not a real devicetree");
            }

            Expect('{');
            _lastComment = null;
            while (true)
            {
                SkipTrivia();
                if (_pos >= text.Length)
                {
                    throw Error(ErrorCodes.DtsSyntax, _line, $"end of file inside node '{node.Path}' (opened at line {node.Line}); a '}};' is missing");
                }

                if (text[_pos] == '}')
                {
                    _pos++;
                    return;
                }

                if (text[_pos] == '#' && IsPreprocessorDirective())
                {
                    throw Preprocessor();
                }

                string? originComment = _lastComment;
                _lastComment = null;
                if (TryDirective(out var directive))
                {
                    SkipTrivia();
                    if (directive is "delete-node" or "delete-property")
                    {
                        var name = ReadName();
                        if (directive == "delete-node")
                        {
                            node.RemoveChild(name);
                        }
                        else
                        {
                            node.DeleteProperty(name);
                        }

                        Expect(';');
                        continue;
                    }

                    if (directive == "omit-if-no-ref")
                    {
                        continue;
                    }

                    throw Error(ErrorCodes.DtsSyntax, _line, $"unexpected /{directive}/ inside node '{node.Path}'");
                }

                var labels = new List<string>();
                while (IsLabelStart(Peek()) && TryReadLabel(out var lbl))
                {
                    labels.Add(lbl);
                    SkipTrivia();
                }

                int line = _line;
                string itemName = ReadName();
                SkipTrivia();
                char next = Peek();
                if (next == '{')
                {
                    if (++_nodes > MaxNodes)
                    {
                        throw Error(ErrorCodes.DtsTooLarge, line, $"more than {MaxNodes} nodes; this is not a real devicetree");
                    }

                    var child = node.GetOrAddChild(itemName, line);
                    foreach (var lbl in labels)
                    {
                        child.AddLabel(lbl);
                    }

                    if (child.Origin is null && originComment is not null && NodeOrigin().Match(originComment) is { Success: true } m)
                    {
                        child.Origin = m.Groups["origin"].Value;
                    }

                    ReadBody(child);
                    Expect(';');
                    _lastComment = null;
                    continue;
                }

                if (labels.Count > 0 && next != '=' && next != ';')
                {
                    throw Error(ErrorCodes.DtsSyntax, _line, $"expected '{{' after the labelled node name '{itemName}', found '{Describe()}'");
                }

                var values = new List<DtsValue>();
                if (next == '=')
                {
                    _pos++;
                    ReadValues(values, itemName);
                }
                else if (next != ';')
                {
                    throw Error(ErrorCodes.DtsSyntax, _line, $"expected '=', ';' or '{{' after '{itemName}', found '{Describe()}'");
                }

                Expect(';');
                node.SetProperty(new DtsProperty(itemName, values, line, ReadTrailingOrigin()));
                _lastComment = null;
            }
        }

        private void ReadValues(List<DtsValue> values, string property)
        {
            while (true)
            {
                SkipTrivia();
                while (IsLabelStart(Peek()) && TryReadLabel(out _))
                {
                    SkipTrivia();
                }

                char c = Peek();
                int bits = 32;
                if (c == '/' && TryDirective(out var directive))
                {
                    if (directive != "bits")
                    {
                        throw Error(ErrorCodes.DtsSyntax, _line, $"unexpected /{directive}/ in the value of '{property}'");
                    }

                    SkipTrivia();
                    bits = (int)ReadNumber();
                    if (bits is not (8 or 16 or 32 or 64))
                    {
                        throw Error(ErrorCodes.DtsSyntax, _line, $"/bits/ {bits} in '{property}': only 8, 16, 32 or 64 are valid");
                    }

                    SkipTrivia();
                    c = Peek();
                    if (c != '<')
                    {
                        throw Error(ErrorCodes.DtsSyntax, _line, $"expected '<' after /bits/ in '{property}'");
                    }
                }

                switch (c)
                {
                    case '"':
                        values.Add(DtsValue.String(ReadString()));
                        break;
                    case '<':
                        values.Add(DtsValue.CellArray(ReadCells(bits, property), bits));
                        break;
                    case '[':
                        values.Add(DtsValue.ByteString(ReadBytes(property)));
                        break;
                    case '&':
                        _pos++;
                        values.Add(DtsValue.Ref(ReadReferenceTarget()));
                        break;
                    default:
                        throw Error(ErrorCodes.DtsSyntax, _line, $"expected a string, '<cells>', '[bytes]' or '&reference' in the value of '{property}', found '{Describe()}'");
                }

                SkipTrivia();
                while (IsLabelStart(Peek()) && TryReadLabel(out _))
                {
                    SkipTrivia();
                }

                if (Peek() == ',')
                {
                    _pos++;
                    continue;
                }

                return;
            }
        }

        private List<DtsCell> ReadCells(int bits, string property)
        {
            Expect('<');
            var cells = new List<DtsCell>();
            ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
            while (true)
            {
                SkipTrivia();
                char c = Peek();
                if (c == '>')
                {
                    _pos++;
                    return cells;
                }

                if (c == '\0')
                {
                    throw Error(ErrorCodes.DtsSyntax, _line, $"end of file inside the cells of '{property}'; a '>' is missing");
                }

                if (c == '&')
                {
                    _pos++;
                    cells.Add(new DtsCell(0, ReadReferenceTarget()));
                    continue;
                }

                if (IsLabelStart(c) && TryReadLabel(out _))
                {
                    continue;
                }

                ulong value = c == '(' ? Expression(0) : c == '\'' ? ReadCharLiteral() : ReadNumber();
                cells.Add(new DtsCell(value & mask));
            }
        }

        private byte[] ReadBytes(string property)
        {
            Expect('[');
            var hex = new StringBuilder();
            while (true)
            {
                SkipTrivia();
                char c = Peek();
                if (c == ']')
                {
                    _pos++;
                    break;
                }

                if (!Uri.IsHexDigit(c))
                {
                    throw Error(ErrorCodes.DtsSyntax, _line, $"byte string of '{property}' holds '{Describe()}', not hex digits");
                }

                hex.Append(c);
                _pos++;
            }

            if (hex.Length % 2 != 0)
            {
                throw Error(ErrorCodes.DtsSyntax, _line, $"byte string of '{property}' has an odd number of hex digits");
            }

            return Convert.FromHexString(hex.ToString());
        }

        private string ReadString()
        {
            int line = _line;
            Expect('"');
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length || text[_pos] == '\n')
                {
                    throw Error(ErrorCodes.DtsSyntax, line, "unterminated string; a closing '\"' is missing");
                }

                char c = text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                sb.Append(ReadEscape());
            }
        }

        private char ReadEscape()
        {
            if (_pos >= text.Length)
            {
                throw Error(ErrorCodes.DtsSyntax, _line, "unterminated escape sequence");
            }

            char e = text[_pos++];
            switch (e)
            {
                case 'n': return '\n';
                case 't': return '\t';
                case 'r': return '\r';
                case 'a': return '\a';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'v': return '\v';
                case 'x':
                    {
                        int start = _pos;
                        while (_pos < text.Length && _pos - start < 2 && Uri.IsHexDigit(text[_pos]))
                        {
                            _pos++;
                        }

                        if (_pos == start)
                        {
                            throw Error(ErrorCodes.DtsSyntax, _line, "'\\x' without hex digits");
                        }

                        return (char)Convert.ToInt32(text[start.._pos], 16);
                    }

                default:
                    if (e is >= '0' and <= '7')
                    {
                        int start = _pos - 1;
                        while (_pos < text.Length && _pos - start < 3 && text[_pos] is >= '0' and <= '7')
                        {
                            _pos++;
                        }

                        return (char)(Convert.ToInt32(text[start.._pos], 8) & 0xFF);
                    }

                    return e;
            }
        }

        private ulong ReadCharLiteral()
        {
            Expect('\'');
            if (_pos >= text.Length)
            {
                throw Error(ErrorCodes.DtsSyntax, _line, "unterminated character literal");
            }

            char c = text[_pos++];
            if (c == '\\')
            {
                c = ReadEscape();
            }

            Expect('\'');
            return c;
        }

        // Integer expressions in cells (DT spec §6.3): ( a op b ), C precedence, 64-bit unsigned.
        private ulong Expression(int depth)
        {
            if (depth > MaxExpressionDepth)
            {
                throw Error(ErrorCodes.DtsTooLarge, _line, $"expression nested deeper than {MaxExpressionDepth} levels");
            }

            Expect('(');
            ulong value = Ternary(depth);
            SkipTrivia();
            Expect(')');
            return value;
        }

        private static readonly string[][] Levels =
        [
            ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<=", ">=", "<", ">"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
        ];

        private ulong Ternary(int depth)
        {
            ulong cond = Binary(0, depth);
            SkipTrivia();
            if (Peek() != '?')
            {
                return cond;
            }

            _pos++;
            ulong a = Ternary(depth + 1);
            SkipTrivia();
            Expect(':');
            ulong b = Ternary(depth + 1);
            return cond != 0 ? a : b;
        }

        private ulong Binary(int level, int depth)
        {
            if (level == Levels.Length)
            {
                return Unary(depth);
            }

            ulong left = Binary(level + 1, depth);
            while (true)
            {
                SkipTrivia();
                string? op = Levels[level].FirstOrDefault(o => string.CompareOrdinal(text, _pos, o, 0, o.Length) == 0
                    && !(o.Length == 1 && _pos + 1 < text.Length && (o + text[_pos + 1]) is "||" or "&&" or "<<" or ">>" or "<=" or ">="));
                if (op is null)
                {
                    return left;
                }

                _pos += op.Length;
                ulong right = Binary(level + 1, depth);
                left = op switch
                {
                    "||" => (left != 0 || right != 0) ? 1UL : 0,
                    "&&" => (left != 0 && right != 0) ? 1UL : 0,
                    "|" => left | right,
                    "^" => left ^ right,
                    "&" => left & right,
                    "==" => left == right ? 1UL : 0,
                    "!=" => left != right ? 1UL : 0,
                    "<=" => left <= right ? 1UL : 0,
                    ">=" => left >= right ? 1UL : 0,
                    "<" => left < right ? 1UL : 0,
                    ">" => left > right ? 1UL : 0,
                    "<<" => right >= 64 ? 0 : left << (int)right,
                    ">>" => right >= 64 ? 0 : left >> (int)right,
                    "+" => unchecked(left + right),
                    "-" => unchecked(left - right),
                    "*" => unchecked(left * right),
                    _ => right == 0 ? throw Error(ErrorCodes.DtsSyntax, _line, "division by zero in a cell expression") : op == "/" ? left / right : left % right,
                };
            }
        }

        private ulong Unary(int depth)
        {
            SkipTrivia();
            char c = Peek();
            switch (c)
            {
                case '-':
                    _pos++;
                    return unchecked(0 - Unary(depth));
                case '~':
                    _pos++;
                    return ~Unary(depth);
                case '!':
                    _pos++;
                    return Unary(depth) == 0 ? 1UL : 0;
                case '(':
                    return Expression(depth + 1);
                case '\'':
                    return ReadCharLiteral();
                default:
                    return ReadNumber();
            }
        }

        private ulong ReadNumber()
        {
            int start = _pos;
            while (_pos < text.Length && char.IsAsciiLetterOrDigit(text[_pos]))
            {
                _pos++;
            }

            string token = text[start.._pos];
            string digits = token.TrimEnd('u', 'U', 'l', 'L');
            ulong value = 0;
            bool ok = digits.Length > 0 && (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? digits.Length > 2 && ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
                : digits.Length > 1 && digits[0] == '0'
                    ? TryOctal(digits, out value)
                    : ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value));
            if (!ok)
            {
                _pos = start;
                throw Error(ErrorCodes.DtsSyntax, _line, $"'{(token.Length > 0 ? token : Describe())}' is not a number (decimal, 0x hex or 0 octal)");
            }

            return value;
        }

        private static bool TryOctal(string digits, out ulong value)
        {
            value = 0;
            foreach (char d in digits)
            {
                if (d is < '0' or > '7' || value > (ulong.MaxValue >> 3))
                {
                    return false;
                }

                value = (value << 3) | (uint)(d - '0');
            }

            return true;
        }

        private string ReadReferenceTarget()
        {
            if (Peek() == '{')
            {
                _pos++;
                int start = _pos;
                while (_pos < text.Length && text[_pos] != '}' && text[_pos] != '\n')
                {
                    _pos++;
                }

                if (Peek() != '}')
                {
                    throw Error(ErrorCodes.DtsSyntax, _line, "unterminated path reference '&{'; a '}' is missing");
                }

                string p = text[start.._pos].Trim();
                _pos++;
                return p;
            }

            int s = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            if (_pos == s)
            {
                throw Error(ErrorCodes.DtsSyntax, _line, $"'&' must be followed by a label or {{/path}}, found '{Describe()}'");
            }

            return text[s.._pos];
        }

        private string ReadName()
        {
            int start = _pos;
            while (_pos < text.Length && IsNameChar(text[_pos]))
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw Error(ErrorCodes.DtsSyntax, _line, $"expected a node or property name, found '{Describe()}'");
            }

            return text[start.._pos];
        }

        private bool TryReadLabel(out string label)
        {
            int start = _pos;
            int end = _pos;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            if (end > start && end < text.Length && text[end] == ':')
            {
                label = text[start..end];
                _pos = end + 1;
                return true;
            }

            label = string.Empty;
            return false;
        }

        private bool TryDirective(out string name)
        {
            name = string.Empty;
            if (Peek() != '/' || _pos + 1 >= text.Length || !char.IsAsciiLetter(text[_pos + 1]))
            {
                return false;
            }

            int end = text.IndexOf('/', _pos + 1);
            if (end < 0 || end - _pos > 20)
            {
                return false;
            }

            var candidate = text[(_pos + 1)..end];
            if (!candidate.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
            {
                return false;
            }

            name = candidate;
            _pos = end + 1;
            return true;
        }

        private bool IsPreprocessorDirective()
        {
            foreach (var d in new[] { "#include", "#define", "#if", "#ifdef", "#ifndef", "#else", "#endif", "#undef", "#elif", "#pragma" })
            {
                if (string.CompareOrdinal(text, _pos, d, 0, d.Length) == 0 && (_pos + d.Length >= text.Length || !IsNameChar(text[_pos + d.Length]) || d == "#if"))
                {
                    return d != "#if" || (_pos + 3 < text.Length && text[_pos + 3] is ' ' or '\t' or 'd' or 'n');
                }
            }

            return false;
        }

        private string? ReadTrailingOrigin()
        {
            int p = _pos;
            while (p < text.Length && text[p] is ' ' or '\t')
            {
                p++;
            }

            if (p + 1 < text.Length && text[p] == '/' && text[p + 1] == '*')
            {
                int end = text.IndexOf("*/", p + 2, StringComparison.Ordinal);
                if (end > 0 && PropertyOrigin().Match(text[(p + 2)..end]) is { Success: true } m)
                {
                    return m.Groups["origin"].Value;
                }
            }

            return null;
        }

        private void SkipTrivia()
        {
            while (_pos < text.Length)
            {
                char c = text[_pos];
                if (c == '\n')
                {
                    _line++;
                    _pos++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    _pos++;
                }
                else if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '*')
                {
                    int end = text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw Error(ErrorCodes.DtsSyntax, _line, "unterminated '/*' comment");
                    }

                    _lastComment = text[(_pos + 2)..end];
                    _line += _lastComment.Count(ch => ch == '\n');
                    _pos = end + 2;
                }
                else if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '/')
                {
                    while (_pos < text.Length && text[_pos] != '\n')
                    {
                        _pos++;
                    }
                }
                else
                {
                    return;
                }
            }
        }

        private void Expect(char c)
        {
            SkipTrivia();
            if (Peek() != c)
            {
                throw Error(ErrorCodes.DtsSyntax, _line, $"expected '{c}', found '{Describe()}'");
            }

            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private string Describe()
        {
            if (_pos >= text.Length)
            {
                return "end of file";
            }

            int end = _pos;
            while (end < text.Length && end - _pos < 20 && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            return end == _pos ? text[_pos].ToString() : text[_pos..end];
        }

        private static bool IsLabelStart(char c) => char.IsAsciiLetter(c) || c == '_';

        private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is ',' or '.' or '_' or '+' or '-' or '#' or '?' or '@' or '*';

        private McuBootException Preprocessor() => Error(ErrorCodes.DtsNotPreprocessed, _line,
            "C preprocessor directive: this is devicetree source before the preprocessor (a board .dts/.dtsi/.overlay), not the flattened tree; pass the build's zephyr/zephyr.dts");

        private McuBootException Error(string code, int line, string message)
            => new(code, $"{path}:{line}: {message}.", path) { Line = line, ExitCode = ExitCodes.Usage };
    }
}
