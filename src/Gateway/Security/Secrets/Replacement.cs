using System.Text;

namespace Fleet.Gateway.Security.Secrets;

/// <summary>A span of the original text to replace: [Start, End) becomes Text.</summary>
internal readonly record struct Replacement(int Start, int End, string Text)
{
    public static string Apply(string original, List<Replacement> replacements)
    {
        if (replacements.Count == 0)
        {
            return original;
        }
        replacements.Sort((a, b) => a.Start.CompareTo(b.Start));
        var result = new StringBuilder(original.Length);
        var position = 0;
        foreach (var r in replacements)
        {
            if (r.Start < position)
            {
                continue; // overlapping: the earlier replacement already covers it
            }
            result.Append(original, position, r.Start - position).Append(r.Text);
            position = r.End;
        }
        return result.Append(original, position, original.Length - position).ToString();
    }
}
