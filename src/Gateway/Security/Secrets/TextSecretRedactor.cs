using System.Text.RegularExpressions;

namespace Fleet.Gateway.Security.Secrets;

/// <summary>
/// The line scanner behind <see cref="SecretRedactor"/> for everything that is not well-formed JSON:
/// YAML block mappings and sequences (<c>- key: value</c>), plain and quoted values (quoted ones may
/// span lines), block scalars (<c>key: |</c> — a PEM key, say — become one marker), flow collections
/// over any number of lines (<c>{user: a, password: b}</c>, JSON that did not parse), items of a
/// sequence under a secret key, <c>key = value</c> lines (INI, TOML, .env, <c>--flag=value</c>), and
/// Fluent Bit's classic <c>Key value</c> sections. It never needs the text to be valid: a line it does
/// not understand is left alone and the next line is read afresh.
/// </summary>
internal sealed partial class TextSecretRedactor
{
    private readonly string _text;
    private readonly List<Replacement> _replacements = [];
    private readonly bool _fluentBitClassic;

    /// <summary>Indentation of a secret key whose value is on the lines below it (a sequence, a plain scalar).</summary>
    private int? _secretParentIndent;

    private TextSecretRedactor(string text)
    {
        _text = text;
        _fluentBitClassic = FluentBitSection().IsMatch(text);
    }

    public static string Redact(string text)
    {
        var redactor = new TextSecretRedactor(text);
        var position = 0;
        while (position < text.Length)
        {
            position = redactor.Line(position);
        }
        return Replacement.Apply(text, redactor._replacements);
    }

    /// <summary>Reads the line starting at <paramref name="start"/>; returns where the next unread line starts.</summary>
    private int Line(int start)
    {
        var end = LineEnd(start);
        var next = end < _text.Length ? end + 1 : end;
        var contentEnd = end > start && _text[end - 1] == '\r' ? end - 1 : end;
        var p = SkipBlanks(start, contentEnd);
        var indent = p - start;
        if (p == contentEnd || _text[p] == '#')
        {
            return next;
        }
        if (indent == 0 && (At(p, "---") || At(p, "...")))
        {
            _secretParentIndent = null;
            return next;
        }
        var underSecret = _secretParentIndent is { } parent && (indent > parent || (indent == parent && IsDash(p, contentEnd)));
        if (!underSecret)
        {
            _secretParentIndent = null;
        }
        while (IsDash(p, contentEnd))
        {
            p = SkipBlanks(p + 1, contentEnd);
        }
        if (p == contentEnd || _text[p] == '#')
        {
            return next;
        }
        if (TryKey(p, contentEnd, out var key, out var afterColon, out var quotedKey))
        {
            return Value(SkipBlanks(afterColon, contentEnd), contentEnd, next, SecretKeyNames.IsSecret(key), keyColumn: p - start, quotedKey);
        }
        if (_text[p] is '{' or '[')
        {
            var closed = Flow(p, underSecret);
            return closed < 0 ? next : NextLineAfter(closed);
        }
        if (underSecret)
        {
            return Scalar(p, contentEnd, next, trimComma: false);
        }
        Assignment(p, contentEnd);
        return next;
    }

    private int Value(int v, int contentEnd, int next, bool secret, int keyColumn, bool quotedKey)
    {
        // Node properties (&anchor, !tag) come before the value itself.
        while (v < contentEnd && _text[v] is '&' or '!')
        {
            while (v < contentEnd && _text[v] is not (' ' or '\t'))
            {
                v++;
            }
            v = SkipBlanks(v, contentEnd);
        }
        if (v == contentEnd || _text[v] == '#')
        {
            if (secret)
            {
                _secretParentIndent = keyColumn;
            }
            return next;
        }
        switch (_text[v])
        {
            case '|' or '>':
                return secret ? BlockScalar(v, contentEnd, next, keyColumn) : next;
            case '{' or '[':
                var closed = Flow(v, secret);
                return closed < 0 ? next : NextLineAfter(closed);
            default:
                return secret ? Scalar(v, contentEnd, next, trimComma: quotedKey) : next;
        }
    }

