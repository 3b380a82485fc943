using System.Text.RegularExpressions;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// Kubernetes-style label selector over agent attributes: comma-separated requirements, all of which
/// must hold — <c>k=v</c>, <c>k!=v</c>, <c>k=~regex</c>, <c>k!~regex</c>, <c>k in (a,b)</c>,
/// <c>k notin (a,b)</c>, <c>k</c> (present), <c>!k</c> (absent). Regexes match the whole value.
/// </summary>
public sealed partial class LabelSelector
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(50);
    private readonly IReadOnlyList<Func<Func<string, string?>, bool>> _requirements;

    private LabelSelector(string text, IReadOnlyList<Func<Func<string, string?>, bool>> requirements)
    {
        Text = text;
        _requirements = requirements;
    }

    public static LabelSelector Everything { get; } = new("", []);

    public string Text { get; }

    /// <summary>True when every requirement holds; <paramref name="attribute"/> returns null for a missing key.</summary>
    public bool Matches(Func<string, string?> attribute)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement(attribute))
            {
                return false;
            }
        }
        return true;
    }

    public static bool TryParse(string? text, out LabelSelector selector, out string? error)
    {
        selector = Everything;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var requirements = new List<Func<Func<string, string?>, bool>>();
        foreach (var part in SplitTopLevel(text))
        {
            var requirement = part.Trim();
            if (requirement.Length == 0)
            {
                error = "empty requirement (two commas in a row?)";
                return false;
            }
            if (!TryParseRequirement(requirement, out var check, out error))
            {
                error = $"'{requirement}': {error}";
                return false;
            }
            requirements.Add(check);
        }
        selector = new LabelSelector(text.Trim(), requirements);
        return true;
    }

    private static bool TryParseRequirement(string text, out Func<Func<string, string?>, bool> check, out string? error)
    {
        check = _ => true;
        error = null;
        var set = SetRequirement().Match(text);
        if (set.Success)
        {
            var key = set.Groups["key"].Value;
            var values = set.Groups["values"].Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
            var negate = set.Groups["op"].Value == "notin";
            check = attribute => attribute(key) is { } value ? values.Contains(value) != negate : negate;
            return true;
        }
        foreach (var (op, kind) in Operators)
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }
            var key = text[..at].Trim();
            var operand = text[(at + op.Length)..].Trim();
            if (!ValidKey(key))
            {
                error = "invalid attribute name";
                return false;
            }
            switch (kind)
            {
                case '=':
                    check = attribute => attribute(key) == operand;
                    return true;
                case '!':
                    check = attribute => attribute(key) != operand;
                    return true;
                default:
                    Regex regex;
                    try
                    {
                        regex = new Regex($"^(?:{operand})$", RegexOptions.CultureInvariant, RegexBudget);
                    }
                    catch (ArgumentException e)
                    {
                        error = $"invalid regular expression: {e.Message}";
                        return false;
                    }
                    var negate = kind == 'n';
                    check = attribute => attribute(key) is { } value ? SafeMatch(regex, value) != negate : negate;
                    return true;
            }
        }
        if (text.StartsWith('!') && ValidKey(text[1..].Trim()))
        {
            var key = text[1..].Trim();
            check = attribute => attribute(key) is null;
            return true;
        }
        if (ValidKey(text))
        {
            check = attribute => attribute(text) is not null;
            return true;
        }
        error = "expected k=v, k!=v, k=~re, k!~re, k in (…), k notin (…), k or !k";
        return false;
    }

    // Longest operators first: "!=" before "=", "=~" before "=".
    private static readonly (string Op, char Kind)[] Operators = [("!~", 'n'), ("=~", 'r'), ("!=", '!'), ("==", '='), ("=", '=')];

    private static bool SafeMatch(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool ValidKey(string key) => key.Length > 0 && KeyPattern().IsMatch(key);

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9_.\-/]+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetRequirement();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-/]+$")]
    private static partial Regex KeyPattern();
}