    /// <summary>A scalar value to hide: quoted (to its closing quote, on any line) or plain (to a comment or the line's end).</summary>
    private int Scalar(int v, int contentEnd, int next, bool trimComma)
    {
        if (_text[v] is '"' or '\'')
        {
            // A quoted value may go on over lines; one that never closes is hidden to the line's end only.
            var quoteEnd = QuotedEnd(v);
            if (quoteEnd < 0)
            {
                quoteEnd = contentEnd;
            }
            Hide(v, quoteEnd);
            return NextLineAfter(quoteEnd);
        }
        if (_text[v] == '*')
        {
            return next; // an alias: the anchored value is hidden where it is defined
        }
        var end = PlainEnd(v, contentEnd);
        if (trimComma && end > v && _text[end - 1] == ',')
        {
            end--; // a JSON-looking line: the comma separates, it is not part of the value
        }
        Hide(v, end);
        return next;
    }

    /// <summary><c>key: |</c> and the more-indented lines below it become <c>key: "&lt;redacted&gt;"</c>.</summary>
    private int BlockScalar(int v, int contentEnd, int next, int keyColumn)
    {
        var header = v + 1;
        while (header < contentEnd && (_text[header] is '+' or '-' || char.IsAsciiDigit(_text[header])))
        {
            header++;
        }
        var lastContentEnd = -1;
        var position = next;
        while (position < _text.Length)
        {
            var lineEnd = LineEnd(position);
            var lineContentEnd = lineEnd > position && _text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            var first = SkipBlanks(position, lineContentEnd);
            var blank = first == lineContentEnd;
            if (!blank && first - position <= keyColumn)
            {
                break;
            }
            if (!blank)
            {
                lastContentEnd = lineContentEnd;
            }
            position = lineEnd < _text.Length ? lineEnd + 1 : lineEnd;
        }
        if (lastContentEnd < 0)
        {
            return next; // an empty block: nothing to hide
        }
        _replacements.Add(new Replacement(v, header, SecretRedactor.Marker));
        _replacements.Add(new Replacement(contentEnd, lastContentEnd, ""));
        return NextLineAfter(lastContentEnd);
    }

    /// <summary>
    /// A flow collection from its opening bracket, over as many lines as it takes. Keys are judged by
    /// name; items of a sequence under a secret key are hidden. Returns the position after the closing
    /// bracket, or -1 when it never closes (then the lines are read one by one instead).
    /// </summary>
    private int Flow(int open, bool secretItems)
    {
        var frames = new Stack<FlowFrame>();
        frames.Push(new FlowFrame(_text[open] == '{', secretItems));
        var p = open + 1;
        while (p < _text.Length && frames.Count > 0)
        {
            var c = _text[p];
            var top = frames.Peek();
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                p++;
            }
            else if (c == '#' && _text[p - 1] is ' ' or '\t' or '\n')
            {
                p = LineEnd(p);
            }
            else if (c == ',')
            {
                top.AwaitingValue = false;
                p++;
            }
            else if (c is '}' or ']')
            {
                frames.Pop();
                if (frames.TryPeek(out var parent))
                {
                    parent.AwaitingValue = false;
                }
                p++;
            }
            else if (c is '{' or '[')
            {
                frames.Push(new FlowFrame(c == '{', top.ValueIsSecret));
                p++;
            }
            else
            {
                p = FlowScalar(p, top);
            }
        }
        return frames.Count == 0 ? p : -1;
    }

    /// <summary>A key or a value inside a flow collection; returns the position after it.</summary>
    private int FlowScalar(int start, FlowFrame frame)
    {
        var quoted = _text[start] is '"' or '\'';
        var end = quoted ? QuotedEnd(start) : FlowPlainEnd(start);
        if (end < 0)
        {
            return _text.Length; // an unclosed quote: the collection never closes
        }
        if (end == start)
        {
            return start + 1; // a stray indicator (a lone ':')
        }
        var colon = end;
        while (colon < _text.Length && _text[colon] is ' ' or '\t')
        {
            colon++;
        }
        var isKey = !frame.AwaitingValue && colon < _text.Length && _text[colon] == ':'
            && (quoted || colon + 1 == _text.Length || _text[colon + 1] is ' ' or '\t' or '\r' or '\n' or ',' or ']' or '}');
        if (isKey)
        {
            frame.KeyIsSecret = SecretKeyNames.IsSecret(Unquote(start, end));
            frame.AwaitingValue = true;
            return colon + 1;
        }
        if (frame.ValueIsSecret)
        {
            Hide(start, end);
        }
        frame.AwaitingValue = false;
        return end;
    }

    /// <summary><c>key = value</c> (INI, TOML, .env, <c>- --password=…</c>) and Fluent Bit's <c>Key value</c>.</summary>
    private void Assignment(int p, int contentEnd)
    {
        var equals = _text.IndexOf('=', p, contentEnd - p);
        if (equals > p)
        {
            var key = _text.AsSpan(p, equals - p).Trim();
            var quotedKey = key.Length >= 2 && key[0] is '"' or '\'' && key[^1] == key[0];
            if ((quotedKey || key[0] is not ('"' or '\'')) && SecretKeyNames.IsSecret(key.ToString()))
            {
                var v = SkipBlanks(equals + 1, contentEnd);
                if (v < contentEnd)
                {
                    var quoteEnd = _text[v] is '"' or '\'' ? QuotedEnd(v) : -1;
                    Hide(v, quoteEnd > v && quoteEnd <= contentEnd ? quoteEnd : TrimEnd(v, contentEnd));
                }
            }
            return;
        }
        if (!_fluentBitClassic)
        {
            return;
        }
        var keyEnd = p;
        while (keyEnd < contentEnd && _text[keyEnd] is not (' ' or '\t'))
        {
            keyEnd++;
        }
        var value = SkipBlanks(keyEnd, contentEnd);
        if (value == contentEnd)
        {
            return;
        }
        var name = _text[p..keyEnd];
        if (SecretKeyNames.IsSecret(name))
        {
            Hide(value, TrimEnd(value, contentEnd));
        }
        else if (name.Equals("Header", StringComparison.OrdinalIgnoreCase))
        {
            // "Header  Authorization Bearer …": the header's name decides.
            var headerEnd = value;
            while (headerEnd < contentEnd && _text[headerEnd] is not (' ' or '\t'))
            {
                headerEnd++;
            }
            var headerValue = SkipBlanks(headerEnd, contentEnd);
            if (headerValue < contentEnd && SecretKeyNames.IsSecretHeader(_text[value..headerEnd]))
            {
                Hide(headerValue, TrimEnd(headerValue, contentEnd));
            }
        }
    }

    private bool TryKey(int p, int contentEnd, out string key, out int afterColon, out bool quoted)
    {
        key = "";
        afterColon = 0;
        quoted = _text[p] is '"' or '\'';
        if (quoted)
        {
            var quoteEnd = QuotedEnd(p);
            if (quoteEnd < 0 || quoteEnd > contentEnd)
            {
                return false;
            }
            // JSON-style "key":value needs no space after the colon when the key is quoted.
            var colon = SkipBlanks(quoteEnd, contentEnd);
            if (colon == contentEnd || _text[colon] != ':')
            {
                return false;
            }
            key = Unquote(p, quoteEnd);
            afterColon = colon + 1;
            return true;
        }
        if (_text[p] is '{' or '[' or '#' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '?' or ',')
        {
            return false;
        }
        for (var i = p; i < contentEnd; i++)
        {
            var c = _text[i];
            if (c == ':' && (i + 1 == contentEnd || _text[i + 1] is ' ' or '\t'))
            {
                key = _text[p..i].TrimEnd();
                afterColon = i + 1;
                return key.Length > 0;
            }
            // "password = a: b" is an assignment whose value has a colon, not a YAML key.
            if (c == '=' || (c == '#' && _text[i - 1] is ' ' or '\t'))
            {
                return false;
            }
        }
        return false;
    }

    private void Hide(int start, int end)
    {
        if (end > start && SecretValues.Reveals(_text.AsSpan(start, end - start)))
        {
            _replacements.Add(new Replacement(start, end, SecretRedactor.Marker));
        }
    }

    private string Unquote(int start, int end)
    {
        var text = _text.AsSpan(start, end - start);
        return (text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0] ? text[1..^1] : text).ToString();
    }

    /// <summary>After the closing quote ('' and \" escape one), or -1 when it never closes.</summary>
    private int QuotedEnd(int open)
    {
        var quote = _text[open];
        for (var i = open + 1; i < _text.Length; i++)
        {
            if (quote == '"' && _text[i] == '\\')
            {
                i++;
            }
            else if (_text[i] == quote)
            {
                if (quote == '\'' && i + 1 < _text.Length && _text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }
                return i + 1;
            }
        }
        return -1;
    }

    /// <summary>A plain block value ends at a comment (" #") or the line's end.</summary>
    private int PlainEnd(int v, int contentEnd)
    {
        for (var i = v + 1; i < contentEnd; i++)
        {
            if (_text[i] == '#' && _text[i - 1] is ' ' or '\t')
            {
                return TrimEnd(v, i);
            }
        }
        return TrimEnd(v, contentEnd);
    }

    /// <summary>A plain flow scalar also ends at a flow indicator, a line break, or ": ".</summary>
    private int FlowPlainEnd(int start)
    {
        var i = start;
        while (i < _text.Length)
        {
            var c = _text[i];
            if (c is ',' or '[' or ']' or '{' or '}' or '\r' or '\n'
                || (c == '#' && i > start && _text[i - 1] is ' ' or '\t')
                || (c == ':' && (i + 1 == _text.Length || _text[i + 1] is ' ' or '\t' or '\r' or '\n' or ',' or ']' or '}')))
            {
                break;
            }
            i++;
        }
        return TrimEnd(start, i);
    }

    private int TrimEnd(int start, int end)
    {
        while (end > start && _text[end - 1] is ' ' or '\t')
        {
            end--;
        }
        return end;
    }

    private int SkipBlanks(int p, int end)
    {
        while (p < end && _text[p] is ' ' or '\t')
        {
            p++;
        }
        return p;
    }

    private bool IsDash(int p, int contentEnd) => _text[p] == '-' && (p + 1 == contentEnd || _text[p + 1] is ' ' or '\t');

    private bool At(int p, string marker) => string.CompareOrdinal(_text, p, marker, 0, marker.Length) == 0
        && (p + marker.Length == _text.Length || _text[p + marker.Length] is ' ' or '\t' or '\r' or '\n');

    private int LineEnd(int p)
    {
        var end = _text.IndexOf('\n', p);
        return end < 0 ? _text.Length : end;
    }

    private int NextLineAfter(int p)
    {
        var end = LineEnd(p);
        return end < _text.Length ? end + 1 : end;
    }

    [GeneratedRegex(@"^[ \t]*\[(SERVICE|INPUT|OUTPUT|FILTER|PARSER|MULTILINE_PARSER|UPSTREAM|NODE|PLUGINS|CUSTOM)\][ \t]*\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex FluentBitSection();

    /// <summary>One open flow collection: a map (keys decide) or a sequence (its parent's key decides).</summary>
    private sealed class FlowFrame(bool isMap, bool secretItems)
    {
        public bool AwaitingValue { get; set; }

        public bool KeyIsSecret { get; set; }

        /// <summary>Whether the next value (or nested collection) in this frame is a secret's.</summary>
        public bool ValueIsSecret => isMap || AwaitingValue ? AwaitingValue && KeyIsSecret : secretItems;
    }
}
